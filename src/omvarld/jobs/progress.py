"""A running job's progress: written by the job as it works, read by its page.

The job's work runs in a transaction that is rolled back if it fails, and on SQLite that transaction holds
the database's only write lock until it ends: progress written to the database inside it would be seen by
nobody, and outside it could not be written at all. So a running job's progress goes to the ``jobs`` cache
(files in the data directory, which the worker and the web server share), at most once per
``INTERVAL``; the job's row gets the final figures when it finishes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import BaseCache, caches

from omvarld.jobs.models import Job, JobStatus

CACHE = "jobs"
# At most this often (seconds) is progress written: a job may call ``progress`` for every row it does.
INTERVAL = 0.5


def _key(job_id: int) -> str:
    return f"omvarld:job-progress:{job_id}"


def cache() -> BaseCache:
    return caches[CACHE]


@dataclass(frozen=True)
class State:
    done: int
    total: int | None
    message: str

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))


class Reporter:
    """``progress(done, total, message=None)`` for one job (``registry.Progress``)."""

    def __init__(
        self, job_id: int, *, interval: float = INTERVAL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.job_id = job_id
        self.interval = interval
        self.clock = clock
        self.done = 0
        self.total: int | None = None
        self.message = ""
        self._written: float | None = None

    def __call__(self, done: int, total: int, message: str | None = None) -> None:
        self.done, self.total = int(done), int(total)
        if message is not None:
            self.message = str(message)[:300]
        now = self.clock()
        if self._written is None or now - self._written >= self.interval or self.done >= self.total:
            self.write(now)

    def write(self, now: float | None = None) -> None:
        self._written = self.clock() if now is None else now
        cache().set(_key(self.job_id), {"done": self.done, "total": self.total, "message": self.message})

    def state(self) -> State:
        return State(self.done, self.total, self.message)


def forget(job_id: int) -> None:
    """Drop what the cache holds of a finished job (its row has the final figures)."""
    cache().delete(_key(job_id))


def _from_row(job: Job) -> State:
    return State(job.progress_done, job.progress_total, job.progress_message)


def _from_cache(job: Job, kept: Any) -> State:
    if not isinstance(kept, dict):
        return _from_row(job)
    return State(int(kept.get("done", 0)), kept.get("total"), str(kept.get("message", "")))


def current(job: Job) -> State:
    """How far ``job`` has come: a running job's latest progress, or the figures its row keeps."""
    if job.status != JobStatus.RUNNING:
        return _from_row(job)
    return _from_cache(job, cache().get(_key(job.pk)))


def attach(jobs: Iterable[Job]) -> None:
    """Give each job its ``progress`` (a ``State``), reading the running ones' from the cache at once."""
    jobs = list(jobs)
    running = [job for job in jobs if job.status == JobStatus.RUNNING]
    kept = cache().get_many([_key(job.pk) for job in running]) if running else {}
    for job in jobs:
        job.progress = (  # type: ignore[attr-defined]
            _from_cache(job, kept.get(_key(job.pk))) if job.status == JobStatus.RUNNING else _from_row(job)
        )
