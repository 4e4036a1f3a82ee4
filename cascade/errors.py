"""Domain exceptions. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


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
