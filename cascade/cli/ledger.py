"""`cascade ledger update` and `ledger collect`: regenerate a ledger .xlsx from its plan keeping
what people typed, and roll the lower levels' ledgers up into one workbook."""

from __future__ import annotations

import datetime as _dt

import click

from .. import api
from .base import CascadeGroup


def as_of_date(ctx, param, value):
    """The --as-of option: a YYYY-MM-DD date (None means today)."""
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"“{value}”不是日期，请写成 YYYY-MM-DD，例如 2024-03-01。") from None


AS_OF = click.option("--as-of", "as_of", callback=as_of_date, metavar="日期",
                     help="统计截至日期 YYYY-MM-DD（逾期、临期和统计表按这一天计算），默认今天。")


@click.group(cls=CascadeGroup)
def ledger():
    """任务台账：按方案重新生成，保留已填写的内容。"""


@ledger.command()
@click.argument("plan", metavar="方案", type=click.Path(readable=False, dir_okay=False))
@click.argument("ledger_path", metavar="台账.xlsx", type=click.Path(readable=False, dir_okay=False))
@AS_OF
def update(plan, ledger_path, as_of):
    """按方案重新生成任务台账，已填写的完成状态、进度情况、备注和自加列原样保留。"""
    r = api.ledger_update(plan, ledger_path, as_of=as_of)
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
        click.echo(f"  “统计”表中有 {r.stats_typed} 处手填内容，已放回原位置（位置被统计公式占用的"
                   f"记入工作表“{r.archive_sheet}”）")
    if r.edited:
        click.echo(f"  方案列中有 {r.edited} 处手工改动，已按新方案重写，原改动记入工作表“{r.archive_sheet}”")
    if r.conflicts:
        click.echo(f"  注意：有 {r.conflicts} 处同一措施在“任务台账”和“排序筛选”两表中填得不同，"
                   f"已保留“任务台账”表中的内容，另一处记入工作表“{r.archive_sheet}”，请核对")
    click.echo(f"  原文件已备份为：{r.backup}")


@ledger.command()
@click.argument("parent", metavar="上级方案", type=click.Path(dir_okay=False))
@click.argument("ledgers", metavar="下级台账.xlsx…", nargs=-1, required=True,
                type=click.Path(dir_okay=False))
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False),
              help="写出汇总表 .xlsx。")
@click.option("--json", "json_path", metavar="文件", type=click.Path(dir_okay=False),
              help="同样的汇总写成 JSON。")
@AS_OF
def collect(parent, ledgers, output, json_path, as_of):
    """把各下级报来的任务台账按上级方案的任务汇总成一份汇总表。"""
    if not output and not json_path:
        raise click.UsageError("请至少指定 -o 汇总.xlsx 或 --json 汇总.json 之一。")
    r = api.ledger_collect(parent, ledgers, output=output, json_path=json_path, as_of=as_of)
    click.echo(f"已汇总 {len(r.children)} 份下级台账（统计截至 {r.as_of.isoformat()}），"
               f"上级任务 {len(r.tasks)} 项：")
    for c in r.children:
        overdue = sum(row.state == "overdue" for row in c.rows)
        missing = sum(v == "缺失" for v in c.dropped.values())
        click.echo(f"  {c.region}：措施 {len(c.rows)} 条（按{c.link}对应），逾期 {overdue} 条，"
                   f"缺失任务 {missing} 项 ← {c.path.name}")
    for path in (output, json_path):
        if path:
            click.echo(f"  → {path}")


COMMANDS = [ledger]
