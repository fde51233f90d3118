"""The import's benchmark (``bench/import_bench.py``) runs: it writes a register, imports it and measures
every figure it names beside its yardsticks. It times nothing a test would check: the figures are in
docs/performance.md."""

from __future__ import annotations

import pytest

from bench import import_bench


@pytest.mark.django_db
def test_the_import_bench_writes_a_register_imports_it_and_measures_every_figure(tmp_path) -> None:
    coordinator = import_bench.setup_organisation()

    result = import_bench.measure(coordinator, 120, tmp_path, services_rows=10, log=lambda _text: None)

    assert result["matters"] == result["rows"] == 120
    assert 0 < result["decided"] < 120
    assert result["audit_chain_intact"]
    for figure in ("parse_s", "dry_run_s", "import_s", "again_s", "bulk_create_s", "services_ms_per_row"):
        assert result[figure] > 0, figure
    assert set(result["cpu_s"]) == {"parse", "dry_run", "import", "again", "bulk_create"}


def test_the_register_file_has_every_kind_and_is_the_same_for_the_same_seed() -> None:
    units = ["MHN", "KS", "SBN"]
    first = import_bench.register_file(300, units)
    assert first == import_bench.register_file(300, units)
    text = first.decode()
    for kind in import_bench.KINDS:
        assert f";{kind};" in text, kind
