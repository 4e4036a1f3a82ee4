"""Audit a folder of plans: every plan against its parent, and each county through its city.

Two stages: read every plan once (source documents are parsed once even when a plan is both
child and parent), then diff the pairs, batched by parent; each parent's side of the diff is
prepared once per batch. With enough work for a pool to pay, both stages share one pool of
worker processes, started once with the matching code already imported; small folders run in
this process. Workers return compact `PairResult`s, never full diffs.
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..errors import CascadeError, InputError, ParseError
from ..parse.load import is_plan_file
from .result import AuditResult, PairResult, PlanInfo
from .through import carry_omissions
from .tree import TREE_FILE, ancestors, discover, link_parents, read_tree

Progress = Callable[[str, int, int], None]
MAX_DEFAULT_JOBS = 8
BATCH = 16
# Work items (plans to read plus pairs to diff) below which a pool costs more than it saves:
# a pair takes ~10-25 ms of CPU, while starting workers and shipping pickled plans to them and
# back costs about as much as a few dozen pairs.
POOL_MIN_WORK = 60


@dataclass
class _Loaded:
    """A plan read by a worker: its info, its own `parent` field, and the pickled Plan."""

    info: PlanInfo
    declared_parent: str | None
    blob: bytes


def default_jobs() -> int:
    """Worker processes used when none are asked for: the CPUs this process may use, at most 8."""
    return max(1, min(_cpus(), MAX_DEFAULT_JOBS))


def _cpus() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def idle_cpus() -> int:
    """CPUs not busy with other work (1-minute load average, this process not counted), ≥ 1.

    Workers beyond these cannot run alongside each other: on a 2-CPU machine at load 7, two
    workers took 30 % longer than one process for the same result, and more CPU time.
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system
        return _cpus()
    return max(1, int(_cpus() - max(0.0, load - 1.0) + 0.5))


def audit(
    directory: str | Path, *, jobs: int | None = None, progress: Progress | None = None
) -> AuditResult:
    """Find every plan under `directory` and its parent, and diff each child with its ancestors.

    `jobs` worker processes at most (default: the CPUs available, at most 8; 1 runs in this
    process); fewer when other work keeps CPUs busy, none for a small folder.
    `progress(stage, done, total)` is called as work completes; stage is "load" or "diff".
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError("不是一个存在的文件夹。", path=directory)
    if jobs is not None and jobs < 1:
        raise InputError(f"并行进程数应当至少为 1，而不是 {jobs}。")
    jobs = jobs or default_jobs()
    tree_path = directory / TREE_FILE
    entries = read_tree(tree_path) if tree_path.is_file() else []
    keys = discover(directory)
    if not keys:
        raise InputError(
            "文件夹中没有找到方案（.plan.yaml、.plan.json、.txt 或 .docx）。", path=directory
        )
    named = {e.name for e in entries} | {e.parent for e in entries if e.parent}
    # Pairs are at least one per plan with a parent; this guess decides before anything is read.
    # `jobs` is an upper bound: no more workers than CPUs other work leaves idle.
    workers = _Workers(min(jobs, idle_cpus()) if 2 * len(keys) >= POOL_MIN_WORK else 1)
    with workers:
        return _audit(directory, keys, named, entries, workers, progress)


def _audit(directory: Path, keys: list[str], named: set[str], entries, workers: _Workers,
           progress) -> AuditResult:
    """The two stages of `audit`, on `workers`."""
    loaded, warnings = _load_all(directory, keys, named, workers, progress)
    entries, orphans = _without_unread(entries, sorted(set(keys) - set(loaded)))
    warnings += orphans
    keys = sorted(loaded)
    links = link_parents(
        directory,
        keys,
        {k: v.info.id for k, v in loaded.items()},
        {k: v.declared_parent for k, v in loaded.items()},
        entries,
    )
    for key, item in loaded.items():
        item.info.parent = links.parent[key]
        if item.info.parent:
            item.info.parent_from = "tree.yaml" if links.origin[key][1] else "plan"
    pairs = _diff_all(_pair_list(keys, links), loaded, workers, progress)
    return AuditResult(
        plans=[loaded[k].info for k in keys], pairs=pairs, warnings=warnings + links.warnings
    )


def _without_unread(entries: list, unread: list[str]) -> tuple[list, list[str]]:
    """tree.yaml entries with the plans that could not be read left out (their children are
    audited without a parent), and a warning for each child so cut off."""
    if not unread:
        return entries, []
    from dataclasses import replace

    from .tree import _Names

    gone = _Names(unread, {key: key for key in unread})
    kept, warnings = [], []
    for entry in entries:
        if gone.find(entry.name):
            continue
        if entry.parent is not None and gone.find(entry.parent):
            warnings.append(f"{entry.name}：上级方案“{entry.parent}”无法读取，未与上级比对。")
            entry = replace(entry, parent=None)
        kept.append(entry)
    return kept, warnings


def _pair_list(keys: list[str], links) -> list[tuple[str, str, str, list[str]]]:
    """(child, ancestor, view, via) for each plan and each plan above it."""
    out = []
    for key in keys:
        chain = ancestors(links, key)
        for depth, above in enumerate(chain):
            out.append((key, above, "direct" if depth == 0 else "through", chain[:depth]))
    return out


# -- stage 1: read every plan once --------------------------------------------------------------


def _load_one(directory: str, key: str, named: bool) -> tuple[str, _Loaded | None, str | None]:
    """Read one plan; a source document nobody named that is not a plan is skipped, with why."""
    from ..parse.load import load_plan

    path = Path(directory, key)
    try:
        plan = load_plan(path)
    except CascadeError as exc:  # one bad file never stops the audit of the others
        if isinstance(exc, ParseError) and not (is_plan_file(path) or named):
            return key, None, f"{key}：不是可识别的方案，已跳过（{exc.message}）"
        where = f"第{exc.line}行：" if exc.line else ""
        return key, None, f"{key}：无法读取，未参加比对（{where}{exc.message}）"
    info = PlanInfo(
        key=key,
        id=plan.id,
        title=plan.title,
        level=plan.level,
        region=plan.region,
        tasks=[(t.id, t.title) for t in plan.tasks()],
    )
    declared = plan.parent if is_plan_file(path) else None
    return key, _Loaded(info, declared, pickle.dumps(plan, pickle.HIGHEST_PROTOCOL)), None


def _load_all(directory: Path, keys: list[str], named: set[str], workers: _Workers, progress):
    """Read every plan (in workers when jobs > 1); non-plans nobody named become warnings."""
    names = {k: (k in named or k.rsplit("/", 1)[-1] in named) for k in keys}
    calls = [(_load_one, (str(directory), k, names[k])) for k in keys]
    loaded: dict[str, _Loaded] = {}
    warnings = []
    for key, item, warning in workers.run(calls, "load", progress):
        if item is None:
            warnings.append(warning)
        else:
            loaded[key] = item
    return loaded, sorted(warnings)


# -- stage 2: diff the pairs, batched by parent ------------------------------------------------


def _diff_batch(parent_key: str, parent_blob: bytes, items: list[tuple]) -> list[PairResult]:
    """Diff several children against one parent (unpickled once) and condense each diff."""
    from ..compare import diff_plans
    from ..compare.clauses import comparable_tasks

    parent = pickle.loads(parent_blob)
    prepared = comparable_tasks(parent)  # the parent's side, once for all its children here
    out = []
    for child_key, child_blob, own_parent, view, via in items:
        child = pickle.loads(child_blob)
        # The parent found by the audit (tree.yaml may name it): the diff applies the child's
        # recorded omissions only against the plan they were written for.
        child.parent = own_parent
        try:
            diff = diff_plans(child, parent, parent_tasks=prepared).to_dict()
        except Exception as exc:
            exc.add_note(f"比对 {child_key} ← {parent_key} 时出错")
            raise
        out.append(PairResult.from_diff(child_key, parent_key, view, via, diff))
    return out


def _diff_all(pairs, loaded: dict[str, _Loaded], workers: _Workers, progress
              ) -> list[PairResult]:
    """Diff every pair in batches grouped by parent, in the order the pairs were listed."""
    by_parent: dict[str, list[tuple]] = {}
    for child, parent, view, via in pairs:
        own = loaded[via[0] if via else parent].info.id
        by_parent.setdefault(parent, []).append((child, loaded[child].blob, own, view, via))
    # Batches big enough to reuse each parent's side, small enough to keep every worker busy.
    spread = math.ceil(len(pairs) / (workers.jobs * 4))
    size = BATCH if workers.jobs == 1 else max(1, min(BATCH, spread))
    calls = []
    for parent, items in by_parent.items():
        for i in range(0, len(items), size):
            calls.append((_diff_batch, (parent, loaded[parent].blob, items[i : i + size])))
    results = [r for batch in workers.run(calls, "diff", progress, weights=True) for r in batch]
    order = {(c, p): i for i, (c, p, _, _) in enumerate(pairs)}
    results.sort(key=lambda r: order[(r.child, r.parent)])
    carry_omissions(results, {k: v.info.label for k, v in loaded.items()})
    return results


def _warm() -> None:
    """Import what the workers run, once per process (before forking, the workers inherit it)."""
    from ..compare import diff  # noqa: F401
    from ..parse.load import load_plan  # noqa: F401


class _Workers:
    """Runs `(function, args)` calls: in this process for jobs == 1, else in one pool of worker
    processes started on first use and shared by every stage."""

    def __init__(self, jobs: int):
        """`jobs` worker processes at most."""
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=exc[0] is not None)
            self.pool = None

    def _start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            _warm()
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_warm)
        return self.pool

    def run(self, calls: list[tuple], stage: str, progress, *, weights: bool = False):
        """Yield each call's result (in completion order from the pool), reporting progress.

        With `weights`, a call's progress counts the items of its last argument (a batch).
        """
        total = sum(len(args[-1]) for _, args in calls) if weights else len(calls)
        done = 0
        if progress:
            progress(stage, 0, total)
        if self.jobs == 1 or len(calls) <= 1:
            for func, args in calls:
                result = func(*args)
                done += len(args[-1]) if weights else 1
                if progress:
                    progress(stage, done, total)
                yield result
            return
        pool = self._start()
        futures = {pool.submit(func, *args): args for func, args in calls}
        try:
            for future in as_completed(futures):
                result = future.result()
                done += len(futures[future][-1]) if weights else 1
                if progress:
                    progress(stage, done, total)
                yield result
        except BaseException:
            for future in futures:
                future.cancel()
            raise
