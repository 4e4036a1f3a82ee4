"""Readers: turn a source document (.txt, .docx, .xlsx, .pdf, .doc/.wps) into numbered text lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .office import OLE_MAGIC

MAX_BYTES = 20 * 1024 * 1024
# Text a plan holds (a long provincial plan with its task table: ~10万字); parsing costs a few
# seconds per 10万字, so past this a file would take longer than anyone waits.
MAX_TEXT_CHARS = 400_000


@dataclass
class SourceText:
    """A document as lines (1-based `line` numbers refer to `lines[line - 1]`).

    Table rows are one line each with cells joined by tabs, as text extraction writes them.
    """

    path: str
    lines: list[str]
    kind: str = "txt"
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)


def read_source(path: str | Path) -> SourceText:
    """Read any supported source, choosing the reader by content, not by name alone."""
    import stat

    from ..fsutil import read_error

    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("这是一个文件夹，不是文件。", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("这不是普通文件（是设备、管道或套接字），无法读取。", path=path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise read_error(exc, path) from exc
    size = info.st_size
    if size == 0:
        raise InputError("文件是空的。", path=path)
    if size > MAX_BYTES:
        raise InputError(f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限。", path=path)
    if head.lstrip()[:5] == b"%PDF-":
        from .pdf import read_pdf

        source = read_pdf(path)
    elif head.startswith(b"PK\x03\x04") or head[:8] == OLE_MAGIC:
        source = _read_office(path, head[:8])
    else:
        from .text import read_text

        source = read_text(path)
    chars = sum(len(line) for line in source.lines)
    if chars > MAX_TEXT_CHARS:
        raise InputError(f"文件的文字过多（约 {chars // 10000} 万字，上限 {MAX_TEXT_CHARS // 10000} 万字），"
                         "不像一份实施方案，已拒绝解析；请只留下方案正文及其附件。", path=path)
    return source


def _read_office(path: Path, head: bytes) -> SourceText:
    """A Word or Excel file, read by what its zip holds (a renamed file still reads)."""
    import zipfile

    from .office import check_office, office_kind

    kind = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et") else "docx"
    if head == OLE_MAGIC and kind == "docx":
        from .office import is_encrypted

        if not is_encrypted(path):  # .doc/.wps: through LibreOffice, or refused with a sentence
            from .legacy import read_legacy

            return read_legacy(path)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                kind = office_kind(set(zf.namelist())) or kind
        except zipfile.BadZipFile:
            pass  # check_office says so in Chinese
    check_office(path, kind)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(path)
    from .docx import read_docx

    return read_docx(path)
