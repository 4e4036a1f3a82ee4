"""`cascade audit DIR`: every plan in a folder against its parent, as a coverage matrix."""

from __future__ import annotations

import sys

import click

from .. import api
from .base import CascadeCommand

STAGES = {"load": "读取方案", "diff": "逐对比对"}
# Runs with fewer work items than this finish too fast for a progress bar to help.
PROGRESS_MIN = 10
FILE = click.Path(readable=False, dir_okay=False)


@click.command(cls=CascadeCommand)
@click.argument("directory", metavar="文件夹", type=click.Path(readable=False, file_okay=False))
@click.option("--html", "html_path", metavar="文件", type=FILE, help="写出覆盖矩阵网页 .html。")
@click.option("--xlsx", "xlsx_path", metavar="文件", type=FILE, help="写出覆盖矩阵表格 .xlsx。")
@click.option("--json", "json_path", metavar="文件", type=FILE, help="写出审计结果 JSON。")
@click.option("--docx-dir", "docx_dir", metavar="文件夹", type=click.Path(file_okay=False),
              help="每对方案写出一份审阅稿 .docx（修订与批注）到此文件夹。")
@click.option("--date", metavar="日期", type=click.DateTime(["%Y-%m-%d"]),
              help="审阅稿上的对照日期 YYYY-MM-DD，默认今天。")
@click.option("--jobs", metavar="数目", type=click.IntRange(min=1), help="并行进程数（默认为 CPU 数，最多 8）。")
@click.option("--fail-on", type=click.Choice(api.AUDIT_FAIL_ON), help="有此类问题时退出码为 1。")
@click.pass_context
def audit(ctx, directory, html_path, xlsx_path, json_path, docx_dir, date, jobs, fail_on):
    """比对文件夹中每份方案与其上级方案（三级时县级也与省级比对），输出覆盖矩阵。

    上级方案取自 DIR/tree.yaml，例如：

    \b
      plans:
        meizhou-2023.txt: {parent: guangdong-2023.txt}
        suizhou-2024.txt: {parent: null}

    tree.yaml 未列出的 .plan.yaml/.plan.json 取其自身的 parent 字段。
    """
    with _ProgressBar() as bar:
        result = api.audit(directory, html_path=html_path, xlsx_path=xlsx_path,
                           json_path=json_path, jobs=jobs, progress=bar.update,
                           docx_dir=docx_dir, date=date.date() if date else None)
    click.echo("\n".join(result.summary_lines()))
    for path, what in ((json_path, "审计结果"), (html_path, "覆盖矩阵网页"), (xlsx_path, "覆盖矩阵表格")):
        if path:
            click.echo(f"已写出{what}：{path}")
    if docx_dir:
        click.echo(f"已写出审阅稿 {len(result.redlines)} 份：{docx_dir}")
    if fail_on and result.has_findings(fail_on):
        ctx.exit(1)


class _ProgressBar:
    """A click progress bar on stderr per stage, shown only when there is much to do."""

    def __enter__(self):
        """Start with no bar shown."""
        self.bar = None
        self.stage = None
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        """The `progress` callback of `audit`: (re)open the bar for a stage, then advance it."""
        if stage != self.stage:
            self.__exit__(None, None, None)
            self.stage, self.shown = stage, 0
            if total >= PROGRESS_MIN:
                label = STAGES.get(stage, stage)
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def __exit__(self, *exc):
        """Close the bar of the current stage, if any."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


COMMANDS = [audit]
