"""Soak `cascade` with hostile inputs: every stored shape, then random mutations, for a while.

Each input runs as its own child process and is judged like the fuzz test (exit 0 or 2, one
Chinese sentence, within 10 s and 500 MB). Prints inputs tried, failures, peak memory and the
slowest input; exit 1 when any input failed.

    .venv/bin/python bench/soak.py [--minutes 10] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reliability.run import MEMORY_LIMIT_MB, TIME_LIMIT, Outcome, run_cascade  # noqa: E402
from reliability.shapes import OK, PARENT, REFUSED, SEED, SHAPES, Shape, ledger, plan_yaml  # noqa: E402

# Pieces the random mutations splice in: phrases of the genre, runs that once made regexes or
# readers blow up, other encodings, YAML and template syntax.
PIECES = [
    "（一）加强行政执法队伍建设。", "2024年6月底前", "一" * 20000, "（" * 2000, " " * 20000,
    "责任单位：市司法局、各县（市、区）人民政府", "\x00\x01", "某某县司法局", "&a [*a, *a]", "{{ 7*7 }}",
    "\t" * 500, "\r\n" * 500, "!!timestamp 2024-02-30", "[" * 3000,
]


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(out) + 1)
        kind = rng.choice(("flip", "cut", "insert", "gbk"))
        if kind == "flip" and out:
            out[at % len(out)] ^= 1 << rng.randrange(8)
        elif kind == "cut":
            del out[at:at + rng.randint(1, 5000)]
        elif kind == "insert":
            out[at:at] = rng.choice(PIECES).encode("utf-8")
        else:
            out[at:at] = rng.choice(PIECES[:6]).encode("gb18030", "replace")
    return bytes(out)


def random_shapes(rng: random.Random):
    """An endless stream of mutated texts, plan files and ledgers, each a Shape."""
    n = 0
    while True:
        n += 1
        kind = rng.choice(("text", "plan", "ledger-cells"))
        seed = rng.randrange(1 << 30)
        yield Shape(f"random-{kind}-{n}", _random_builder(kind, seed), OK | REFUSED)


def _random_builder(kind: str, seed: int):
    def build(folder: Path) -> list[str]:
        rng = random.Random(seed)
        if kind == "text":
            path = folder / "mutated.txt"
            path.write_bytes(_mutate_bytes(SEED.read_bytes(), rng))
            return ["parse", str(path)]
        if kind == "plan":
            path = folder / "mutated.plan.yaml"
            path.write_bytes(_mutate_bytes(plan_yaml(folder).read_bytes(), rng))
            return rng.choice((["check", str(path)], ["render", str(path), "--docx", str(folder / "out.docx")],
                               ["diff", str(path), str(PARENT)]))
        import openpyxl

        wb = openpyxl.load_workbook(ledger(folder))
        ws = wb.worksheets[0]
        for _ in range(rng.randint(1, 30)):
            ws.cell(rng.randint(1, 1_048_576), rng.randint(1, 16_384),
                    rng.choice(("已完成", "2024年6月底前", "市司法局", "合计", "=1+1", 3.5)))
        path = folder / "mutated.xlsx"
        wb.save(path)
        return rng.choice((["parse", str(path)], ["ledger", "update", str(plan_yaml(folder)), str(path)]))

    return build


def soak(minutes: float, seed: int, keep: Path | None, verbose: bool = False) -> int:
    """Run the stored shapes once, then random ones until `minutes` pass; print the figures."""
    base = Path(tempfile.mkdtemp(prefix="cascade-soak-"))
    rng = random.Random(seed)
    deadline = time.monotonic() + minutes * 60
    tried, failures = 0, []
    slowest: tuple[float, str] = (0.0, "")
    peak: tuple[float, str] = (0.0, "")
    shared = base / "shared"
    shared.mkdir()
    stream = random_shapes(rng)
    try:
        for shape in itertools.chain(SHAPES, stream):
            if tried >= len(SHAPES) and time.monotonic() > deadline:
                break
            work = base / f"{tried:05d}"
            work.mkdir()
            for name in ("seed.plan.yaml", "seed.xlsx"):
                if (shared / name).exists():
                    shutil.copy(shared / name, work / name)
            outcome: Outcome = run_cascade(shape.build(work), work)
            for name in ("seed.plan.yaml", "seed.xlsx"):
                if (work / name).exists() and not (shared / name).exists():
                    shutil.copy(work / name, shared / name)
            tried += 1
            problems = outcome.problems(shape.codes)
            if problems:
                failures.append((shape.name, problems, outcome.stderr.strip()[-300:]))
                if keep:
                    shutil.copytree(work, keep / shape.name, dirs_exist_ok=True)
            if verbose:
                print(f"{shape.name:40s} exit {outcome.code}  {outcome.seconds:5.1f} s  {outcome.peak_mb:5.0f} MB"
                      f"  {'; '.join(problems)}", flush=True)
            slowest = max(slowest, (outcome.seconds, shape.name))
            peak = max(peak, (outcome.peak_mb, shape.name))
            if not problems:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"inputs tried:   {tried} ({len(SHAPES)} stored shapes, {tried - len(SHAPES)} random)")
    print(f"failures:       {len(failures)}")
    for name, problems, stderr in failures[:20]:
        print(f"  {name}: {'; '.join(problems)} — {stderr}")
    print(f"peak memory:    {peak[0]:.0f} MB ({peak[1]}; limit {MEMORY_LIMIT_MB} MB)")
    print(f"slowest input:  {slowest[0]:.1f} s ({slowest[1]}; limit {TIME_LIMIT:g} s)")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run random inputs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="copy each failing input's folder here")
    parser.add_argument("--verbose", action="store_true", help="print a line per input")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    return soak(args.minutes, args.seed, args.keep, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
