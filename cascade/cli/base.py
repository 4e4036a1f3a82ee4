"""The CLI's click classes: Chinese usage lines, and library errors turned into click's exceptions."""

from __future__ import annotations

import os

import click

from ..errors import CascadeError, describe_os_error

INTERNAL_EXIT = 70


class LibraryError(click.ClickException):
    """A library error as click shows it: `错误：` and the one sentence, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        """Print `错误：…` on stderr (click's default would say `Error:` in English)."""
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


class InternalError(LibraryError):
    """A bug, said plainly without a traceback (CASCADE_DEBUG=1 shows it)."""

    exit_code = INTERNAL_EXIT

    def show(self, file=None) -> None:
        """Print the one line that asks for a bug report."""
        click.echo(f"内部错误：{self.format_message()}（设置 CASCADE_DEBUG=1 可查看详情）", err=True,
                   file=file)


class CascadeFormatter(click.HelpFormatter):
    """click's help layout with Chinese punctuation: `用法：…`, `选项：`."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line, `用法：` glued to the program name as Chinese text is written."""
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """A section heading ending with a full-width colon."""
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class CascadeContext(click.Context):
    """A context whose help is laid out by `CascadeFormatter`."""

    formatter_class = CascadeFormatter


class CascadeCommand(click.Command):
    """A command whose usage line is in Chinese."""

    context_class = CascadeContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class CascadeGroup(click.Group):
    """The command group: Chinese usage, and the one place library errors become click's."""

    command_class = CascadeCommand
    context_class = CascadeContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        """Run the command; map library and OS errors to `LibraryError` (exit 2)."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except CascadeError as exc:
            raise LibraryError(str(exc)) from exc
        except OSError as exc:
            raise LibraryError(describe_os_error(exc)) from exc
        except Exception as exc:
            if os.environ.get("CASCADE_DEBUG"):
                raise
            raise InternalError(f"{type(exc).__name__}: {exc}") from exc


CascadeGroup.group_class = CascadeGroup
