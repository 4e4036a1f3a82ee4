"""The ledger file on disk during an update: open in an office program, read-only, locked by
another update, and its backup beside it."""

from __future__ import annotations

import datetime as _dt
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import LedgerError

# Lock files: Excel and WPS (Windows); LibreOffice; WPS for Linux (a hidden `.~` copy name).
LOCK_NAMES = ("~${name}", ".~lock.{name}#", ".~{name}")
# Our own lock around an update, and how long a second update waits for the first.
UPDATE_LOCK = ".{name}.cascade-lock"
LOCK_WAIT_SECONDS = 30.0
LOCK_POLL_SECONDS = 0.05


def refuse_if_open(path: Path) -> None:
    """Raise LedgerError when Excel, WPS or LibreOffice holds the file open (its lock file)."""
    for pattern in LOCK_NAMES:
        lock = path.with_name(pattern.format(name=path.name))
        if lock.exists():
            app = ("LibreOffice" if lock.name.startswith(".~lock.")
                   else "WPS" if lock.name.startswith(".~") else "Excel/WPS")
            raise LedgerError(
                f"台账正在被 {app} 打开（存在锁定文件 {lock.name}），请先保存并关闭后再更新；"
                "若程序已关闭，可删除该锁定文件。",
                path=path,
            )


def refuse_if_read_only(path: Path) -> None:
    """Raise LedgerError for a file nobody may write, judged by its mode bits (root may write
    anything, so `os.access` would say yes)."""
    if not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
            path, os.W_OK):
        raise LedgerError("台账文件是只读的，无法更新；请先取消只读属性，或复制一份再更新。", path=path)


@contextmanager
def update_lock(path: Path, wait: float = LOCK_WAIT_SECONDS):
    """Hold an exclusive lock for updating `path`: a second update waits up to `wait` seconds,
    then refuses. The lock dies with its process (flock), so a killed update leaves none."""
    import fcntl

    lock_path = path.with_name(UPDATE_LOCK.format(name=path.name))
    deadline = time.monotonic() + wait
    from ..fsutil import _write_error

    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise _write_error(exc, path) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise LedgerError(f"另一个更新正在处理这份台账（等待 {wait:.0f} 秒仍未结束），"
                                  "请稍后再试。", path=path) from None
            time.sleep(LOCK_POLL_SECONDS)
            continue
        try:  # the file we locked must still be the lock file (a finished update removes it)
            same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(lock_path)
        finally:
            os.close(fd)


def backup_copy(path: Path, now: _dt.datetime) -> Path:
    """Copy the file byte for byte to `<name>.备份-YYYYMMDD-HHMMSS.xlsx` beside it; a name
    already taken gets `-2`, `-3`… (claimed with O_EXCL, so two updates never share one)."""
    import tempfile

    from ..fsutil import _write_error

    stamp = now.strftime("%Y%m%d-%H%M%S")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".cascade-backup-", dir=path.parent)
    except OSError as exc:
        raise _write_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(path.read_bytes())
            out.flush()
            os.fsync(out.fileno())
        n = 1
        while True:  # a hard link claims the name atomically, and only when it is free
            suffix = "" if n == 1 else f"-{n}"
            backup = path.with_name(f"{path.stem}.备份-{stamp}{suffix}{path.suffix}")
            try:
                os.link(tmp, backup)
                return backup
            except FileExistsError:
                n += 1
            except OSError as exc:
                raise _write_error(exc, backup) from exc
    finally:
        os.unlink(tmp)
