"""The library's front door: one function per `cascade` command, same name and docstring.

Every function takes file paths (a PLAN is a `.plan.yaml`/`.json` or a source document parsed on
the fly) or objects already in memory, writes what it is asked to, and returns a result the
caller can inspect; errors are `cascade.errors.CascadeError` with one Chinese sentence::

    from cascade import api
    d = api.diff("plans/sources/meizhou-2023.txt", "plans/sources/guangdong-2023.txt",
                 json_path="out/diff.json")
    print("\\n".join(api.diff_summary(d)))

The CLI is a thin shell over these functions and imports nothing else from the library.
"""

from __future__ import annotations

from pathlib import Path

from .compare.model import FAIL_ON
from .levels import LEVEL_NAMES
from .levels import LEVEL_ORDER as LEVELS
from .model import Plan, Task, dumps_json
from .parse.load import load_plan

__all__ = ["FAIL_ON", "LEVELS", "LEVEL_NAMES", "Plan", "Task", "audit", "check", "derive", "diff",
           "diff_summary", "dumps_json", "init", "ledger_update", "load_plan", "parse", "render"]

# `--fail-on` choices: `diff` FAIL_ON (missing, later, any), `audit` and `check` below.
AUDIT_FAIL_ON = ("missing", "any")
CHECK_FAIL_ON = ("any", "problem")

PlanArg = str | Path | Plan


def _plan(plan: PlanArg) -> Plan:
    return plan if isinstance(plan, Plan) else load_plan(plan)


def parse(src: str | Path, output: str | Path | None = None) -> Plan:
    """解析方案原文（.txt/.docx/.xlsx/.pdf，旧版 .doc/.wps 经 LibreOffice 转换），输出结构化方案。

    Parse a source document into a Plan and, when `output` is given, save it (.yaml/.json).
    """
    from .model import save
    from .parse.load import parse_source_file

    plan = parse_source_file(src)
    if output:
        save(plan, output)
    return plan


def check(plan: PlanArg):
    """检查方案：缺责任单位或完成时限的任务、解析警告、台账与正文不一致。

    Returns a `cascade.check.CheckReport` (a list of findings with `summary()`).
    """
    from .check import check_plan

    return check_plan(_plan(plan))


def init(parent: str | Path, *, level: str, region: str, output: str | Path, **options) -> Path:
    """从上级方案生成带注释的覆盖文件，供编写本级方案。

    Options: `issuer`, `date` (datetime.date), `force`, `edits` (the file filled in rather than
    all commented: see `cascade.derive.init.overrides_text`). Returns the path written.
    """
    from .derive import init_overrides

    return init_overrides(parent, level=level, region=region, output=output, **options)


def derive(overrides: str | Path, output: str | Path | None = None) -> Plan:
    """按覆盖文件从上级方案派生本级方案。

    Parent plan + overrides file → the child plan; saved to `output` when given (the CLI's
    default is `<名称>.plan.yaml` beside the overrides file, see `default_derive_output`).
    """
    from .derive import derive as _derive

    return _derive(overrides, output)


def default_derive_output(overrides: str | Path) -> Path:
    """Where `cascade derive` writes when no `-o` is given: `<名称>.plan.yaml` beside the file."""
    from .derive import plan_id_for_overrides

    return Path(overrides).with_name(f"{plan_id_for_overrides(overrides)}.plan.yaml")


def render(plan: PlanArg, *, docx: str | Path | None = None, xlsx: str | Path | None = None,
           pdf: str | Path | None = None, template: str | Path | None = None,
           as_of=None) -> list[Path]:
    """把方案排版为公文 .docx（GB/T 9704-2012）、任务台账 .xlsx 和 PDF。

    Returns the paths written. `pdf` converts the .docx through LibreOffice (`soffice`); the
    ledger counts as of `as_of` (a date, default today).
    """
    from .parse.measures import fill_measures
    from .render.output import refuse_same_file

    if not isinstance(plan, Plan):
        refuse_same_file((plan, template), (docx, xlsx, pdf))
    loaded = fill_measures(_plan(plan))
    written = []
    if docx or pdf:
        from .render.docx import render_docx

        if docx:
            written.append(render_docx(loaded, docx, template=template))
        if pdf:
            written.append(_render_pdf(loaded, docx, pdf, template))
    if xlsx:
        from .render.xlsx import render_ledger

        written.append(render_ledger(loaded, xlsx, as_of=as_of))
    return written


def _render_pdf(plan: Plan, docx: str | Path | None, pdf: str | Path, template) -> Path:
    """The PDF of the .docx just written, or of one rendered into a temporary folder."""
    import tempfile

    from .errors import InputError
    from .render.docx import render_docx
    from .render.pdf import INSTALL_HINT, find_soffice, render_pdf

    if find_soffice() is None:
        raise InputError(INSTALL_HINT)
    if docx:
        return render_pdf(docx, pdf)
    with tempfile.TemporaryDirectory(prefix="cascade-render-") as work:
        source = render_docx(plan, Path(work) / "plan.docx", template=template)
        return render_pdf(source, pdf)


def ledger_update(plan: PlanArg, ledger: str | Path, **options):
    """按方案重新生成任务台账，已填写的完成状态、进度情况、备注和自加列原样保留。

    Returns a `cascade.ledger.UpdateResult`; `as_of` (a date, default today) is the ledger's
    统计截至 date.
    """
    from .ledger import update_ledger
    from .parse.measures import fill_measures

    return update_ledger(fill_measures(_plan(plan)), ledger, **options)


def ledger_collect(parent: PlanArg, ledgers, *, output: str | Path | None = None,
                   json_path: str | Path | None = None, as_of=None):
    """把各下级报来的任务台账按上级方案的任务汇总成一份汇总表。

    Returns a `cascade.ledger.collect.Rollup` (`to_dict()` is the --json data) counted as of
    `as_of` (a date, default today); writes the 汇总 workbook at `output` and/or the JSON.
    Nothing is written when any ledger is refused; the lower levels' files are only read.
    """
    import json

    from .fsutil import atomic_write_text
    from .ledger.collect import collect

    loaded = _plan(parent)
    if output or json_path:
        from .render.output import check_output, refuse_same_file

        refuse_same_file((None if isinstance(parent, Plan) else parent, *ledgers),
                         (output, json_path))
        if output:
            check_output(output, "xlsx")
    rollup = collect(loaded, list(ledgers), as_of=as_of)
    if output:
        from .render.xlsx_collect import render_rollup

        render_rollup(rollup, output)
    if json_path:
        atomic_write_text(json_path, json.dumps(rollup.to_dict(), ensure_ascii=False, indent=2)
                          + "\n")
    return rollup


def diff(child: PlanArg, parent: PlanArg, *, json_path: str | Path | None = None,
         html_path: str | Path | None = None, template: str | Path | None = None,
         docx_path: str | Path | None = None, date=None):
    """逐任务、逐条款对照下级方案与上级方案（方案文件或原文均可）。

    Returns the `cascade.compare.Diff` (`summary_lines()`, `to_dict()`, `findings(kind)`) and
    writes the JSON (`plan-cascade/diff`) and single-file HTML report when asked; `docx_path`
    the review .docx (Word tracked changes and comments, cascade.render.redline) dated `date`
    (the comparison date, default today).
    """
    from .compare import diff_plans

    if docx_path:
        from .render.output import check_output, refuse_same_file

        check_output(docx_path, "docx")
        refuse_same_file((p for p in (child, parent) if not isinstance(p, Plan)),
                         (json_path, html_path, docx_path))
    child_plan, parent_plan = _plan(child), _plan(parent)
    result = diff_plans(child_plan, parent_plan)
    if json_path:
        from .compare.report import write_diff_json

        write_diff_json(result, json_path)
    if html_path:
        from .render.html import write_diff_html

        write_diff_html(result, html_path, template=template)
    if docx_path:
        import datetime

        from .render.redline import render_redline

        render_redline(result, child_plan, parent_plan, docx_path,
                       date=date or datetime.date.today())
    return result


def diff_summary(result) -> list[str]:
    """The Chinese summary lines `cascade diff` prints for a Diff (see cascade.compare.report)."""
    from .compare.report import summary_lines

    return summary_lines(result)


def audit(directory: str | Path, *, html_path: str | Path | None = None,
          xlsx_path: str | Path | None = None, json_path: str | Path | None = None,
          jobs: int | None = None, progress=None, docx_dir: str | Path | None = None,
          date=None):
    """比对文件夹中每份方案与其上级方案（三级时县级也与省级比对），输出覆盖矩阵。

    Returns the `cascade.audit.AuditResult` and writes the JSON, HTML and .xlsx matrices asked
    for. `progress(stage, done, total)` is called as work completes. `docx_dir`: one review
    .docx per pair there (cascade.render.redline), dated `date`; their paths are in
    `result.redlines`.
    """
    from .audit import audit as _audit

    result = _audit(directory, jobs=jobs, progress=progress)
    if json_path or html_path or xlsx_path:
        from .render import matrix, matrix_xlsx

        for path, write in ((json_path, matrix.render_audit_json),
                            (html_path, matrix.render_audit_html),
                            (xlsx_path, matrix_xlsx.render_audit_xlsx)):
            if path:
                write(result, path)
    if docx_dir:
        import datetime

        from .render.redline import write_pair_redlines

        result.redlines = write_pair_redlines(result.pairs, directory, docx_dir, load=load_plan,
                                              date=date or datetime.date.today())
    return result
