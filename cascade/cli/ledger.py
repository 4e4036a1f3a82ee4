"""`cascade ledger update`: regenerate a ledger .xlsx from its plan, keeping what people typed."""

from __future__ import annotations

import click

from .. import api
from .base import CascadeGroup


@click.group(cls=CascadeGroup)
def ledger():
    """任务台账：按方案重新生成，保留已填写的内容。"""


@ledger.command()
@click.argument("plan", metavar="方案", type=click.Path(readable=False, dir_okay=False))
@click.argument("ledger_path", metavar="台账.xlsx", type=click.Path(readable=False, dir_okay=False))
def update(plan, ledger_path):
    """按方案重新生成任务台账，已填写的完成状态、进度情况、备注和自加列原样保留。"""
    r = api.ledger_update(plan, ledger_path)
    click.echo(f"已更新任务台账：{r.path}（共 {r.measures} 条措施）")
    click.echo(f"  与原台账对上的行：{r.kept} 行（按措施编号 {r.by_key} 行，按文字相似 {r.by_text} 行），"
               f"放回填写内容 {r.typed_values} 项")
    click.echo(f"  新增措施：{r.new} 条；移入“已移除”工作表：{r.moved} 行（该表现有 {r.archived} 行）")
    if r.own_rows:
        click.echo(f"  自行插入的行：{r.own_rows} 行，仍放在原来所跟的措施下面")
    if r.restored:
        click.echo(f"  重回方案的措施：{r.restored} 条，已从“已移除”工作表放回原填写内容")
    if r.replaced:
        click.echo(f"  方案列有 {r.replaced} 处内容按新方案改写（原内容见备份）")
    if r.extra_columns:
        click.echo(f"  保留自加的列：{'、'.join(r.extra_columns)}")
    if r.stats_typed:
        click.echo(f"  “统计”表中有 {r.stats_typed} 处手填内容（统计表会按公式重新生成），"
                   "已原样另存为工作表“统计（原表）”")
    click.echo(f"  原文件已备份为：{r.backup}")


COMMANDS = [ledger]
