"""Malformed overrides files fail with a Chinese sentence naming the file and the right line."""

from __future__ import annotations

import pytest

from cascade.derive.yamlines import load_with_lines
from cascade.errors import OverridesError

HEAD = 'parent: "parent.txt"\nmetadata:\n'


@pytest.mark.parametrize("body, line, words", [
    ('\tregion: "某某区"\n\tlevel: county\n', 3, "制表符"),
    ('  region: "某某区"\n  level: county\ntasks:\n  "1.1":\n\t  drop: true\n', 7, "制表符"),
    ('  region: "某某区"\n   level: county\n', 4, "缩进"),
    ('  region: 某某区\n    level: county\n', 4, "多缩进"),
    ('  region: "某某区\n  level: county\n', 3, "双引号没有配对"),
    ('  region: 某某区\n  issuer: 办公室: 综合科\n', 4, "引号括起"),
    ('  region: 某某区\ntasks:\n  "1.1":\n    units: [甲, 乙\n  "1.2": {drop: true}\n', 6, "[甲, 乙]"),
])
def test_yaml_mistakes_are_explained_in_chinese_with_their_line(tmp_path, body, line, words):
    path = tmp_path / "x.overrides.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(OverridesError) as err:
        load_with_lines(path)
    message = str(err.value)
    assert err.value.line == line, message
    assert words in message and "x.overrides.yaml" in message
    assert not any(english in message for english in ("expected", "found", "token", "scalar"))
