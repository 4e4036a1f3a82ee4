"""What pages share about forms: the library's sentence as shown, and size-limited uploads."""

from __future__ import annotations

from pathlib import Path

from ..errors import CascadeError, InputError


def say(exc: CascadeError, shown: str | None = None) -> str:
    """The library's sentence for a page: the file named as the user knows it (not a temp path)."""
    if shown is None:
        return exc.message
    where = shown + (f" 第{exc.line}行" if exc.line else "")
    return f"{where}：{exc.message}"


def read_upload_limit() -> int:
    """The readers' own file size limit (20 MB), used for uploads too."""
    from ..sources import MAX_BYTES

    return MAX_BYTES


async def save_upload(upload, folder: Path, name: str) -> Path:
    """Copy an uploaded file to `folder/name` (a temp folder), refusing it past the size limit."""
    limit = read_upload_limit()
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"文件“{name}”超过 {limit // 1024 // 1024} MB 的上限。")
    path = folder / name
    path.write_bytes(data)
    return path
