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
        except click.ClickException as exc:
            exc.show()
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
