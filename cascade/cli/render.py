"""`cascade render`: the official .docx, the ledger .xlsx and the PDF of a plan."""

from __future__ import annotations

import click

from .. import api
from .base import CascadeCommand
from .ledger import AS_OF

FILE = click.Path(readable=False, dir_okay=False)


@click.command(cls=CascadeCommand)
@click.argument("plan", metavar="方案", type=FILE)
@click.option("--docx", "docx_path", metavar="文件", type=FILE, help="写出公文 .docx。")
@click.option("--xlsx", "xlsx_path", metavar="文件", type=FILE, help="写出任务台账 .xlsx。")
@click.option("--pdf", "pdf_path", metavar="文件", type=FILE,
              help="写出公文的 PDF（需要 LibreOffice）。")
@click.option("--template", metavar="模板", type=FILE, help="自备的 Word 模板（docxtpl）。")
@AS_OF
def render(plan, docx_path, xlsx_path, pdf_path, template, as_of):
    """把方案排版为公文 .docx（GB/T 9704-2012）、任务台账 .xlsx 和 PDF。"""
    if not (docx_path or xlsx_path or pdf_path):
        raise click.UsageError("请至少指定 --docx、--xlsx 或 --pdf 之一。")
    api.render(plan, docx=docx_path, xlsx=xlsx_path, pdf=pdf_path, template=template, as_of=as_of)
    for path, what in ((docx_path, "公文"), (xlsx_path, "任务台账"), (pdf_path, "PDF")):
        if path:
            click.echo(f"已写出{what}：{path}")


COMMANDS = [render]
