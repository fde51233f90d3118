"""The what-if's benchmark (``bench/whatif_bench.py``) runs: it fills a small register and measures the
run beside its yardsticks. It times nothing that a test would check: the figures are in
docs/performance.md."""

from __future__ import annotations

import pytest

from bench import register_bench, whatif_bench


@pytest.mark.django_db
def test_the_whatif_bench_measures_the_run_beside_the_engine() -> None:
    register_bench._setup_organisation()
    register_bench.fill(600, log=lambda _text: None)
    result = whatif_bench.measure(1, log=lambda _text: None)

    assert result["matters"] > 500  # the withdrawn are not compared
    assert result["changed"] > 0
    assert set(result["figures"]) == {"run", "engine", "read"}
    assert all(figure["median_ms"] > 0 for figure in result["figures"].values())
