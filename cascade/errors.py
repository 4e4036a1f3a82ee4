"""Domain exceptions. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations

import errno


class CascadeError(Exception):
    """Base of every error plan-cascade raises on purpose; `str()` is one Chinese sentence."""

    exit_code = 2

    def __init__(self, message: str, *, path: object = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.line:
                where += f" 第{self.line}行"
            where += "："
        return f"{where}{self.message}"


class InputError(CascadeError):
    """A file the user gave cannot be read: missing, empty, binary, unknown encoding, too large."""


class ParseError(CascadeError):
    """The text was read but holds no recognisable plan outline."""


class OverridesError(CascadeError):
    """An overrides file is invalid: unknown task id, missing reason, bad date, later deadline."""


class TemplateError(CascadeError):
    """A user template is unsafe or broken."""


class LedgerError(CascadeError):
    """A ledger cannot be updated: open in Excel/WPS, not a ledger, unreadable."""


# OS error numbers → what a clerk is told (the file name is added by `describe_os_error`).
OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EROFS: "所在磁盘为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ELOOP: "符号链接循环指向自身",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多",
}


def describe_os_error(exc: OSError) -> str:
    """One Chinese sentence for an OS error, naming the file when the error knows it."""
    reason = OS_REASONS.get(exc.errno, "无法读写文件")
    name = exc.filename or ""
    return f"{name}：{reason}。" if name else f"{reason}。"
