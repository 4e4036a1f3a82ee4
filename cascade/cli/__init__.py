"""The `cascade` command: a thin click shell over the library; errors become exit codes here."""

from __future__ import annotations

import os
import sys

import click

from ..errors import CascadeError


class CascadeGroup(click.Group):
    """Maps library errors to one Chinese sentence on stderr and exit code 2, in one place."""

    def main(self, *args, **kwargs):
        kwargs.pop("standalone_mode", None)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except CascadeError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("已中止。", err=True)
            sys.exit(1)
        except click.UsageError as exc:
            _show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except OSError as exc:
            name = getattr(exc, "filename", None) or ""
            click.echo(f"错误：{name}：无法读写文件（{exc.strerror or exc}）。", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so plainly; the traceback only on request
            if os.environ.get("CASCADE_DEBUG"):
                raise
            click.echo(f"内部错误：{type(exc).__name__}: {exc}（设置 CASCADE_DEBUG=1 可查看详情）", err=True)
            sys.exit(70)
        # Like click's standalone mode: an int returned by Exit is the exit code, anything else 0.
        sys.exit(rv if isinstance(rv, int) else 0)


def _usage_message(exc: click.UsageError) -> str:
    """click's usage errors said the way the rest of the tool speaks: in Chinese."""
    if isinstance(exc, click.MissingParameter):
        hint = exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else "参数"
        return f"缺少参数 {hint}。"
    if isinstance(exc, click.NoSuchOption):
        similar = f"（是不是 {'、'.join(exc.possibilities)}？）" if exc.possibilities else ""
        return f"没有 {exc.option_name} 这个选项{similar}。"
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else "参数")
        return f"{hint} 的值不对：{exc.message}"
    if exc.message.startswith("No such command"):
        return f"没有这个命令：{exc.message.split(' ', 3)[-1].rstrip('.')}。"
    if exc.message.startswith("Got unexpected extra argument"):
        return f"多了参数：{exc.message.split('(', 1)[-1].rstrip(')')}。"
    return exc.message


def _show_usage_error(exc: click.UsageError) -> None:
    if exc.ctx is not None:
        click.echo(exc.ctx.get_usage().replace("Usage:", "用法：", 1), err=True)
        click.echo(f"用 “{exc.ctx.command_path} --help” 查看说明。", err=True)
    click.echo(f"错误：{_usage_message(exc)}", err=True)


@click.group(cls=CascadeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plan-cascade", prog_name="cascade")
def main():
    """plan-cascade：解析、下达、排版和核对实施方案与任务台账。"""


def _register() -> None:
    from . import audit, derive, diff, ledger, parse, render

    for module in (parse, derive, render, ledger, diff, audit):
        for command in module.COMMANDS:
            main.add_command(command)


_register()

