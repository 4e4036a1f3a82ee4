"""The workspace folder the web app and the CLI share: plain files, names looked up, never joined.

    方案工作区/
      方案/   source documents, *.plan.yaml, *.overrides.yaml, tree.yaml (`cascade audit 方案`)
      台账/   task ledgers and the backups `ledger update` leaves beside them
      输出/   rendered .docx/.xlsx, diff reports, audit matrices
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from ..errors import InputError

AREAS = {"plans": "方案", "ledgers": "台账", "out": "输出"}
UPLOAD_SUFFIXES = (".docx", ".txt", ".pdf", ".xlsx")
PLAN_SOURCE_SUFFIXES = (".docx", ".txt", ".pdf", ".xlsx", ".plan.yaml")
TREE_FILE = "tree.yaml"
TREE_HEADER = "# 上下级关系：cascade audit 用它找到每份方案的上级方案（由 cascade serve 写出）。\n"
# A stem typed in a form (a plan's file name): CJK, letters, digits, - and _ only.
STEM = re.compile(r"^[\w\u3400-\u9fff（）()-]{1,80}$")
BAD_NAME_CHARS = re.compile(r"[\x00-\x1f<>:\"|?*]")


def clean_upload_name(name: str, suffixes=UPLOAD_SUFFIXES) -> str:
    """The file name a browser sent, checked: no folder part, no dot start, a known suffix."""
    name = (name or "").strip()
    if not name:
        raise InputError("没有选择文件。")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name:
        raise InputError(f"文件名“{name}”含有路径，请只上传文件本身。")
    if name.startswith((".", "~$")) or BAD_NAME_CHARS.search(name) or len(name) > 120:
        raise InputError(f"文件名“{name}”不能用作文件名，请改名后再上传。")
    if not name.lower().endswith(suffixes):
        raise InputError(f"文件“{name}”的类型不对，只能上传 {'、'.join(suffixes)} 文件。")
    return name


def clean_stem(stem: str) -> str:
    """A plan name typed in a form, refused unless it is a plain file name stem."""
    stem = (stem or "").strip()
    if not STEM.match(stem):
        raise InputError(f"名称“{stem}”只能由汉字、字母、数字、- 和 _ 组成（不超过 80 个字）。")
    return stem


class Workspace:
    """The three folders, a lock for writes, and parsed plans cached by file size and time."""

    def __init__(self, root: str | Path):
        """Create the folders if needed."""
        self.root = Path(root).resolve()
        for area in AREAS.values():
            (self.root / area).mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self._plans: dict[str, tuple[tuple[int, int], object]] = {}

    def folder(self, area: str) -> Path:
        """The folder of an area key (plans, ledgers, out)."""
        return self.root / AREAS[area]

    def names(self, area: str, suffixes: tuple[str, ...] = ()) -> list[str]:
        """The visible files of an area, sorted; only those ending in `suffixes` when given."""
        folder = self.folder(area)
        found = [p.name for p in folder.iterdir() if p.is_file()
                 and not p.name.startswith((".", "~$"))
                 and (not suffixes or p.name.lower().endswith(suffixes))]
        return sorted(found)

    def find(self, area: str, name: str) -> Path:
        """The file `name` of an area, looked up among the files there (never joined as a path)."""
        if name in self.names(area):
            return self.folder(area) / name
        raise InputError(f"工作区的“{AREAS.get(area, area)}”中没有文件“{name}”。")

    def plan_names(self) -> list[str]:
        """Plan documents and saved plans in 方案/ (not overrides, not tree.yaml)."""
        return [n for n in self.names("plans", PLAN_SOURCE_SUFFIXES)]

    def plan(self, name: str):
        """The parsed plan of 方案/`name`, parsed again only when the file changed."""
        from .. import api

        path = self.find("plans", name)
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self._plans.get(name)
        if cached and cached[0] == key:
            return cached[1]
        plan = api.load_plan(path)
        self._plans[name] = (key, plan)
        return plan

    # -- tree.yaml ---------------------------------------------------------------------------
    def parents(self) -> dict[str, str | None]:
        """tree.yaml as {plan file: parent file or None}; {} when there is none yet."""
        from ..audit.tree import read_tree

        path = self.folder("plans") / TREE_FILE
        if not path.exists():
            return {}
        return {e.name: e.parent for e in read_tree(path)}

    def set_parent(self, child: str, parent: str | None) -> None:
        """Write tree.yaml with `child`'s parent set (None: a root), other entries kept."""
        from ..fsutil import atomic_write_text

        self.find("plans", child)
        if parent is not None:
            self.find("plans", parent)
            if parent == child:
                raise InputError(f"方案“{child}”不能是自己的上级方案。")
        with self.lock:
            links = self.parents()
            links[child] = parent
            lines = [TREE_HEADER, "plans:\n"]
            for name in sorted(links):
                up = "null" if links[name] is None else json.dumps(links[name], ensure_ascii=False)
                lines.append(f"  {json.dumps(name, ensure_ascii=False)}: {{parent: {up}}}\n")
            atomic_write_text(self.folder("plans") / TREE_FILE, "".join(lines))

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the workspace and its bytes (tests compare two of these)."""
        return {p.relative_to(self.root).as_posix(): p.read_bytes()
                for p in sorted(self.root.rglob("*")) if p.is_file()}
