"""`cascade render`: the official .docx and/or the ledger .xlsx of a plan."""

from __future__ import annotations

import click

from ..api import render as render_plan


@click.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False), help="写出公文 .docx。")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="写出任务台账 .xlsx。")
@click.option("--template", type=click.Path(dir_okay=False), help="自备的 Word 模板（docxtpl）。")
def render(plan, docx_path, xlsx_path, template):
    """把方案排版为公文 .docx（GB/T 9704-2012）和任务台账 .xlsx。"""
    if not docx_path and not xlsx_path:
        raise click.UsageError("请至少指定 --docx 或 --xlsx 之一。")
    render_plan(plan, docx=docx_path, xlsx=xlsx_path, template=template)
    if docx_path:
        click.echo(f"已写出公文：{docx_path}")
    if xlsx_path:
        click.echo(f"已写出任务台账：{xlsx_path}")


COMMANDS = [render]
