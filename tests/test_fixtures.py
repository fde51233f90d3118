"""The shared fixtures in tests/conftest.py stand for what they replace."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from tests.conftest import _write_loaded_units

from omvarld.audit.chain import chain_verify
from omvarld.audit.models import AuditChainHead, AuditEntry
from omvarld.organisation.models import Unit
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file


def _written() -> dict[str, Any]:
    """The units and their audit entries, with unit ids as codes (the ids of two loads may differ)."""
    code = dict(Unit.objects.values_list("pk", "code"))

    def by_code(values: dict[str, Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {
            key: code.get(value, value) if key in {"id", "parent", "successor"} else value
            for key, value in values.items()
        }

    units = [
        (
            unit.code,
            unit.name,
            unit.name_en,
            unit.type,
            unit.valid_from,
            unit.valid_to,
            code.get(unit.parent_id),
            code.get(unit.successor_id),
        )
        for unit in Unit.objects.order_by("code")
    ]
    entries = [
        (
            entry.actor_id,
            entry.actor_name,
            entry.channel,
            entry.action,
            entry.event,
            entry.object_type,
            code[int(entry.object_id)],
            entry.object_repr,
            code.get(entry.unit_id),
            by_code(entry.before),
            by_code(entry.after),
            entry.data,
        )
        for entry in AuditEntry.objects.order_by("pk")
    ]
    return {"units": units, "entries": entries, "chained": AuditChainHead.objects.get(pk=1).entries}


def test_the_units_fixture_writes_what_loading_the_bundled_file_writes(units_loaded_once, db) -> None:
    assert units_loaded_once is not None, (
        "the units fixture loads the file in every test: see units_loaded_once"
    )
    with transaction.atomic():
        _write_loaded_units(units_loaded_once)
        copied = _written()
        report = chain_verify()
        transaction.set_rollback(True)
    assert report.intact, report.first_break
    assert report.entries == len(copied["entries"]) == copied["chained"]
    units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    assert _written() == copied
