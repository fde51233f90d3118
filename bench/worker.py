"""Running ``omvarld worker --batch`` as production does, in a process of its own, for the benchmarks of
background jobs (``reassess_bench.py``, ``import_bench.py``): it runs the queued jobs and ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_worker() -> dict[str, float]:
    """Run the queued jobs in a worker process: its wall time, CPU time (s) and peak memory (MB)."""
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "omvarld", "worker", "--batch", "--verbosity", "0"],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(worker.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the worker exited with {status}")
    return {
        "worker_process_s": round(wall, 2),
        "worker_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "worker_peak_mb": round(usage.ru_maxrss / 1024),
    }
