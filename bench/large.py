"""A plan many times a seed's size: shuffled, renumbered copies of its sections, for scaling runs.

    .venv/bin/python bench/large.py [--factor 50]   # times one in-process diff, prints JSON

`scaled(plan, factor, rng)` repeats the plan's sections `factor` times in a shuffled order and
renumbers sections and tasks as one plan. The bench diffs 梅州 scaled this way against 广东
scaled the same way and reports the diff's CPU time and the process's peak memory.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import sys
import time

from synthetic import SOURCES, _renumber

CHILD, PARENT = "meizhou-2023", "guangdong-2023"


def scaled(plan, factor: int, rng: random.Random):
    """`plan` with its sections repeated `factor` times in a shuffled order, renumbered."""
    big = copy.deepcopy(plan)
    big.sections = [copy.deepcopy(s) for _ in range(factor) for s in plan.sections]
    rng.shuffle(big.sections)
    _renumber(big)
    return big


def main(argv: list[str] | None = None) -> int:
    """Build the scaled pair, diff it once, print seconds, findings and peak memory as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from cascade.compare import diff_plans
    from cascade.parse import parse_file

    rng = random.Random(args.seed)
    parent = scaled(parse_file(SOURCES / f"{PARENT}.txt"), args.factor, rng)
    child = scaled(parse_file(SOURCES / f"{CHILD}.txt"), args.factor, rng)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, wall = time.process_time(), time.perf_counter()
    summary = diff_plans(child, parent).to_dict()["summary"]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"factor": args.factor, "cpu": cpu, "wall": wall,
                      "peak_mb": peak / 1024, "before_mb": before / 1024,
                      "parent_tasks": len(parent.tasks()), "child_tasks": len(child.tasks()),
                      "summary": {k: v for k, v in summary.items() if isinstance(v, int)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
