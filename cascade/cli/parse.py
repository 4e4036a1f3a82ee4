"""`cascade parse` and `cascade check`."""

from __future__ import annotations

import click

from .. import api
from .base import CascadeCommand
from .summary import plan_summary


@click.command(cls=CascadeCommand)
@click.argument("src", metavar="原文", type=click.Path(readable=False))
@click.option("-o", "--output", metavar="文件", type=click.Path(readable=False, dir_okay=False),
              help="写出方案文件（.plan.yaml 或 .json）。")
@click.option("--json", "as_json", is_flag=True, help="把方案以 JSON 打印到标准输出。")
def parse(src, output, as_json):
    """解析方案原文（.txt/.docx/.xlsx/.pdf，旧版 .doc/.wps 经 LibreOffice 转换），输出结构化方案。"""
    plan = api.parse(src, output)
    if as_json:
        click.echo(api.dumps_json(plan))
        return
    click.echo(plan_summary(plan))
    if output:
        click.echo(f"已写出：{output}")


@click.command(cls=CascadeCommand)
@click.argument("plan", metavar="方案", type=click.Path(readable=False))
@click.option("--fail-on", type=click.Choice(api.CHECK_FAIL_ON),
              help="有问题时以退出码 1 结束：any 任何一项，problem 只看“问题”（不含“提示”）。")
@click.pass_context
def check(ctx, plan, fail_on):
    """检查方案：缺责任单位或完成时限的任务、解析警告、台账与正文不一致。"""
    report = api.check(plan)
    for finding in report:
        click.echo(finding.format())
    click.echo(report.summary())
    if fail_on and report.fails(fail_on):
        ctx.exit(1)


COMMANDS = [parse, check]
