"""Read a YAML file keeping the source line of every mapping, key and list item.

Every scalar stays a string (task id `1.10` is not the float 1.1, `2024-02-30` is not parsed
as a date here), except true/false and null; dates are validated later with a clear message.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import OverridesError
from ..yamlio import SafeLoader, YamlLimitError, explain, safe_load

# Overrides are a few KB of hand-written text; a vocabulary of 3 MB is not one.
MAX_OVERRIDES_BYTES = 1024 * 1024

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


class _Loader(SafeLoader):
    """SafeLoader (libyaml's when present) without number/date resolution, building LineMap and
    LineList; an explicit `!!timestamp`/`!!int`/`!!float` also stays the text as typed, so a date
    that does not exist is refused later with its line, like any other."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _KEEP_AS_STRING]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag in _KEEP_AS_STRING:
    _Loader.add_constructor(_tag, lambda loader, node: loader.construct_scalar(node))


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
    from ..fsutil import read_utf8

    path = Path(path)
    text = read_utf8(path, max_bytes=MAX_OVERRIDES_BYTES, what="覆盖文件", error=OverridesError)
    try:
        data = safe_load(text, _Loader)
    except _Duplicate as exc:
        raise OverridesError(f"字段“{exc.key}”重复出现。", path=path, line=exc.line) from exc
    except YamlLimitError as exc:
        raise OverridesError(exc.message, path=path, line=exc.line) from exc
    except yaml.YAMLError as exc:
        message, line = explain(exc, text)
        raise OverridesError(message, path=path, line=line) from exc
    if data is None:
        raise OverridesError("覆盖文件为空。", path=path)
    if not isinstance(data, LineMap):
        raise OverridesError("覆盖文件的顶层应是“字段: 值”形式的映射。", path=path, line=1)
    return data
