"""Long work (audit, collect) in a background thread; its page polls the job's progress."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from ..errors import CascadeError, describe_os_error

STAGES = {"load": "读取方案", "diff": "逐对比对", "start": "准备中"}
MAX_JOBS = 50


@dataclass
class Job:
    """One piece of long work: its stage and counts while running, then lines or an error."""

    id: str
    title: str
    stage: str = "start"
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    lines: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        """How far along the current stage is, 0–100."""
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def stage_name(self) -> str:
        """The stage in Chinese."""
        return STAGES.get(self.stage, self.stage)

    def progress(self, stage: str, done: int, total: int) -> None:
        """The `progress` callback the api functions call."""
        self.stage, self.done, self.total = stage, done, total


class Jobs:
    """The jobs of this server run, by random id (the oldest finished ones are forgotten)."""

    def __init__(self):
        """No jobs yet."""
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, work) -> Job:
        """Run `work(job)` in a daemon thread; it returns (lines, files)."""
        job = Job(secrets.token_hex(8), title)
        with self._lock:
            finished = [k for k, j in self._jobs.items() if j.finished]
            for key in finished[: max(0, len(self._jobs) - MAX_JOBS)]:
                del self._jobs[key]
            self._jobs[job.id] = job

        def body():
            try:
                job.lines, job.files = work(job)
            except CascadeError as exc:
                job.error = str(exc)
            except OSError as exc:
                job.error = describe_os_error(exc)
            except Exception as exc:  # a bug: said plainly on the page, the server stays up
                job.error = f"内部错误（{type(exc).__name__}），工作区未被改动。"
            finally:
                job.finished = True

        threading.Thread(target=body, name=f"cascade-job-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or None."""
        return self._jobs.get(job_id)
