"""`cascade diff CHILD PARENT`: what a child plan kept, changed and dropped from its parent."""

from __future__ import annotations

import click

from .. import api
from .base import CascadeCommand

FILE = click.Path(readable=False, dir_okay=False)


@click.command(cls=CascadeCommand)
@click.argument("child", metavar="下级方案", type=FILE)
@click.argument("parent", metavar="上级方案", type=FILE)
@click.option("--json", "json_path", metavar="文件", type=FILE, help="写出对照结果 JSON（plan-cascade/diff@2）。")
@click.option("--html", "html_path", metavar="文件", type=FILE, help="写出对照报告网页 .html（单文件，无需联网）。")
@click.option("--docx", "docx_path", metavar="文件", type=FILE,
              help="写出审阅稿 .docx：本级方案以修订（插入/删除）对照上级方案，每处问题一条批注。")
@click.option("--date", metavar="日期", type=click.DateTime(["%Y-%m-%d"]),
              help="审阅稿上的对照日期 YYYY-MM-DD，默认今天。")
@click.option("--fail-on", type=click.Choice(api.FAIL_ON),
              help="存在此类问题时退出码为 1：missing 缺失任务或条款，"
                   "later 时限推后或删除，any 任何问题。")
@click.pass_context
def diff(ctx, child, parent, json_path, html_path, docx_path, date, fail_on):
    """逐任务、逐条款对照下级方案与上级方案（方案文件或原文均可）。"""
    result = api.diff(child, parent, json_path=json_path, html_path=html_path,
                      docx_path=docx_path, date=date.date() if date else None)
    click.echo("\n".join(api.diff_summary(result)))
    for path, what in ((json_path, "对照结果 JSON"), (html_path, "对照报告网页"),
                       (docx_path, "审阅稿（修订与批注）")):
        if path:
            click.echo(f"已写出{what}：{path}")
    if fail_on and result.findings(fail_on):
        ctx.exit(1)


COMMANDS = [diff]
