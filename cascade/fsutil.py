"""Atomic writes: a temp file in the target folder, then one rename, so no half-written file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temp path beside `path`; on success it replaces `path`, on error it is removed."""
    path = Path(path)
    _refuse_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(exc, path) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
        except OSError as exc:  # disk full while writing the temp file: name the file asked for
            if exc.filename not in (None, str(tmp_path)) or isinstance(exc, FileNotFoundError):
                raise
            raise _write_error(exc, path) from exc
        os.chmod(tmp_path, _new_file_mode(path))
        try:
            os.replace(tmp_path, path)
        except OSError as exc:
            raise _write_error(exc, path) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


_WRITE_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EISDIR: "同名的文件夹已存在",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超过了磁盘允许的大小",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "路径中的符号链接（快捷方式）相互指向，形成了循环",
    errno.EIO: "磁盘读写出错",
}
_READ_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ELOOP: "路径中的符号链接（快捷方式）相互指向，形成了循环",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "磁盘读写出错",
    errno.ENOTDIR: "路径中有一段不是文件夹",
}


def read_error(exc: OSError, path: str | Path):
    """An InputError in Chinese for a file that cannot be read, naming it and the reason."""
    from .errors import InputError

    if exc.errno == errno.ENOENT:
        return InputError("文件不存在。", path=path)
    reason = _READ_REASONS.get(exc.errno, exc.strerror or type(exc).__name__)
    return InputError(f"无法读取文件（{reason}）。", path=path)


def read_bytes(path: str | Path) -> bytes:
    """`Path.read_bytes` with OS errors (permission, symlink loop, folder) said in Chinese."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise read_error(exc, path) from exc


def _size_text(n: int) -> str:
    return f"{n // 1024 // 1024} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def read_utf8(path: str | Path, *, max_bytes: int, what: str, error=None) -> str:
    """The UTF-8 text of a small hand-edited file (`what` names it: 方案文件, 覆盖文件), refusing
    one past `max_bytes` or with a byte that is not UTF-8 (naming its line), as `error`."""
    from .errors import InputError

    error = error or InputError
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise error(f"{what}不存在。", path=path) from exc
    except OSError as exc:
        raise error(read_error(exc, path).message, path=path) from exc
    if size > max_bytes:
        raise error(f"{what}过大（{_size_text(size)}，上限 {_size_text(max_bytes)}），已拒绝读取。", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(read_error(exc, path).message, path=path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{what}不是 UTF-8 编码的文本：这一行有无法识别的字节。", path=path, line=line) from exc


def _refuse_read_only(path: Path) -> None:
    """Refuse to replace a file whose mode bits say read-only: root passes `os.access`, and a
    rename would replace it anyway, so the bits are the user's only word on it."""
    from .errors import InputError

    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if path.is_file() and not mode & 0o222:
        raise InputError("文件是只读的（没有任何写权限），未覆盖；请先取消只读属性或换一个文件名。", path=path)


def _write_error(exc: OSError, path: Path):
    """An InputError in Chinese for a file that cannot be written (nothing was written)."""
    from .errors import InputError

    reason = _WRITE_REASONS.get(exc.errno, exc.strerror or str(exc))
    return InputError(f"无法写入（{reason}），未写出任何文件；请换一个可写的文件夹。", path=path)


def _new_file_mode(path: Path) -> int:
    """The mode of the file being replaced, else what a plain new file gets (0666 less umask);
    mkstemp's 0600 would hide a shared ledger from colleagues."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write bytes to `path` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))
