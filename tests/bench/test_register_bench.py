"""The register's benchmark (``bench/register_bench.py``) runs: it fills a small register and measures
every page it names. It times nothing that a test would check: the figures are in docs/performance.md."""

from __future__ import annotations

import pytest

from bench import register_bench


@pytest.mark.django_db
def test_the_register_bench_fills_and_measures_every_page() -> None:
    _coordinator, _officer, officer_unit = register_bench._setup_organisation()
    made = register_bench.fill(1000, log=lambda _text: None)
    result = register_bench.measure(officer_unit, repeat=1, log=lambda _text: None, warm=0, counted=1)

    assert made["waiting"] > 0
    assert set(result["pages"]) == {
        *register_bench.LIST_PAGES, "queue", "detail", "export_csv"
    }  # fmt: skip
    for page in result["pages"].values():
        assert page["median_ms"] > 0
        assert page["bare_median_ms"] > 0
        assert page["queries"] > 0
    # The list makes the same queries for ten rows as for a full page.
    assert result["queries_10"] == result["queries_100"]
