"""`make demo`: parse the bundled plans, derive a district plan, render and audit them into output/.

A user of the library: every step is one `cascade.api` call, as the CLI makes them.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from . import api

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "plans" / "sources"
OUTPUT = ROOT / "output"
DEMO_FOLDERS = ("plans", "docx", "xlsx", "reports", "audit")


def _say(message: str) -> None:
    print(message, flush=True)


def _step(title: str):
    _say(f"\n== {title}")
    return time.perf_counter()


def parse_all() -> dict:
    """Parse every bundled source into output/plans/<id>.plan.yaml."""
    plans = {}
    for src in sorted(SOURCES.glob("*.txt")):
        plan = api.parse(src, OUTPUT / "plans" / f"{src.stem}.plan.yaml")
        plans[plan.id] = plan
        _say(f"  {src.name}: {len(plan.sections)} 个重点任务、{len(plan.tasks())} 项任务、"
             f"{len(plan.ledger_measures())} 条措施 → output/plans/{plan.id}.plan.yaml")
        _say(f"    检查：{api.check(plan).summary()}")
    return plans


def derive_example() -> object:
    """Derive the district example plan from its city parent's overrides file."""
    overrides = sorted((ROOT / "plans").glob("*.overrides.yaml"))
    derived = None
    for path in overrides:
        name = path.name[: -len(".overrides.yaml")]
        out = OUTPUT / "plans" / f"{name}.plan.yaml"
        derived = api.derive(path, out)
        _say(f"  {path.name} → output/plans/{name}.plan.yaml（{len(derived.tasks())} 项任务，"
             f"{len(derived.omitted)} 处有意删减）")
    return derived


def render_all(plans: dict) -> None:
    """Render every plan's official .docx and task-ledger .xlsx."""
    for plan_id, plan in plans.items():
        api.render(plan, docx=OUTPUT / "docx" / f"{plan_id}.docx",
                   xlsx=OUTPUT / "xlsx" / f"{plan_id}.ledger.xlsx")
        _say(f"  {plan_id}: output/docx/{plan_id}.docx, output/xlsx/{plan_id}.ledger.xlsx")


def _tree_pairs() -> list[tuple[str, str]]:
    """(child id, parent id) for every plan plans/tree.yaml gives a parent."""
    import yaml

    tree = yaml.safe_load((ROOT / "plans" / "tree.yaml").read_text(encoding="utf-8"))
    return [(child, entry["parent"]) for child, entry in tree["plans"].items() if entry.get("parent")]


def diff_pairs(plans: dict, pairs: list[tuple[str, str]]) -> None:
    """Diff each child against its parent into JSON and HTML reports."""
    for child_id, parent_id in pairs:
        if child_id not in plans or parent_id not in plans:
            continue
        stem = OUTPUT / "reports" / f"{child_id}-vs-{parent_id}"
        diff = api.diff(plans[child_id], plans[parent_id], json_path=stem.with_suffix(".json"),
                        html_path=stem.with_suffix(".html"))
        s = diff.summary
        _say(f"  {child_id} 对照 {parent_id}：上级任务 {s['parent_tasks']} 项，缺失 {s['missing']} 项，"
             f"缺失条款 {s['missing_clauses']} 条，发现问题 {sum(s.findings.values())} 处 → {stem.name}.html")


def audit_tree() -> None:
    """Audit output/plans (parsed seeds + the derived district) as a three-level tree."""
    folder = OUTPUT / "plans"
    shutil.copyfile(ROOT / "plans" / "tree.yaml", folder / "tree.yaml")
    audit = OUTPUT / "audit"
    result = api.audit(folder, html_path=audit / "coverage.html", xlsx_path=audit / "coverage.xlsx",
                       json_path=audit / "coverage.json")
    for line in result.summary_lines():
        _say(f"  {line}")
    _say("  → output/audit/coverage.html / .xlsx / .json")


def ledger_update_example(plans: dict) -> None:
    """Type progress into a ledger, change the plan, update it: nothing typed is lost."""
    import copy
    import datetime as dt

    import openpyxl  # standing in for a clerk typing into Excel

    # The first plan whose attachment ledger was parsed: its rows are the office's own.
    plan = next(p for p in plans.values() if p.has_ledger())
    # Work on a copy, so output/xlsx keeps the plain ledger of every plan.
    path = OUTPUT / "xlsx" / "ledger-update-example" / f"{plan.id}.ledger.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OUTPUT / "xlsx" / f"{plan.id}.ledger.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["任务台账"]
    # Row 4 belongs to the task dropped below, row 11 to one that stays.
    ws["H4"], ws["I4"] = "推进中", "已召开专题会议部署"
    ws["H11"], ws["I11"], ws["J11"] = "已完成", "已印发培训计划", "请补充佐证材料"
    wb.save(path)
    changed = copy.deepcopy(plan)
    changed.sections[0].tasks.pop(0)  # a task dropped: its rows and what was typed move to 已移除
    result = api.ledger_update(changed, path, now=dt.datetime(2024, 3, 1))
    _say(f"  台账更新：对上 {result.kept} 行，放回填写内容 {result.typed_values} 项，"
         f"移入“已移除” {result.moved} 行，原文件备份为 {result.backup.name}"
         f"（output/xlsx/ledger-update-example/）")


def collect_example(plans: dict, pairs: list[tuple[str, str]]) -> None:
    """The level above gathers its lower levels' ledgers (typed into) into one 汇总 workbook."""
    import datetime as dt

    import openpyxl

    from .ledger.collect import collect
    from .render.xlsx_collect import render_rollup

    folder = OUTPUT / "xlsx" / "collect-example"
    folder.mkdir(parents=True, exist_ok=True)
    as_of = dt.date(2024, 6, 30)
    for parent_id in dict.fromkeys(p for _, p in pairs):
        children = [c for c, p in pairs if p == parent_id and c in plans]
        if parent_id not in plans or not children:
            continue
        ledgers = []
        for child_id in children:
            path = folder / f"{child_id}.ledger.xlsx"
            shutil.copyfile(OUTPUT / "xlsx" / f"{child_id}.ledger.xlsx", path)
            wb = openpyxl.load_workbook(path)
            ws = wb["任务台账"]
            ws["H4"], ws["I4"] = "已完成", "已召开专题会议部署"
            ws["H5"], ws["I5"] = "推进中", "已制定培训计划"
            wb.save(path)
            ledgers.append(path)
        rollup = collect(plans[parent_id], ledgers, as_of=as_of)
        out = folder / f"{parent_id}.汇总.xlsx"
        render_rollup(rollup, out)
        regions = "、".join(f"{c.region}（{c.link}）" for c in rollup.children)
        _say(f"  {parent_id}：汇总 {regions} 的台账，截至 {as_of}，"
             f"逾期 {sum(r.state == 'overdue' for c in rollup.children for r in c.rows)} 条 → "
             f"output/xlsx/collect-example/{out.name}")


def main() -> int:
    """Run the whole demo; every file lands under output/."""
    for folder in DEMO_FOLDERS:  # only what the demo itself writes; other files in output/ stay
        shutil.rmtree(OUTPUT / folder, ignore_errors=True)
    start = _step("解析原文 plans/sources/*.txt")
    plans = parse_all()
    _step("派生示例：plans/*.overrides.yaml（由市级方案派生区级方案）")
    derived = derive_example()
    if derived is not None:
        plans[derived.id] = derived
    _step("排版公文 .docx 与任务台账 .xlsx")
    render_all(plans)
    _step("填写台账后方案有变：更新台账（ledger update）")
    ledger_update_example(plans)
    _step("对照上级方案（diff）")
    pairs = _tree_pairs()
    if derived is not None and derived.parent:
        parent = Path(str(derived.parent)).name.split(".")[0]
        pairs.append((derived.id, parent))
        # Against the level above its parent too: its recorded omissions still read as such.
        pairs += [(derived.id, grand) for child, grand in _tree_pairs() if child == parent]
    diff_pairs(plans, pairs)
    _step("上级汇总下级报来的台账（ledger collect）")
    collect_example(plans, pairs)
    _step("全省覆盖审计（audit）")
    audit_tree()
    _say(f"\n完成，用时 {time.perf_counter() - start:.1f} 秒。所有文件在 output/ 下。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
