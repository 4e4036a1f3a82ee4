"""Tell what an office file really is before opening it: Word or Excel, old format, encrypted."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from ..errors import InputError
from .zipcheck import MAX_UNZIPPED, check_inflated

__all__ = ["MAX_UNZIPPED", "OLE_MAGIC", "check_office", "office_kind"]
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# An encrypted .docx/.xlsx is an OLE container holding these streams (names in UTF-16).
_ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_KINDS = {
    "docx": ("Word 文档", "word/document.xml", ".docx"),
    "xlsx": ("Excel 表格", "xl/workbook.xml", ".xlsx"),
}


def office_kind(names: set[str]) -> str | None:
    """"docx" or "xlsx" by the parts a zip holds, None for anything else."""
    for kind, (_, part, _) in _KINDS.items():
        if part in names:
            return kind
    return None


def is_encrypted(path: str | Path) -> bool:
    """True for a password-protected .docx/.xlsx (an OLE container holding the encrypted zip)."""
    data = Path(path).read_bytes()
    return data[:8] == OLE_MAGIC and any(mark in data for mark in _ENCRYPTED_MARKS)


def check_office(path: str | Path, kind: str) -> set[str]:
    """Refuse with a Chinese sentence anything that is not a readable `kind` ("docx"/"xlsx").

    Empty files, old binary .doc/.xls, password-protected files, broken zips, zip bombs and a
    Word file renamed .xlsx (or the reverse) each get their own message. Returns the zip's
    part names.
    """
    path = Path(path)
    from ..fsutil import read_error

    try:
        stat = path.stat()
    except OSError as exc:
        raise read_error(exc, path) from exc
    try:
        return set(_check_office(str(path), kind, stat.st_size, stat.st_mtime_ns))
    except OSError as exc:
        raise read_error(exc, path) from exc


@functools.lru_cache(maxsize=32)
def _check_office(name: str, kind: str, size: int, mtime: int) -> frozenset[str]:
    """check_office for one version of a file (the readers call it more than once per run)."""
    path = Path(name)
    what, part, suffix = _KINDS[kind]
    if size == 0:
        raise InputError("文件是空的。", path=path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        if is_encrypted(path):
            raise InputError(
                f"文件设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存为 {suffix} 再试。",
                path=path,
            )
        old = "doc" if kind == "docx" else "xls"
        raise InputError(
            f"这是旧版二进制格式（.{old}/.et/.wps），请在 Word/Excel 或 WPS 中另存为 {suffix} 后再试。",
            path=path,
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"文件已损坏或不是 {what}（{suffix}），无法打开。", path=path) from exc
    check_inflated(path, infos)
    names = frozenset(info.filename for info in infos)
    found = office_kind(names)
    if found is None:
        raise InputError(f"这不是 {what}（{suffix}）：压缩包里没有 {part}。", path=path)
    if found != kind:
        other = _KINDS[found]
        raise InputError(
            f"这是改了扩展名的 {other[0]}（{other[2]}），不是 {what}；请改回 {other[2]} 或换用正确的文件。",
            path=path,
        )
    return names
