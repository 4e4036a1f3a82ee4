"""`cascade diff CHILD PARENT`: what a child plan kept, changed and dropped from its parent."""

from __future__ import annotations

import click

from ..compare.model import FAIL_ON

FILE = click.Path(dir_okay=False)


@click.command()
@click.argument("child", type=FILE)
@click.argument("parent", type=FILE)
@click.option("--json", "json_path", type=FILE, help="写出对照结果 JSON（plan-cascade/diff@1）。")
@click.option("--html", "html_path", type=FILE, help="写出对照报告网页 .html（单文件，无需联网）。")
@click.option("--fail-on", type=click.Choice(FAIL_ON),
              help="存在此类问题时退出码为 1：missing 缺失任务或条款，"
                   "later 时限推后或删除，any 任何问题。")
def diff(child, parent, json_path, html_path, fail_on):
    """逐任务、逐条款对照下级方案 CHILD 与上级方案 PARENT（方案文件或原文均可）。"""
    from ..compare.report import summary_lines
    from ..diff import diff as run_diff

    result = run_diff(child, parent, json_path=json_path, html_path=html_path)
    click.echo("\n".join(summary_lines(result)))
    for path, what in ((json_path, "对照结果 JSON"), (html_path, "对照报告网页")):
        if path:
            click.echo(f"已写出{what}：{path}")
    if fail_on and result.findings(fail_on):
        raise SystemExit(1)  # click returns (not raises) Exit codes when standalone_mode=False


COMMANDS = [diff]
