"""Traditional-character copies: website 繁体 versions of a mainland plan, read back as simplified.

Government sites offer a 繁体 button whose output is copied as often as the original; some
converters also print the pinyin of a character after it (`關(guān)于`). The plan was written in
simplified characters, so the parser reads the simplified text the conversion came from.
"""

from __future__ import annotations

import re

# Share of Chinese characters a simplified conversion must change before a text counts as
# traditional: a simplified plan quoting one traditional name stays as written.
TRADITIONAL_SHARE = 0.03
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# `關(guān)` / `關（guān）`: the pinyin (with a tone mark) a converter printed after a character.
_RUBY = re.compile(rf"(?<=[\u4e00-\u9fff])[（(][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[）)]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def strip_ruby(line: str) -> str:
    """Drop pinyin annotations printed after characters (`發(fā)` → `發`)."""
    return _RUBY.sub("", line)


def _converter():
    """The OpenCC traditional → simplified converter, or None when OpenCC is not installed."""
    try:
        import opencc
    except ImportError:  # a declared dependency; without it 繁体 text is read as it is
        return None
    return opencc.OpenCC("t2s")


def traditional_share(text: str) -> float:
    """The share of Chinese characters in `text` that a simplified conversion changes."""
    chars = _CJK.findall(text)
    converter = _converter()
    if not chars or converter is None:
        return 0.0
    converted = converter.convert("".join(chars))
    changed = sum(1 for a, b in zip(chars, converted, strict=False) if a != b)
    return changed / len(chars)


def to_simplified(lines: list[str]) -> list[str] | None:
    """The lines in simplified characters when the text is a traditional copy, else None."""
    if traditional_share("".join(lines)) < TRADITIONAL_SHARE:
        return None
    convert = _converter().convert
    return [convert(line) for line in lines]
