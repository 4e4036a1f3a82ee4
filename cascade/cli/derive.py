"""`cascade init` and `cascade derive`: start a child plan from its parent, then build it."""

from __future__ import annotations

import datetime as _dt

import click

from .. import api
from .base import CascadeCommand

FILE = click.Path(readable=False, dir_okay=False)


@click.command(cls=CascadeCommand)
@click.option("--from", "parent", required=True, metavar="方案", type=FILE,
              help="上级方案（.txt/.docx/.plan.yaml）。")
@click.option("--level", required=True, type=click.Choice(api.LEVELS), help="本级层级。")
@click.option("--region", required=True, metavar="地区", help="本级地区名称，例如 某某县。")
@click.option("-o", "--output", required=True, metavar="文件", type=FILE,
              help="写出的覆盖文件（.overrides.yaml）。")
@click.option("--issuer", metavar="机关", help="发文机关，默认为 地区+人民政府办公室。")
@click.option("--date", metavar="日期", type=click.DateTime(["%Y-%m-%d"]),
              help="成文日期 YYYY-MM-DD，默认今天。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def init(parent, level, region, output, issuer, date, force):
    """从上级方案生成带注释的覆盖文件，供编写本级方案。"""
    day = date.date() if isinstance(date, _dt.datetime) else None
    path = api.init(parent, level=level, region=region, output=output, issuer=issuer, date=day,
                    force=force)
    click.echo(f"已写出覆盖文件：{path}")
    click.echo(f"修改后运行：cascade derive {path}")


@click.command(cls=CascadeCommand)
@click.argument("overrides", metavar="覆盖文件", type=FILE)
@click.option("-o", "--output", metavar="文件", type=FILE, help="写出的本级方案，默认 <名称>.plan.yaml。")
def derive(overrides, output):
    """按覆盖文件从上级方案派生本级方案。"""
    output = output or str(api.default_derive_output(overrides))
    plan = api.derive(overrides, output)
    tasks = plan.tasks()
    added = sum(1 for t in tasks if not t.derived_from)
    click.echo(f"已写出本级方案：{output}（任务 {len(tasks)} 项，其中新增 {added} 项；删减 {len(plan.omitted)} 处）")


COMMANDS = [init, derive]
