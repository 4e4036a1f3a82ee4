"""Checks before writing a rendered file: the right extension, and never over another file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError

_KINDS = {
    "docx": (".docx", "Word 文档", "word/document.xml"),
    "xlsx": (".xlsx", "Excel 表格", "xl/workbook.xml"),
}


def check_output(path: str | Path, kind: str) -> Path:
    """Refuse an output path with the wrong extension, a folder, or an existing file of another
    kind (a source .txt or a plan .yaml given by mistake would be overwritten)."""
    path = Path(path)
    suffix, what, part = _KINDS[kind]
    if path.suffix.lower() != suffix:
        raise InputError(f"输出的 {what}应以 {suffix} 结尾（现为“{path.name}”）。", path=path)
    if path.is_dir():
        raise InputError("输出路径是一个文件夹，请给出文件名。", path=path)
    if path.exists() and path.stat().st_size and not _is_kind(path, part):
        raise InputError(
            f"该文件已存在，但不是 {what}；为免覆盖其他内容，已拒绝写出，请换一个文件名。", path=path
        )
    return path


def _is_kind(path: Path, part: str) -> bool:
    """True when `path` is a zip holding `part` (an existing file we may replace)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return part in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def refuse_same_file(sources, outputs) -> None:
    """Refuse writing over a file being read: the plan (`cascade render a.docx --docx a.docx`)
    or the template."""
    inputs = {Path(p).resolve() for p in sources if p is not None and Path(p).exists()}
    for out in outputs:
        if out is not None and Path(out).exists() and Path(out).resolve() in inputs:
            raise InputError("输出文件与输入的方案或模板是同一个文件，写出会覆盖原文；"
                             "请换一个输出文件名。", path=out)
