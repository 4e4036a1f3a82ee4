"""The `cascade` command: a thin click shell over `cascade.api`; library errors become exit codes here.

Each command parses its arguments, calls one same-named `cascade.api` function and prints the
result. The library raises `cascade.errors.CascadeError` (one Chinese sentence); `CascadeGroup`
turns it into a `click.ClickException` carrying exit code 2, which click's standalone mode prints
and exits with. Findings asked for with `--fail-on` exit 1 through `ctx.exit`.
"""

from __future__ import annotations

import click

from . import messages
from .base import CascadeGroup

messages.install()

@click.group(cls=CascadeGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plan-cascade", prog_name="cascade")
@click.pass_context
def main(ctx: click.Context):
    """plan-cascade：解析、下达、排版和核对实施方案与任务台账。"""
    if ctx.invoked_subcommand is None:
        click.echo(overview(ctx))


def overview(ctx: click.Context) -> str:
    """What `cascade` alone prints: one line per command, and where to read more."""
    lines = ["plan-cascade：解析、下达、排版和核对实施方案与任务台账。", "", "命令："]
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        lines.append(f"  cascade {name:<8}{command.get_short_help_str(limit=60)}")
    lines += ["", "用“cascade 命令 --help”查看每条命令的用法，例如：cascade parse --help"]
    return "\n".join(lines)


def _register() -> None:
    from . import audit, derive, diff, ledger, parse, render, serve

    for module in (parse, derive, render, ledger, diff, audit, serve):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
