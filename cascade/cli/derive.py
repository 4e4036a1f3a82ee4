"""`cascade init` and `cascade derive`: start a child plan from its parent, then build it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ..model import LEVELS


@click.command()
@click.option("--from", "parent", required=True, type=click.Path(dir_okay=False), help="上级方案（.txt/.docx/.plan.yaml）。")
@click.option("--level", required=True, type=click.Choice(LEVELS), help="本级层级。")
@click.option("--region", required=True, help="本级地区名称，例如 某某县。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="写出的覆盖文件（.overrides.yaml）。")
@click.option("--issuer", help="发文机关，默认为 地区+人民政府办公室。")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), help="成文日期 YYYY-MM-DD，默认今天。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def init(parent, level, region, output, issuer, date, force):
    """从上级方案生成带注释的覆盖文件，供编写本级方案。"""
    from ..derive import init_overrides

    day = date.date() if isinstance(date, _dt.datetime) else None
    path = init_overrides(parent, level=level, region=region, output=output, issuer=issuer, date=day, force=force)
    click.echo(f"已写出覆盖文件：{path}")
    click.echo(f"修改后运行：cascade derive {path}")


@click.command()
@click.argument("overrides", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写出的本级方案，默认 <名称>.plan.yaml。")
def derive(overrides, output):
    """按覆盖文件从上级方案派生本级方案。"""
    from ..derive import derive as derive_plan
    from ..derive import plan_id_for_overrides

    output = output or str(Path(overrides).with_name(f"{plan_id_for_overrides(overrides)}.plan.yaml"))
    plan = derive_plan(overrides, output)
    tasks = plan.tasks()
    added = sum(1 for t in tasks if not t.derived_from)
    click.echo(f"已写出本级方案：{output}（任务 {len(tasks)} 项，其中新增 {added} 项；删减 {len(plan.omitted)} 处）")


COMMANDS = [init, derive]
