"""YAML with bounds: libyaml's C loader and dumper when present, aliases and nesting limited.

Plan and overrides files travel between offices, so a few hundred bytes must not expand into
gigabytes: `&a [*b, *b]` chains are refused, aliases are capped, and deep nesting is one
sentence instead of a RecursionError.
"""

from __future__ import annotations

import yaml

try:  # libyaml: ~9× faster loads, the same output
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper, SafeLoader

MAX_ALIASES = 50  # `*name` uses in one file; the tool itself never writes any
MAX_DEPTH = 100  # nested mappings/lists; a plan file needs about 12


class YamlLimitError(ValueError):
    """A YAML document past a bound; `message` is one Chinese sentence, `line` 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


def _line(event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else mark.line + 1


def check_bounds(text: str, loader: type = SafeLoader) -> None:
    """Refuse nested aliases, too many aliases and too deep nesting, walking parse events only.

    Events are produced without building anything, so this stays linear in the text. Texts
    with no `*` and few brackets cannot break a bound and are not walked at all.
    """
    if "*" not in text and text.count("[") + text.count("{") <= MAX_DEPTH:
        indents = {len(row) - len(row.lstrip(" -")) for row in text.splitlines()}
        if len(indents) <= MAX_DEPTH:
            return
    try:
        _walk_events(yaml.parse(text, Loader=loader))
    except yaml.YAMLError as exc:  # libyaml's own depth limit (1,000 levels)
        if "maximum nesting depth" not in str(exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        raise YamlLimitError(f"YAML 嵌套层数过深（超过 {MAX_DEPTH} 层），已拒绝读取。",
                             mark.line + 1 if mark else None) from exc


def _walk_events(events) -> None:
    """Count depth and aliases over parse events; refuse past a bound."""
    depth = 0
    open_anchors: list[str | None] = []
    holds_alias: set[str] = set()
    aliases = 0
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlLimitError(f"YAML 嵌套层数过深（超过 {MAX_DEPTH} 层），已拒绝读取。", _line(event))
            open_anchors.append(event.anchor)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlLimitError(
                    f"YAML 引用（*别名）过多（超过 {MAX_ALIASES} 处），已拒绝读取；请把引用处写成完整内容。",
                    _line(event))
            if event.anchor in holds_alias:
                raise YamlLimitError(
                    "YAML 中有层层嵌套的引用（&锚点里又用了 *别名），展开后会成倍膨胀，已拒绝读取。", _line(event))
            holds_alias.update(a for a in open_anchors if a)


class PlanLoader(SafeLoader):
    """The safe loader whose dates and numbers that do not exist say where, in Chinese."""


def _checked(constructor, what: str):
    def construct(loader, node):
        try:
            return constructor(loader, node)
        except (ValueError, TypeError, OverflowError) as exc:
            line = node.start_mark.line + 1 if node.start_mark else None
            raise YamlLimitError(f"“{node.value}”不是有效的{what}。", line) from exc

    return construct


for _tag, _what in (("timestamp", "日期"), ("int", "整数"), ("float", "数字"), ("binary", "二进制数据")):
    _tag = f"tag:yaml.org,2002:{_tag}"
    PlanLoader.add_constructor(_tag, _checked(SafeLoader.yaml_constructors[_tag], _what))


def safe_load(text: str, loader: type = PlanLoader):
    """`yaml.load` with `loader` after check_bounds; RecursionError becomes YamlLimitError."""
    check_bounds(text, loader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader (or a subclass)
    except RecursionError as exc:
        raise YamlLimitError(f"YAML 嵌套层数过深（超过 {MAX_DEPTH} 层），已拒绝读取。") from exc


class TreeDumper(SafeDumper):
    """A plan is a tree: equal values (dates shared by tasks) are written out, never as anchors."""

    def ignore_aliases(self, data) -> bool:
        return True


def safe_dump(data, **options) -> str:
    """`yaml.safe_dump` through libyaml when present (byte-identical output, faster), no aliases."""
    return yaml.dump(data, Dumper=TreeDumper, **options)


# PyYAML's problem texts → what to do about them, in Chinese (first match wins).
YAML_PROBLEMS: list[tuple[str, str]] = [
    ("'\\t'", "这一行用了制表符（Tab）缩进，YAML 只能用空格缩进：请把 Tab 换成空格"),
    ("did not find expected key", "缩进不一致：同一层的字段要左端对齐，下一层比上一层多缩进两个空格"),
    ("did not find expected '-' indicator", "缩进不一致：同一列表的“- ”要左端对齐"),
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
    ("could not determine a constructor", "这一行用了本工具不认识的类型标记（以 ! 开头）：请去掉该标记"),
    ("maximum nesting depth", f"嵌套层数过深（超过 {MAX_DEPTH} 层）：请检查是否多写了括号"),
    ("control characters are not allowed", "文件中有不可见的控制字符：请删去后再试"),
    ("unacceptable character", "文件中有不可见的控制字符：请删去后再试"),
]


def explain(exc: Exception, text: str) -> tuple[str, int | None]:
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
