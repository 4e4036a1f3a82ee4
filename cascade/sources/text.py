"""Plain-text reader: detect the encoding (BOM, UTF-8, UTF-16, GB18030…) and refuse binaries."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from . import SourceText

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CJK_FAMILIES = ("gb18030", "gbk", "gb2312", "big5", "hz", "utf_8", "utf_16")


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII characters (digits, line breaks) put their NUL byte on one side.

    Chinese text has few ASCII characters, so the share of NULs is small; what tells UTF-16 is
    that nearly all of them sit at odd offsets (little-endian) or at even ones (big-endian).
    """
    sample = data[:20000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > max(2, 4 * even):
        return "utf-16-le"
    if even > max(2, 4 * odd):
        return "utf-16-be"
    return None


def _plausible_text(text: str) -> bool:
    """True when nearly every character is one office text uses (not bytes read as UTF-16)."""
    if not text:
        return False
    usual = sum(
        1
        for ch in text
        if ch in "\t\r\n\f"
        or " " <= ch <= "~"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2000" <= ch <= "\u27bf"
        or "\u00a0" <= ch <= "\u024f"
    )
    return usual >= 0.95 * len(text)


# A UTF-8 text with a few bad bytes (a flipped bit, a cut copy) is read with a warning per line
# when the rest is clean: at most this many bad spots, and at most one per 2,000 bytes.
MAX_BAD_SPOTS = 8
_BAD_RUN = re.compile("\ufffd+")


def _nearly_utf8(data: bytes) -> tuple[str, list[int]] | None:
    """The text and the lines of its bad bytes, when only a few bytes spoil otherwise clean UTF-8."""
    text = data.decode("utf-8", errors="replace")
    spots = [m.start() for m in _BAD_RUN.finditer(text)]
    already = data.decode("utf-8", errors="ignore").count("\ufffd")
    if not spots or len(spots) - already > min(MAX_BAD_SPOTS, max(1, len(data) // 2000)):
        return None
    if not _mostly_cjk_text(_BAD_RUN.sub("", text)):
        return None
    lines = sorted({text.count("\n", 0, at) + 1 for at in spots})
    return text, lines


def first_bad_utf8_line(data: bytes) -> int:
    """The line of the first byte that is not UTF-8 (1-based)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    return 0


def decode_bytes(data: bytes, path: str | Path = "", warnings: list | None = None) -> tuple[str, str]:
    """Return (text, encoding name); raise InputError for binaries and unknown encodings.

    A nearly clean UTF-8 text is read with its bad bytes shown as �, and each line holding one
    is added to `warnings` as (line, message).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"文件以 {enc} 标记开头，但内容无法按该编码读取。", path=path) from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if _plausible_text(text):
            return text, utf16
    if b"\x00" in data:
        raise InputError("这是二进制文件，不是文本、Word 或 Excel 文档。", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        text, lines = nearly
        for line in lines:
            if warnings is not None:
                warnings.append((line, "这一行有无法按 UTF-8 读取的字节（文件可能在传输中损坏），已显示为 �，请核对原文。"))
        return text, "utf-8"
    # GB18030 is a superset of GBK/GB2312 and the usual encoding of Chinese office text.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_cjk_text(text):
        return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding.replace("-", "_").lower().startswith(_CJK_FAMILIES):
        return str(best), best.encoding
    line = first_bad_utf8_line(data)
    raise InputError("无法识别文件的文字编码（支持 UTF-8、UTF-16、GB18030/GBK）：从这一行起有既非 UTF-8 也非 GB18030 的字节。",
                     path=path, line=line or None)


def _mostly_cjk_text(text: str) -> bool:
    """True when decoded text reads like Chinese prose rather than mojibake of another code."""
    if not text:
        return False
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f")
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    rare = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf")
    return cjk > 0 and bad == 0 and rare * 20 < cjk


def _check_printable(text: str, path: str | Path) -> None:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if controls > max(8, len(text) // 200):
        raise InputError("这是二进制文件，不是文本、Word 或 Excel 文档。", path=path)


def read_text(path: str | Path) -> SourceText:
    """Read a .txt (or any text) file into lines."""
    from ..fsutil import read_bytes

    path = Path(path)
    data = read_bytes(path)
    warnings: list[tuple[int, str]] = []
    text, encoding = decode_bytes(data, path, warnings)
    _check_printable(text, path)
    if not text.strip():
        raise InputError("文件没有任何文字内容。", path=path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return SourceText(path=str(path), lines=lines, kind="txt", encoding=encoding,
                      meta={"warnings": warnings} if warnings else {})
