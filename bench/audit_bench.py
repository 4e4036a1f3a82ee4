"""Benchmark `cascade audit` on a synthetic province → cities → counties tree built from the seeds.

The tree (bench/synthetic.py) holds mutated copies of the parsed seeds saved as `.plan.json`.
The bench knows which clauses it deleted and which finding types its edits imply, so it reports
recall and precision of the diff's `missing` clauses and of every finding type on the direct
pairs, next to pairs/second, peak memory and the seed-pair time.

    .venv/bin/python bench/audit_bench.py [--plans 1000] [--jobs N] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import PROVINCE, SOURCES, Truth, build_tree, same_clause

CHILD, PARENT = "meizhou-2023", "guangdong-2023"  # the seed pair timed end to end


# -- scoring ------------------------------------------------------------------------------------


def score(result, truths: dict[str, Truth]) -> dict[str, float]:
    """Recall and precision of the diff's missing clauses against the deletions, direct pairs."""
    deleted = reported = found = correct = 0
    for pair in result.pairs:
        truth = truths.get(pair.child)
        if pair.view != "direct" or truth is None:
            continue
        gone = [(t, c) for t, clauses in truth.deleted.items() for c in clauses]
        said = [(cell.parent_task, c) for cell in pair.cells for c in cell.missing_clauses]
        deleted += len(gone)
        reported += len(said)
        found += sum(any(same_clause(c, s) for _, s in said) for _, c in gone)
        correct += sum(any(same_clause(s, c) for _, c in gone) for _, s in said)
    return {
        "deleted": deleted,
        "reported": reported,
        "recall": found / deleted if deleted else 1.0,
        "precision": correct / reported if reported else 1.0,
    }


def finding_scores(result, truths: dict[str, Truth]) -> dict[str, dict[str, float]]:
    """Recall and precision per finding type on the direct pairs: a recorded edit is found when
    its parent task reports that type; a reported type is correct when an edit recorded it."""
    from cascade.compare.model import FINDING_TYPES

    expected = {t: 0 for t in FINDING_TYPES}
    found, reported, correct = dict(expected), dict(expected), dict(expected)
    for pair in result.pairs:
        truth = truths.get(pair.child)
        if pair.view != "direct" or truth is None:
            continue
        for cell in pair.cells:
            wanted = truth.findings.get(cell.parent_task, set())
            for kind in FINDING_TYPES:
                said = cell.findings.get(kind, 0) > 0
                expected[kind] += kind in wanted
                found[kind] += kind in wanted and said
                reported[kind] += said
                correct[kind] += said and kind in wanted
    return {kind: {"expected": expected[kind], "reported": reported[kind],
                   "recall": found[kind] / expected[kind] if expected[kind] else 1.0,
                   "precision": correct[kind] / reported[kind] if reported[kind] else 1.0}
            for kind in FINDING_TYPES}


# -- timing -------------------------------------------------------------------------------------


def seed_pair_times(repeat: int = 3) -> dict[str, float]:
    """The seed pair (city against province) end to end: as a subprocess and in-process."""
    from cascade.api import load_plan
    from cascade.compare import diff_plans

    child, parent = SOURCES / f"{CHILD}.txt", SOURCES / f"{PARENT}.txt"
    exe = Path(sys.executable).with_name("cascade")
    command = [str(exe), "diff", str(child), str(parent)] if exe.exists() else \
        [sys.executable, "-m", "cascade.cli", "diff", str(child), str(parent)]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):  # 1: findings, which the seed pair has
            print(f"cascade diff 失败（{done.returncode}）：{done.stderr.strip()[-300:]}",
                  file=sys.stderr)
            runs[-1] = float("nan")
    start = time.perf_counter()
    c, p = load_plan(child), load_plan(parent)
    parsed = time.perf_counter()
    diff_plans(c, p).to_dict()
    finished = time.perf_counter()
    diff_only = min(_timed(lambda: diff_plans(c, p).to_dict()) for _ in range(repeat))
    return {"subprocess": min(runs), "in_process": finished - start, "parse": parsed - start,
            "diff": diff_only}


def _timed(func) -> float:
    """Seconds one call of `func` takes."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


class _Clock:
    """The audit progress callback: remembers when each stage started and ended."""

    def __init__(self):
        """No stage seen yet."""
        self.start: dict[str, float] = {}
        self.end: dict[str, float] = {}
        self.shown = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Record the time; print diff progress every tenth."""
        now = time.perf_counter()
        self.start.setdefault(stage, now)
        self.end[stage] = now
        step = max(1, total // 10)
        if stage == "diff" and done // step != self.shown:
            self.shown = done // step
            print(f"  比对进度 {done}/{total}", file=sys.stderr, flush=True)

    def seconds(self, stage: str) -> float:
        """How long a stage ran, first to last report."""
        return self.end.get(stage, 0.0) - self.start.get(stage, 0.0)


def profile_pairs(directory: Path, truths: dict[str, Truth], n: int = 20) -> None:
    """Profile `n` direct pairs in this process and print where the time goes."""
    import cProfile
    import pstats

    from cascade.api import load_plan
    from cascade.compare import diff_plans

    items = sorted(truths)[:n]
    plans = {k: load_plan(directory / k) for k in items}
    parents = {}
    for key, plan in plans.items():
        ref = Path(key).parent / plan.parent
        parents[key] = load_plan(directory / ref) if ref.suffix == ".json" else None
    pairs = [(plans[k], parents[k]) for k in items if parents[k] is not None]
    if not pairs:
        province = load_plan(directory / f"{PROVINCE}.plan.json")
        pairs = [(plans[k], province) for k in items]
    profiler = cProfile.Profile()
    profiler.enable()
    for child, parent in pairs:
        diff_plans(child, parent)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


# -- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Build the tree, audit it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000, help="plans in the tree (≥ 10)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for audit")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the mutations")
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it")
    parser.add_argument("--profile", action="store_true", help="profile 20 pairs in-process")
    args = parser.parse_args(argv)
    from cascade.audit import audit, default_jobs

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="cascade-bench-"))
    if args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        truths = build_tree(workdir, max(10, args.plans), random.Random(args.seed))
        built = time.perf_counter() - start
        if args.profile:
            profile_pairs(workdir, truths)
            return 0
        jobs = args.jobs or default_jobs()
        clock = _Clock()
        start = time.perf_counter()
        result = audit(workdir, jobs=jobs, progress=clock)
        wall = time.perf_counter() - start
        quality = score(result, truths)
        quality["findings"] = finding_scores(result, truths)
        render = render_times(result, workdir / "out")
        seed = seed_pair_times()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    _report(result, built, wall, clock, quality, seed, jobs, render)
    return 0


def render_times(result, folder: Path) -> dict[str, float]:
    """Seconds to write the audit as JSON, HTML and .xlsx."""
    from cascade.render.matrix import render_audit_html, render_audit_json
    from cascade.render.matrix_xlsx import render_audit_xlsx

    out = {}
    for name, render in (("json", render_audit_json), ("html", render_audit_html),
                         ("xlsx", render_audit_xlsx)):
        out[name] = _timed(lambda render=render, name=name: render(result, folder / f"a.{name}"))
    return out


def _report(result, built, wall, clock, quality, seed, jobs, render) -> None:
    """Print the figures in Chinese, one line each."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    direct = sum(p.view == "direct" for p in result.pairs)
    diff_s = clock.seconds("diff")
    lines = [
        f"方案 {len(result.plans)} 份（生成用时 {built:.1f} 秒），比对 {len(result.pairs)} 对"
        f"（与上级 {direct}，跨级 {len(result.pairs) - direct}），并行进程 {jobs}",
        f"audit 总用时 {wall:.1f} 秒：读取 {clock.seconds('load'):.1f} 秒，比对 {diff_s:.1f} 秒",
        f"吞吐量 {len(result.pairs) / diff_s if diff_s else 0:.1f} 对/秒（比对阶段），"
        f"{len(result.pairs) / wall:.1f} 对/秒（含读取）",
        f"内存峰值 主进程 {own:.0f} MB，最大子进程 {workers:.0f} MB（ru_maxrss）",
        f"种子对 cascade diff 梅州 广东：子进程 {seed['subprocess']:.2f} 秒；进程内 "
        f"{seed['in_process']:.2f} 秒（解析 {seed['parse']:.2f} 秒，比对 {seed['diff']:.3f} 秒）",
        f"写出结果：JSON {render['json']:.1f} 秒，HTML {render['html']:.1f} 秒，"
        f"xlsx {render['xlsx']:.1f} 秒",
        f"删除条款检出：召回率 {quality['recall']:.1%}（删除 {quality['deleted']} 条），"
        f"精确率 {quality['precision']:.1%}（报告缺失 {quality['reported']} 条），仅计与上级的比对",
    ]
    lines += finding_lines(quality["findings"])
    print("\n".join(lines))


def finding_lines(scores: dict[str, dict[str, float]]) -> list[str]:
    """One line per finding type: recall over the recorded edits, precision over the reports."""
    from cascade.compare.model import LABELS

    out = ["问题类型检出（仅计与上级的比对，按上级任务计）："]
    for kind, s in scores.items():
        out.append(f"  {LABELS[kind]}（{kind}）：召回率 {s['recall']:.1%}（应检出 {s['expected']} 处），"
                   f"精确率 {s['precision']:.1%}（报告 {s['reported']} 处）")
    return out


if __name__ == "__main__":
    sys.exit(main())
