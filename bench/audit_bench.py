"""Benchmark `cascade audit` on a synthetic province → cities → counties tree built from the seeds.

Every synthetic plan is a mutated copy of its parent's parsed Plan (level words translated,
clauses deleted, obligations weakened, words swapped for synonyms, sections reordered and
renumbered, deadlines moved later, local tasks added) saved as `.plan.json` with `parent` set.
The bench knows which clauses it deleted, so it reports recall and precision of the diff's
`missing` clauses on the direct pairs, next to pairs/second, peak memory and the seed-pair time.

    .venv/bin/python bench/audit_bench.py [--plans 1000] [--jobs N] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "plans" / "sources"
PROVINCE, CITY_ROOT = "guangdong-2023", "suizhou-2024"  # roots of the synthetic tree
CHILD, PARENT = "meizhou-2023", "guangdong-2023"  # the seed pair timed end to end

# Mutation rates, per task unless stated.
P_DELETE = 0.15  # one clause of the task deleted
P_WEAKEN = 0.10  # one strong word replaced by a weak one
P_SYNONYM = 0.20  # one word replaced by a synonym
P_LATER = 0.25  # the first dated deadline moved later
P_REORDER = 0.30  # per plan: two sections swapped, tasks renumbered
MAX_ADDED = 2  # per plan: 0..MAX_ADDED local tasks added from other plans

# Rewordings that keep the meaning: the diff must call the clause covered or modified.
SYNONYMS = [("加强", "强化"), ("推进", "推动"), ("完善", "健全"), ("提高", "提升"),
            ("开展", "组织开展"), ("建立", "构建"), ("严格", "从严"), ("规范", "规范化")]
NAME_CHARS = "安宁和平远川泉山河云林阳溪岭华清德兴丰源"


@dataclass
class Truth:
    """What the bench did to one child plan: the parent clauses it deleted, by parent task."""

    deleted: dict[str, list[str]] = field(default_factory=dict)


def region_name(index: int, suffix: str) -> str:
    """A made-up region name (three characters and 市/县), distinct for each index."""
    n = len(NAME_CHARS)
    chars = (NAME_CHARS[index % n], NAME_CHARS[index // n % n], NAME_CHARS[index // n // n % n])
    return "".join(chars) + suffix


def mutate(parent, *, plan_id: str, level: str, region: str, parent_ref: str, donors, rng):
    """A child Plan derived from `parent` with random edits, and the Truth of its deletions."""
    from cascade.compare.clauses import split_clauses
    from cascade.compare.flags import WEAKENING
    from cascade.levels import translate
    from cascade.parse.deadlines import find_deadlines

    child = copy.deepcopy(parent)
    child.id, child.level, child.region, child.parent = plan_id, level, region, parent_ref
    child.title = translate(parent.title, parent.level, level, from_region=parent.region,
                            to_region=region)
    child.notice, child.omitted, child.warnings = None, [], []
    truth = Truth()

    def move(text: str) -> str:
        return translate(text, parent.level, level, from_region=parent.region, to_region=region)

    for task in child.tasks():
        clauses = split_clauses(task.text)
        if len(clauses) > 1 and rng.random() < P_DELETE:
            gone = rng.choice(clauses)
            task.text = task.text.replace(gone, "", 1)
            truth.deleted.setdefault(task.id, []).append(gone)
        if rng.random() < P_WEAKEN:
            weaker = [(s, weak[0]) for strong, weak in WEAKENING for s in strong]
            task.text = _swap_one(task.text, weaker, rng)
        if rng.random() < P_SYNONYM:
            task.text = _swap_one(task.text, SYNONYMS, rng)
        if rng.random() < P_LATER:
            task.text = _later(task.text)
        task.title, task.text = move(task.title), move(task.text)
        task.units = [move(u) for u in task.units]
        task.units_text = move(task.units_text)
        task.implementers = [move(u) for u in task.implementers]
        task.deadlines = find_deadlines(task.text, parent.date)
        task.derived_from = None
        for measure in task.measures:
            measure.text = move(measure.text)
    if len(child.sections) > 2 and rng.random() < P_REORDER:
        i, j = rng.sample(range(len(child.sections)), 2)
        child.sections[i], child.sections[j] = child.sections[j], child.sections[i]
    for _ in range(rng.randint(0, MAX_ADDED)):
        extra = copy.deepcopy(rng.choice(donors))
        extra.derived_from = None
        rng.choice(child.sections).tasks.append(extra)
    _renumber(child)
    return child, truth


def _swap_one(text: str, table: list[tuple[str, str]], rng) -> str:
    """Replace one occurrence of one word of `table` found in `text`."""
    found = [(a, b) for a, b in table if a in text and b not in text]
    if not found:
        return text
    a, b = rng.choice(found)
    return text.replace(a, b, 1)


def _later(text: str) -> str:
    """Move the first `YYYY年M月底前` / `YYYY年底前` deadline half a year later."""
    m = re.search(r"(20\d\d)年(?:(\d{1,2})月)?底前", text)
    if not m:
        return text
    year, month = int(m.group(1)), int(m.group(2) or 12)
    month += 6
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return text[: m.start()] + f"{year}年{month}月底前" + text[m.end():]


SECTION_NUMERALS = "一二三四五六七八九十"


def _renumber(plan) -> None:
    """Give sections and tasks the ids their new order implies, as a re-typed plan would.

    Task numbers run on across sections unless the source restarted them per section.
    """
    restart = len(plan.sections) > 1 and bool(plan.sections[1].tasks) and \
        plan.sections[1].tasks[0].number.strip("．.、 ") == "1"
    counter = 0
    for s, section in enumerate(plan.sections, start=1):
        section.id = str(s)
        section.number = f"（{SECTION_NUMERALS[(s - 1) % 10]}）"
        if restart:
            counter = 0
        for task in section.tasks:
            counter += 1
            task.number = f"{counter}."
            _renumber_task(task, f"{section.id}.{counter}")


def _renumber_task(task, task_id: str) -> None:
    task.id = task_id
    for k, measure in enumerate(task.measures, start=1):
        measure.id = f"{task_id}.m{k}"
    for k, child in enumerate(task.children, start=1):
        child.number = f"（{k}）"
        _renumber_task(child, f"{task_id}.{k}")


def _split_tiers(count: int) -> list[int]:
    """Cities and counties for `count` plans under a province: about √count cities."""
    cities = max(1, round(count ** 0.5))
    return [cities, count - cities] if count > cities else [count]


def _child_level(level: str) -> str:
    from cascade.levels import child_level

    return child_level(level)


def local_tasks(root, others) -> list:
    """Top tasks of other plans sharing no clause with `root`: additions a child could make.

    A task that repeats a root clause would legitimately cover a clause the bench deleted.
    """
    from cascade.compare.clauses import split_clauses

    known = [c for task in root.tasks() for c in split_clauses(task.text)]
    out = []
    for plan in others:
        for task in plan.top_tasks():
            clauses = [c for t in task.walk() for c in split_clauses(t.text)]
            if not any(_same_clause(a, b) for a in clauses for b in known):
                out.append(task)
    return out


def build_tree(directory: Path, n_plans: int, rng) -> dict[str, Truth]:
    """Write `n_plans` plans under `directory` and return each child file's deletions."""
    from cascade.api import load_plan
    from cascade.model import save

    seeds = {p.stem: load_plan(p) for p in sorted(SOURCES.glob("*.txt"))}
    truths: dict[str, Truth] = {}
    roots = [(seeds[PROVINCE], "province"), (seeds[CITY_ROOT], "city")]
    budget = n_plans - len(roots)
    # Most plans sit under the province (cities, then counties); a tenth under the city root.
    shares = [budget - budget // 10, budget // 10]
    index = 0
    for (root, level), share in zip(roots, shares):
        root_file = f"{root.id}.plan.json"
        root.parent = None
        save(root, directory / root_file)
        donors = local_tasks(root, [p for p in seeds.values() if p is not root])
        tiers = _split_tiers(share) if level == "province" else [share]
        parents = [(root, root_file)]
        for depth, count in enumerate(tiers):
            next_parents = []
            for k in range(count):
                parent, parent_file = parents[k % len(parents)]
                child_level = _child_level(parent.level)
                region = region_name(index, "市" if child_level == "city" else "县")
                name = f"{child_level}-{index:04d}"
                folder = Path(f"{root.id}-tier{depth + 1}")
                ref = parent.id if depth == 0 else f"../{parent_file}"
                child, truth = mutate(parent, plan_id=name, level=child_level, region=region,
                                      parent_ref=ref, donors=donors, rng=rng)
                child_file = (folder / f"{name}.plan.json").as_posix()
                save(child, directory / child_file)
                truths[child_file] = truth
                next_parents.append((child, child_file))
                index += 1
            parents = next_parents
    return truths


# -- scoring ------------------------------------------------------------------------------------


def _key(text: str) -> str:
    """A clause reduced to its characters: no spaces, no punctuation, full/half width folded."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def _same_clause(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return ka in kb or kb in ka or fuzz.ratio(ka, kb) >= 85


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
        found += sum(any(_same_clause(c, s) for _, s in said) for _, c in gone)
        correct += sum(any(_same_clause(s, c) for _, c in gone) for _, s in said)
    return {
        "deleted": deleted,
        "reported": reported,
        "recall": found / deleted if deleted else 1.0,
        "precision": correct / reported if reported else 1.0,
    }


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
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


class _Clock:
    """The audit progress callback: remembers when each stage started and ended."""

    def __init__(self):
        self.start: dict[str, float] = {}
        self.end: dict[str, float] = {}
        self.shown = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.start.setdefault(stage, now)
        self.end[stage] = now
        step = max(1, total // 10)
        if stage == "diff" and done // step != self.shown:
            self.shown = done // step
            print(f"  比对进度 {done}/{total}", file=sys.stderr, flush=True)

    def seconds(self, stage: str) -> float:
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
    sys.path.insert(0, str(ROOT))
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
        render = render_times(result, workdir / "out")
        seed = seed_pair_times()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    _report(result, built, wall, clock, quality, seed, jobs, render)
    return 0


def render_times(result, folder: Path) -> dict[str, float]:
    """Seconds to write the audit as JSON, HTML and .xlsx."""
    from cascade.render.matrix import render_audit_html, render_audit_json, render_audit_xlsx

    out = {}
    for name, render in (("json", render_audit_json), ("html", render_audit_html),
                         ("xlsx", render_audit_xlsx)):
        out[name] = _timed(lambda render=render, name=name: render(result, folder / f"a.{name}"))
    return out


def _report(result, built, wall, clock, quality, seed, jobs, render) -> None:
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
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
