"""`cascade parse` and `cascade check`."""

from __future__ import annotations

import click

from ..api import check as check_plan
from ..api import parse as parse_plan


@click.command()
@click.argument("src", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写出方案文件（.plan.yaml 或 .json）。")
@click.option("--json", "as_json", is_flag=True, help="把方案以 JSON 打印到标准输出。")
def parse(src, output, as_json):
    """解析方案原文（.txt/.docx），输出结构化方案。"""
    plan = parse_plan(src, output)
    if as_json:
        from ..model import dumps_json

        click.echo(dumps_json(plan))
        return
    from ..report import plan_summary

    click.echo(plan_summary(plan))
    if output:
        click.echo(f"已写出：{output}")


@click.command()
@click.argument("plan", type=click.Path())
@click.option("--fail-on", type=click.Choice(["any", "problem"]),
              help="有问题时以退出码 1 结束：any 任何一项，problem 只看“问题”（不含“提示”）。")
def check(plan, fail_on):
    """检查方案：缺责任单位或完成时限的任务、解析警告、台账与正文不一致。"""
    from ..check import findings_summary

    findings = check_plan(plan)
    for finding in findings:
        click.echo(finding.format())
    click.echo(findings_summary(findings))
    if fail_on and any(fail_on == "any" or f.severity == "问题" for f in findings):
        raise SystemExit(1)


COMMANDS = [parse, check]
