"""The re-assessment's benchmark (``bench/reassess_bench.py``) runs its parts on a small register: the facts
file and the bare engine over it, and the in-process run by phases. It times nothing a test would check:
the figures are in docs/performance.md (the worker's run needs a database another process can see)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection

from bench import reassess_bench, register_bench
from omvarld.engagements.models import Engagement, StoredAssessment


@pytest.mark.django_db
def test_the_reassess_bench_writes_the_facts_and_times_the_phases(tmp_path: Path) -> None:
    register_bench._setup_organisation()
    register_bench.fill(300, log=lambda _text: None)
    Engagement.objects.update(status="submitted")
    stored = StoredAssessment.objects.count()

    path = tmp_path / "facts.jsonl"
    assert reassess_bench.facts_file(path, datetime.date(2026, 11, 27)) == 300
    assert reassess_bench.bare_engine(path) > 0
    phases = reassess_bench.phases(120)

    assert 120 <= phases["matters"] <= 300  # whole batches, up to the first 120
    assert {"read_s", "facts_s", "engine_s", "serialise_s", "write_s"} <= set(phases)
    assert StoredAssessment.objects.count() == stored  # rolled back


@pytest.mark.django_db
def test_the_reassess_bench_splits_the_processors_time_and_changes_nothing() -> None:
    register_bench._setup_organisation()
    register_bench.fill(300, log=lambda _text: None)
    Engagement.objects.update(status="submitted")
    stored = StoredAssessment.objects.count()

    split = reassess_bench.cpu_split(120)

    assert 120 <= split["matters"] <= 300  # whole batches, up to the first 120
    assert split["wall_s"] > 0
    assert split["job_process_cpu_s"] > 0
    assert split["pool_cpu_s"] == 0  # a register this small is assessed on a thread of the job's process
    if connection.vendor == "postgresql":
        assert split["server_backend_cpu_s"] is not None
        assert split["server_backend_cpu_s"] >= 0
    else:
        assert split["server_backend_cpu_s"] is None
    assert StoredAssessment.objects.count() == stored  # rolled back
