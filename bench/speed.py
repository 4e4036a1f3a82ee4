"""Every row of the speed table (issue 11) in one run, as CPU time against a bare Python start.

    .venv/bin/python bench/speed.py [--runs 7] [--plans 1000] [--factor 50] [--quick]

Each command runs as a fresh process, paired with a `python -c pass` of the same interpreter
started just before it; a row's figure is the median over `--runs` pairs of the command's CPU
time (user + system, its worker processes included) divided by its pair's. Peak memory is the
largest resident set of the process (or of its largest worker). The synthetic audit tree comes
from bench/synthetic.py, the large plan from bench/large.py. `--quick` skips those two.

The package's bytecode is compiled first, as pip does when it installs a package: an editable
install writes it on first use, unless PYTHONDONTWRITEBYTECODE is set (it is on the machine
these figures come from), and then every command would compile cascade's sources again.
`--no-compile` measures that case.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SOURCES = ROOT / "plans" / "sources"
SEEDS = ("guangdong-2023", "meizhou-2023", "kaiping-2024", "suizhou-2024")


@dataclass
class Sample:
    """One finished process: CPU seconds (its children included), wall seconds, peak MB."""

    cpu: float
    wall: float
    peak_mb: float
    code: int
    out: str = ""


def run(args: list[str], cwd: Path, stdout: bool = False) -> Sample:
    """Run `args`, wait for it with wait4 and return what it cost."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    out = proc.stdout.read().decode() if stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024,
                  proc.returncode, out)


@dataclass
class Row:
    """A table row: a command (or several timed together), its target and what was measured."""

    label: str
    target: float  # the ratio it must stay at or below
    commands: list[list[str]]
    prepare: object = None  # called before each run (a fresh copy of a file the command edits)
    ratios: list[float] = field(default_factory=list)
    peak: float = 0.0


def cascade() -> list[str]:
    """The installed console script, as a user runs it."""
    exe = Path(sys.executable).with_name("cascade")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cascade"]


def setup(work: Path) -> None:
    """Sources, their .plan.yaml, the demo tree and a ledger to update, under `work`."""
    for name in SEEDS:
        shutil.copyfile(SOURCES / f"{name}.txt", work / f"{name}.txt")
        subprocess.run([*cascade(), "parse", f"{name}.txt", "-o", f"{name}.plan.yaml"], cwd=work,
                       check=True, capture_output=True)
    tree = work / "tree"
    tree.mkdir()
    for name in SEEDS:
        shutil.copyfile(work / f"{name}.plan.yaml", tree / f"{name}.plan.yaml")
    subprocess.run([*cascade(), "derive", str(ROOT / "plans" / "meixian-2024.overrides.yaml"),
                    "-o", str(tree / "meixian-2024.plan.yaml")], cwd=work, check=True,
                   capture_output=True)
    shutil.copyfile(ROOT / "plans" / "tree.yaml", tree / "tree.yaml")
    subprocess.run([*cascade(), "render", "kaiping-2024.plan.yaml", "--xlsx",
                    "kaiping.ledger.xlsx"], cwd=work, check=True, capture_output=True)


def rows(work: Path) -> list[Row]:
    """The table's process rows, in the issue's order."""
    c = cascade()

    def fresh_ledger() -> None:
        shutil.copyfile(work / "kaiping.ledger.xlsx", work / "ledger.xlsx")
        for old in work.glob("ledger.备份-*"):
            old.unlink()

    out = [Row("cascade --help", 3, [[*c, "--help"]]),
           Row("cascade parse --help", 3, [[*c, "parse", "--help"]])]
    out += [Row(f"cascade parse {name}.txt", 5,
                [[*c, "parse", f"{name}.txt", "-o", "out.plan.yaml"]]) for name in SEEDS]
    out += [
        Row("cascade diff 梅州 广东 --json（原文）", 10,
            [[*c, "diff", "meizhou-2023.txt", "guangdong-2023.txt", "--json", "d.json"]]),
        Row("cascade diff 梅州 广东 --json（.plan.yaml）", 10,
            [[*c, "diff", "meizhou-2023.plan.yaml", "guangdong-2023.plan.yaml", "--json",
              "d.json"]]),
        Row("cascade render --docx（广东）", 10,
            [[*c, "render", "guangdong-2023.plan.yaml", "--docx", "g.docx"]]),
        Row("cascade render --xlsx（广东）", 10,
            [[*c, "render", "guangdong-2023.plan.yaml", "--xlsx", "g.xlsx"]]),
        Row("cascade ledger update（开平）", 12,
            [[*c, "ledger", "update", "kaiping-2024.plan.yaml", "ledger.xlsx"]], fresh_ledger),
        Row("cascade audit 演示目录（默认选项）", 15, [[*c, "audit", "tree"]]),
    ]
    return out


def measure(table: list[Row], work: Path, runs: int) -> None:
    """`runs` rounds; in each, every row runs right after its own bare Python start."""
    bare = [sys.executable, "-c", "pass"]
    for _ in range(runs):
        for row in table:
            if row.prepare:
                row.prepare()
            base = run(bare, work)
            cost = [run(cmd, work) for cmd in row.commands]
            if any(s.code not in (0, 1) for s in cost):  # 1: a diff with findings
                raise SystemExit(f"{row.label} 失败（退出码 {[s.code for s in cost]}）")
            row.ratios.append(sum(s.cpu for s in cost) / base.cpu)
            row.peak = max(row.peak, *(s.peak_mb for s in cost))


def synthetic_audit(work: Path, plans: int, runs: int) -> list[str]:
    """Pairs per CPU-second on the synthetic tree, serial and with two workers."""
    sys.path.insert(0, str(BENCH))
    from synthetic import build_tree

    tree = work / "synthetic"
    build_tree(tree, plans, random.Random(7))
    lines = []
    walls = {}
    for jobs in (1, 2):
        samples = [run([*cascade(), "audit", str(tree), "--jobs", str(jobs), "--json",
                        str(work / "a.json")], work) for _ in range(max(1, runs // 3))]
        pairs = len(json.loads((work / "a.json").read_text("utf-8"))["pairs"])
        cpu = statistics.median(s.cpu for s in samples)
        walls[jobs] = statistics.median(s.wall for s in samples)
        peak = max(s.peak_mb for s in samples)
        lines.append(f"audit 合成目录 {plans} 份 --jobs {jobs}：{pairs} 对，CPU {cpu:.1f} 秒，"
                     f"{pairs / cpu:.0f} 对/CPU 秒（目标 ≥ 150），用时 {walls[jobs]:.1f} 秒，"
                     f"内存峰值 {peak:.0f} MB")
    verdict = "不慢于" if walls[2] <= walls[1] * 1.05 else "慢于"
    lines.append(f"  --jobs 2 {verdict}串行（用时 {walls[2]:.1f} 秒 对 {walls[1]:.1f} 秒）")
    return lines


def large_diff(work: Path, factor: int) -> list[str]:
    """The in-process diff of a plan `factor` times 广东's size (bench/large.py)."""
    sample = run([sys.executable, str(BENCH / "large.py"), "--factor", str(factor)], work,
                 stdout=True)
    if sample.code != 0:
        return [f"{factor} 倍规模方案比对失败（退出码 {sample.code}）"]
    got = json.loads(sample.out.strip().splitlines()[-1])
    ok = got["cpu"] <= 1.5 and got["peak_mb"] <= 150
    return [f"{factor} 倍广东规模方案比对（进程内）：CPU {got['cpu']:.2f} 秒，内存峰值 "
            f"{got['peak_mb']:.0f} MB（目标 ≤ 1.5 秒、≤ 150 MB）{'达标' if ok else '未达标'}；"
            f"缺失条款 {got['summary']['missing_clauses']} 条"]


def main(argv: list[str] | None = None) -> int:
    """Measure every row and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="paired runs per row")
    parser.add_argument("--plans", type=int, default=1000, help="plans in the synthetic tree")
    parser.add_argument("--factor", type=int, default=50, help="size of the large plan")
    parser.add_argument("--quick", action="store_true", help="skip the synthetic tree and large plan")
    parser.add_argument("--no-compile", action="store_true", help="leave cascade's bytecode alone")
    args = parser.parse_args(argv)
    if not args.no_compile:
        import compileall

        compileall.compile_dir(ROOT / "cascade", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="cascade-speed-"))
    try:
        setup(work)
        table = rows(work)
        measure(table, work, args.runs)
        bare = statistics.median(run([sys.executable, "-c", "pass"], work).cpu for _ in range(5))
        print(f"基准：python -c pass 的 CPU 时间中位数 {bare * 1000:.0f} ms；"
              f"每行 {args.runs} 对配对运行取比值中位数")
        print(f"{'项目':<40} {'倍数':>6} {'目标':>6}  {'内存峰值':>8}")
        for row in table:
            ratio = statistics.median(row.ratios)
            mark = "达标" if ratio <= row.target else "未达标"
            print(f"{row.label:<40} {ratio:6.1f}× {'≤' + str(row.target) + '×':>6}  "
                  f"{row.peak:6.0f} MB  {mark}")
        seed = next(r for r in table if r.label.startswith("cascade diff"))
        print(f"cascade diff 种子对内存峰值 {seed.peak:.0f} MB（目标 ≤ 60 MB）"
              f"{'达标' if seed.peak <= 60 else '未达标'}")
        if not args.quick:
            for line in synthetic_audit(work, args.plans, args.runs) + large_diff(work, args.factor):
                print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
