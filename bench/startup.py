"""Print how long `cascade --help` and `cascade parse` take from a cold process."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASCADE = [sys.executable, "-m", "cascade"]
RUNS = 10


def _time(args: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(CASCADE + args, check=True, capture_output=True, cwd=ROOT)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Median wall time over a few cold starts, per command."""
    seed = str(ROOT / "plans" / "sources" / "guangdong-2023.txt")
    for label, args in (("cascade --help", ["--help"]), ("cascade parse <省级方案>", ["parse", seed])):
        print(f"{label:28s} {_time(args) * 1000:7.0f} ms（{RUNS} 次取中位数）")


if __name__ == "__main__":
    main()
