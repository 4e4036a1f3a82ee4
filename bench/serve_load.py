"""Load check of `cascade serve`: concurrent clients uploading, diffing and downloading on loopback.

Starts the real `cascade serve --no-browser` on a fresh workspace, then runs N clients (default
20) for a fixed time (default 60 s), each looping over: upload a plan (under its own names),
diff 梅州 against 广东, download the diff JSON and its own uploaded file back. Every response is
checked (status, and the downloaded bytes equal what was uploaded, the JSON parses); at the end
every workspace file is checked too (no temp file left, each upload holds one whole seed text).
Prints the median and p95 latency per action; exits 1 on any error.

    .venv/bin/python bench/serve_load.py [--clients 20] [--seconds 60] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

SOURCES = Path(__file__).resolve().parents[1] / "plans" / "sources"
SEEDS = {p.name: p.read_bytes() for p in sorted(SOURCES.glob("*.txt"))}
CHILD, PARENT = "meizhou-2023.txt", "guangdong-2023.txt"
TIMEOUT = 180.0


def start_server(workspace: Path, port: int) -> tuple[subprocess.Popen, str]:
    """`cascade serve` in a subprocess; returns it and the start URL it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "cascade", "serve", "--no-browser",
                             "--dir", str(workspace), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if m := re.search(r"(http://\S+token=\S+)", line):
            url = m.group(1)
            for _ in range(100):
                try:
                    httpx.get(url.split("/library")[0] + "/", timeout=2)
                    return proc, url
                except httpx.TransportError:
                    time.sleep(0.1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("cascade serve did not start")


def session(url: str) -> tuple[httpx.Client, str]:
    """A client past the token step, and the page's CSRF value."""
    base = url.split("/library")[0]
    client = httpx.Client(base_url=base, timeout=TIMEOUT, follow_redirects=True)
    page = client.get(url)
    page.raise_for_status()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    return client, csrf


class Stats:
    """Latencies per action and the errors seen, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def add(self, action: str, seconds: float) -> None:
        with self.lock:
            self.times.setdefault(action, []).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def client_loop(i: int, url: str, stop: float, stats: Stats, uploaded: dict) -> None:
    """One client's loop until `stop`: upload, diff, download the JSON and its upload back."""
    client, csrf = session(url)
    n = 0
    names = list(SEEDS)
    while time.time() < stop:
        seed = names[n % len(names)]
        mine = f"c{i:02d}-{n % 3}.txt"
        steps = [
            ("upload", lambda mine=mine, seed=seed: client.post("/library/upload", data={"csrf": csrf},
                                           files=[("files", (mine, SEEDS[seed], "text/plain"))])),
            ("diff", lambda: client.get("/diff", params={"child": CHILD, "parent": PARENT})),
            ("download", lambda: client.get(f"/files/out/{Path(CHILD).stem}-对照-"
                                            f"{Path(PARENT).stem}.json")),
            ("download", lambda mine=mine: client.get(f"/files/plans/{mine}")),
        ]
        for k, (action, call) in enumerate(steps):
            t = time.perf_counter()
            try:
                r = call()
            except httpx.HTTPError as exc:
                stats.error(f"{action}: {type(exc).__name__}")
                continue
            stats.add(action, time.perf_counter() - t)
            if r.status_code != 200:
                stats.error(f"{action}: HTTP {r.status_code}")
            elif k == 0:
                uploaded[mine] = seed
            elif k == 1 and "缺失条款（4）" not in r.text:
                stats.error("diff: findings missing from the page")
            elif k == 2:
                try:
                    assert json.loads(r.content)["summary"]["missing_clauses"] == 4
                except (ValueError, KeyError, AssertionError):
                    stats.error("download: diff JSON corrupted")
            elif k == 3 and r.content != SEEDS[seed]:
                stats.error(f"download: {mine} differs from what was uploaded")
        n += 1
    client.close()


def check_workspace(root: Path, uploaded: dict, stats: Stats) -> int:
    """Every file whole: uploads equal the last seed sent under that name, no temp files."""
    files = [p for p in root.rglob("*") if p.is_file()]
    for p in files:
        if p.name.startswith(".") or p.name.endswith(".tmp"):
            stats.error(f"workspace: leftover temp file {p.name}")
    for name, seed in uploaded.items():
        if (root / "方案" / name).read_bytes() != SEEDS[seed]:
            stats.error(f"workspace: {name} is not the seed last uploaded")
    for p in (root / "输出").glob("*.json"):
        json.loads(p.read_text("utf-8"))
    return len(files)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--keep", type=Path, help="keep the workspace in this folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="serve-load-"))
    root = args.keep or tmp / "方案工作区"
    (root / "方案").mkdir(parents=True, exist_ok=True)
    for name in (CHILD, PARENT):
        (root / "方案" / name).write_bytes(SEEDS[name])
    proc, url = start_server(root, args.port)
    stats, uploaded = Stats(), {}
    try:
        stop = time.time() + args.seconds
        threads = [threading.Thread(target=client_loop, args=(i, url, stop, stats, uploaded))
                   for i in range(args.clients)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 2 * TIMEOUT)
        wall = time.time() - started
    finally:
        proc.terminate()
        proc.wait(10)
    files = check_workspace(root, uploaded, stats)
    print(f"cascade serve 负载检查：{args.clients} 个并发客户端，{wall:.0f} 秒，工作区文件 {files} 个")
    every = [t for ts in stats.times.values() for t in ts]
    print(f"{'操作':<10}{'次数':>6}{'中位数':>10}{'p95':>10}")
    for action in ("upload", "diff", "download"):
        ts = stats.times.get(action, [])
        if ts:
            print(f"{action:<10}{len(ts):>6}{statistics.median(ts):>9.2f}s{pct(ts, 0.95):>9.2f}s")
    if every:
        print(f"{'all':<10}{len(every):>6}{statistics.median(every):>9.2f}s{pct(every, 0.95):>9.2f}s")
    print(f"错误：{len(stats.errors)}" + ("" if not stats.errors else "（" + "；".join(
        sorted(set(stats.errors))[:10]) + "）"))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if stats.errors or not every else 0


if __name__ == "__main__":
    sys.exit(main())
