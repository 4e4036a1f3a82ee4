"""Read a YAML file keeping the source line of every mapping, key and list item.

Every scalar stays a string (task id `1.10` is not the float 1.1, `2024-02-30` is not parsed
as a date here), except true/false and null; dates are validated later with a clear message.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import OverridesError

_KEEP_AS_STRING = {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"}


class LineMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that remembers its own line and the line of each item (1-based)."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        """The line of item `index`."""
        return self.lines[index] if index < len(self.lines) else self.line


class _Duplicate(Exception):
    """A key repeated in one mapping."""

    def __init__(self, key: str, line: int):
        super().__init__(key)
        self.key, self.line = key, line


# PyYAML's problem texts → what to do about them, in Chinese (first match wins).
YAML_PROBLEMS: list[tuple[str, str]] = [
    ("'\\t'", "这一行用了制表符（Tab）缩进，YAML 只能用空格缩进：请把 Tab 换成空格"),
    ("expected <block end>", "缩进不一致：同一层的字段要左端对齐，下一层比上一层多缩进两个空格"),
    ("mapping values are not allowed", "这一行的冒号无法识别：可能这一行比上一个字段多缩进了（同一层的字段要"
     "左端对齐），或文字里有冒号（请用引号括起整段文字）"),
    ("could not find expected ':'", "缺少冒号：字段名后应写“: ”再写值；续行的文字请用引号括起"),
    ("quoted scalar", "引号没有配对：请检查从这一行开始的引号"),
    ("expected ',' or ']'", "方括号列表没有写完整：应写成 [甲, 乙]"),
    ("expected ',' or '}'", "花括号映射没有写完整：应写成 {字段: 值, 字段: 值}"),
    ("block sequence entries are not allowed", "列表项“- ”的位置有误：列表项要比所属字段多缩进，或另起一行"),
    ("found undefined alias", "“*”开头的文字会被当作 YAML 引用：请用引号括起"),
    ("cannot start any token", "这一行有 YAML 不允许出现在开头的字符（如 @、`、%）：请用引号括起整段文字"),
]


def _explain(exc: Exception, text: str) -> tuple[str, int | None]:
    """A Chinese sentence for a YAML syntax error and the line it is on."""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None)
    if ("quoted scalar" in context or "flow" in context) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # where the open quote or bracket is, not where it ran out
    line = mark.line + 1 if mark is not None else None
    tabbed = next((i for i, row in enumerate(text.splitlines(), 1)
                   if row[: len(row) - len(row.lstrip())].count("\t")), None)
    if tabbed is not None and (line is None or tabbed <= line):
        return f"YAML 格式有误：{YAML_PROBLEMS[0][1]}。", tabbed
    unpaired = next((i for i, row in enumerate(text.splitlines(), 1)
                     if row.split(" #")[0].count('"') % 2), None)
    if unpaired is not None and (line is None or unpaired <= line):
        return "YAML 格式有误：这一行的双引号没有配对：请补上缺少的引号。", unpaired
    for needle, advice in YAML_PROBLEMS:
        if needle in problem or needle in context:
            return f"YAML 格式有误：{advice}。", line
    return f"YAML 格式有误，无法读取（{problem}）。", line


class _Loader(yaml.SafeLoader):
    """SafeLoader without number/date resolution, building LineMap and LineList."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _KEEP_AS_STRING]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in result:
            raise _Duplicate(key, line)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_with_lines(path: str | Path) -> LineMap:
    """Load a YAML mapping from `path`; syntax errors become OverridesError with the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise OverridesError("覆盖文件不存在。", path=path) from exc
    except UnicodeDecodeError as exc:
        raise OverridesError("覆盖文件不是 UTF-8 编码的文本。", path=path) from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _Duplicate as exc:
        raise OverridesError(f"字段“{exc.key}”重复出现。", path=path, line=exc.line) from exc
    except yaml.YAMLError as exc:
        message, line = _explain(exc, text)
        raise OverridesError(message, path=path, line=line) from exc
    if data is None:
        raise OverridesError("覆盖文件为空。", path=path)
    if not isinstance(data, LineMap):
        raise OverridesError("覆盖文件的顶层应是“字段: 值”形式的映射。", path=path, line=1)
    return data
