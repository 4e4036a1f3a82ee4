"""The plan tree of a folder: which files are plans, and which plan is each one's parent.

A parent comes from `tree.yaml` in the folder when it names the plan, else from the plan's own
`parent` field (an id or a path). `tree.yaml` maps file names (relative to the folder) to their
parent:

    plans:
      meizhou-2023.txt: {parent: guangdong-2023.txt}
      kaiping-2024.txt: guangdong-2023.txt      # short form
      suizhou-2024.txt: {parent: null}          # a root: compared with nothing above it
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..parse.load import is_plan_name

TREE_FILE = "tree.yaml"


@dataclass
class TreeEntry:
    """One line of `tree.yaml`: a plan's file name, its parent's (None for a root), the line."""

    name: str
    parent: str | None
    line: int
    parent_line: int


@dataclass
class ParentLinks:
    """Resolved child → parent keys, with where each link was stated (for error messages)."""

    parent: dict[str, str | None] = field(default_factory=dict)
    origin: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def discover(directory: Path) -> list[str]:
    """Every plan file and source document under `directory`, as sorted POSIX relative paths."""
    found = []
    for path in directory.rglob("*"):
        rel = path.relative_to(directory)
        if any(part.startswith((".", "~$")) for part in rel.parts) or not path.is_file():
            continue
        if is_plan_name(path):
            found.append(rel.as_posix())
    return sorted(found)


def read_tree(path: Path) -> list[TreeEntry]:
    """Read `tree.yaml`, refusing anything but `plans: {name: {parent: name|null}}`."""
    import yaml

    try:
        # libyaml's parser where PyYAML has it (its wheels do): same nodes and line marks.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    except UnicodeDecodeError as exc:
        raise InputError("不是 UTF-8 编码的文本文件。", path=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", exc)
        raise InputError(f"YAML 格式有误（{problem}）。", path=path, line=line) from exc
    if root is None:
        return []
    plans = _mapping_items(root, path, "文件顶层")
    entries: list[TreeEntry] = []
    for key, value in plans:
        if key.value != "plans":
            raise InputError(
                f"不认识的键“{key.value}”，顶层只能有 plans。", path=path, line=_line(key)
            )
        entries.extend(_read_entries(value, path))
    return entries


def _read_entries(node, path: Path) -> list[TreeEntry]:
    """The entries under `plans:`, each child named once."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return []
    entries = []
    seen: dict[str, int] = {}
    for key, value in _mapping_items(node, path, "plans"):
        name = _scalar(key, path, "方案文件名")
        if name in seen:
            raise InputError(
                f"方案“{name}”重复出现（第{seen[name]}行已有）。", path=path, line=_line(key)
            )
        seen[name] = _line(key)
        parent_node = value
        if isinstance(value, yaml.MappingNode):
            parent_node = None
            for k, v in _mapping_items(value, path, name):
                if k.value != "parent":
                    raise InputError(
                        f"方案“{name}”下不认识的键“{k.value}”，只能写 parent。",
                        path=path, line=_line(k),
                    )
                parent_node = v
            if parent_node is None:
                raise InputError(
                    f"方案“{name}”缺少 parent（根方案请写 parent: null）。",
                    path=path, line=_line(key),
                )
        parent = None
        if not (isinstance(parent_node, yaml.ScalarNode) and parent_node.tag.endswith(":null")):
            parent = _scalar(parent_node, path, "上级方案文件名")
        entries.append(TreeEntry(name, parent, _line(key), _line(parent_node)))
    return entries


def _mapping_items(node, path: Path, what: str):
    """The (key, value) nodes of a YAML mapping, or an error naming `what`."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{what}应当是“键: 值”的映射。", path=path, line=_line(node))
    return node.value


def _scalar(node, path: Path, what: str) -> str:
    """The text of a YAML scalar naming a file, or an error naming `what`."""
    import yaml

    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise InputError(f"{what}应当是一个文件名。", path=path, line=_line(node))
    return str(node.value).strip()


def _line(node) -> int:
    """The 1-based line a YAML node starts on."""
    return node.start_mark.line + 1


class _Names:
    """Look a plan up by relative path, bare file name or plan id, as a user would write it."""

    def __init__(self, keys: list[str], ids: dict[str, str]):
        """Index the plans by key, by file name and by plan id."""
        self.keys = set(keys)
        self.by_name: dict[str, list[str]] = {}
        self.by_id: dict[str, list[str]] = {}
        for key in keys:
            self.by_name.setdefault(key.rsplit("/", 1)[-1], []).append(key)
            self.by_id.setdefault(ids[key], []).append(key)

    def find(self, name: str, *, base: str = "") -> list[str]:
        """Keys matching `name`: a path (relative to `base`, then the root), a file name, an id.

        A path from elsewhere (`plans/sources/x.txt` written from the repository root) still
        finds `x.txt` by its file name when only one plan has that name.
        """
        candidates = [Path(base, name).as_posix(), name]
        for cand in candidates:
            norm = _normpath(cand)
            if norm in self.keys:
                return [norm]
        base_name = name.replace("\\", "/").rsplit("/", 1)[-1]
        tries = ((self.by_name, base_name), (self.by_id, name), (self.by_id, base_name))
        return next((table[value] for table, value in tries if table.get(value)), [])

    def suggest(self, name: str) -> str:
        """' 是不是“x”？' for the closest known name, or nothing."""
        known = sorted(self.keys | set(self.by_id))
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        return f"是不是“{close[0]}”？" if close else ""


def _relative_to(directory: Path, value: str) -> str:
    """An absolute path inside `directory` as a relative one; anything else unchanged."""
    path = Path(value)
    if path.is_absolute():
        try:
            return path.resolve().relative_to(directory.resolve()).as_posix()
        except ValueError:
            return value
    return value


def _normpath(path: str) -> str:
    """Fold `.` and `..` out of a POSIX relative path (unchanged if it climbs out)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return path
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def link_parents(
    directory: Path,
    keys: list[str],
    ids: dict[str, str],
    declared: dict[str, str | None],
    entries: list[TreeEntry],
) -> ParentLinks:
    """Resolve every plan's parent key: `tree.yaml` first, then the plan's `parent` field.

    `declared` holds each saved plan's own `parent` value. Unknown names in `tree.yaml` and
    cycles are errors; a `parent` field naming a plan outside the folder is only a warning.
    """
    names = _Names(keys, ids)
    tree_path = directory / TREE_FILE
    links = ParentLinks()
    for entry in entries:
        child = _resolve_tree_name(names, entry.name, entry.line, tree_path, "方案")
        if child in links.origin:
            first = links.origin[child][1]
            raise InputError(f"方案“{entry.name}”与第{first}行指的是同一份方案“{child}”。",
                             path=tree_path, line=entry.line)
        parent = None
        if entry.parent is not None:
            parent = _resolve_tree_name(
                names, entry.parent, entry.parent_line, tree_path, "上级方案"
            )
        links.parent[child] = parent
        links.origin[child] = (str(tree_path), entry.line)
    for key in keys:
        if key in links.parent:
            continue
        value = declared.get(key)
        links.parent[key] = None
        if not value:
            continue
        base = key.rsplit("/", 1)[0] if "/" in key else ""
        found = names.find(_relative_to(directory, value), base=base)
        if len(found) > 1:
            raise InputError(
                f"上级方案“{value}”不唯一（{'、'.join(found)}），请在 {TREE_FILE} 中写明文件名。",
                path=directory / key,
            )
        if not found:
            links.warnings.append(f"{key}：上级方案“{value}”不在目录中，未与上级比对。")
            continue
        links.parent[key] = found[0]
        links.origin[key] = (str(directory / key), None)
    _check_cycles(links)
    return links


def _resolve_tree_name(names: _Names, name: str, line: int, path: Path, what: str) -> str:
    """The one plan a tree.yaml name means, or an error at its line."""
    found = names.find(name)
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(
            f"{what}“{name}”不唯一（{'、'.join(found)}），请写出相对路径。", path=path, line=line
        )
    raise InputError(f"目录中找不到{what}“{name}”。{names.suggest(name)}", path=path, line=line)


def _check_cycles(links: ParentLinks) -> None:
    """Walk up from every plan; a plan met twice on one walk is a cycle."""
    done: set[str] = set()
    for start in sorted(links.parent):
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in done:
            if node in chain:
                _raise_cycle(links, chain[chain.index(node):])
            chain.append(node)
            node = links.parent.get(node)
        done.update(chain)


def _raise_cycle(links: ParentLinks, cycle: list[str]) -> None:
    """Name the cycle from the link stated first (lowest tree.yaml line, else file name)."""
    first = min(range(len(cycle)), key=lambda i: (links.origin[cycle[i]][1] or 1 << 30, cycle[i]))
    cycle = cycle[first:] + cycle[:first]
    path, line = links.origin[cycle[0]]
    raise InputError(f"上级关系成环：{' → '.join(cycle + cycle[:1])}。", path=path, line=line)


def ancestors(links: ParentLinks, key: str) -> list[str]:
    """The chain above `key`: parent, grandparent, … up to a root."""
    chain = []
    node = links.parent.get(key)
    while node is not None:
        chain.append(node)
        node = links.parent.get(node)
    return chain
