"""Run one `cascade` command in a child process and measure it: exit code, stderr, seconds, peak MB."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TIME_LIMIT = 10.0  # seconds per input, wall clock
MEMORY_LIMIT_MB = 500  # peak resident memory per input


@dataclass
class Outcome:
    """What one run did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def problems(self, allowed: frozenset[int]) -> list[str]:
        """What breaks the promise: a code not allowed, a traceback, not one Chinese sentence,
        past the time or memory limit."""
        found = []
        if self.code not in allowed:
            found.append(f"exit {self.code} (wanted {sorted(allowed)})")
        if "Traceback" in self.stderr or "内部错误" in self.stderr:
            found.append("internal error")
        if self.code == 2:
            lines = [line for line in self.stderr.splitlines() if line.strip()]
            if len(lines) != 1 or not lines[0].startswith("错误："):
                found.append(f"not one sentence: {self.stderr[:300]!r}")
            elif not any("\u4e00" <= ch <= "\u9fff" for ch in lines[0][3:]):
                found.append(f"not Chinese: {lines[0][:200]!r}")
        if self.seconds > TIME_LIMIT:
            found.append(f"{self.seconds:.1f} s")
        if self.peak_mb > MEMORY_LIMIT_MB:
            found.append(f"{self.peak_mb:.0f} MB")
        return found


# The child reports its own VmHWM at exit: rusage's ru_maxrss would start from this process's
# peak (Linux carries the parent's high-water mark across fork and exec).
_CHILD = """
import atexit, os, runpy, sys
def _report(path=os.environ["CASCADE_PEAK_FILE"]):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM")))
atexit.register(_report)
sys.argv = ["cascade", *sys.argv[1:]]
runpy.run_module("cascade", run_name="__main__", alter_sys=True)
"""


def run_cascade(args: list[str], cwd: Path) -> Outcome:
    """`python -m cascade ARGS` in `cwd`, killed past twice the time limit; peak memory is the
    child's own (a run killed before reporting counts as over the limit)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        env = {k: v for k, v in os.environ.items() if k != "CASCADE_DEBUG"}
        env["CASCADE_PEAK_FILE"] = str(peak_file)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            out, err = proc.communicate(timeout=2 * TIME_LIMIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        seconds = time.perf_counter() - start
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")
    return Outcome(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   seconds, peak)
