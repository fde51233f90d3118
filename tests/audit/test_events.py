"""The audit events are declared once, completely, and nothing records an event that is not declared."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from omvarld.audit import events
from omvarld.audit.events import DATA_LABELS, EVENTS, AuditEvent, UnknownAuditEvent
from omvarld.audit.models import OBJECT_TYPES_WITHOUT_MODEL, AuditAction, AuditEntry
from omvarld.audit.services import audit_event, audit_record, create_with_audit
from omvarld.organisation.models import Counterpart

SOURCE = Path(events.__file__).resolve().parents[1]
EVENT_NAMES = sorted(EVENTS)

# The events the issue names, and those every write Omvärld makes today needs.
EXPECTED = {
    "engagement.created",
    "engagement.updated",
    "engagement.submitted",
    "engagement.withdrawn",
    "engagement.decided",
    "engagement.carried_out",
    "engagement.followed_up",
    "engagement.closed",
    "decision.recorded",
    "document.created",
    "travel_report.filed",
    "lesson.recorded",
    "membership_review.recorded",
    "reminder.sent",
    "calendar_feed.issued",
    "calendar_feed.revoked",
    "job.started",
    "job.succeeded",
    "job.failed",
    "import.uploaded",
    "import.checked",
    "import.completed",
    "import.refused",
    "unit.created",
    "unit.updated",
    "unit.merged",
    "unit.deleted",
    "counterpart.created",
    "counterpart.updated",
    "counterpart.deleted",
    "policydraft.created",
    "policydraft.deleted",
    "user.created",
    "user.updated",
    "user.password_changed",
    "user.unlocked",
    "user.role_granted",
    "user.role_revoked",
    "auth.login_succeeded",
    "auth.login_failed",
    "auth.locked_out",
    "auth.logged_out",
    "backup.restored",
    "audit.chain_resealed",
}


def test_the_registry_holds_every_event_written_today() -> None:
    assert set(EVENTS) == EXPECTED


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_each_event_is_about_a_known_kind_of_object(name: str) -> None:
    declared = EVENTS[name]
    if declared.object_type not in OBJECT_TYPES_WITHOUT_MODEL:
        apps.get_model(declared.object_type)  # raises LookupError for a model that does not exist


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_each_datum_of_each_event_has_a_label(name: str) -> None:
    declared = EVENTS[name]
    fields: set[str] = set()
    if declared.object_type not in OBJECT_TYPES_WITHOUT_MODEL:
        fields = {field.name for field in apps.get_model(declared.object_type)._meta.concrete_fields}
    for key in declared.data:
        assert key in fields or key in DATA_LABELS, (name, key)


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_each_event_has_a_swedish_label(name: str) -> None:
    declared = EVENTS[name]
    with translation.override("en"):
        english = str(declared.label)
    with translation.override("sv"):
        swedish = str(declared.label)
    assert english != swedish, name
    assert swedish[0].isupper(), name


def test_every_label_of_data_is_used_and_translated() -> None:
    used = {key for declared in EVENTS.values() for key in declared.data}
    assert set(DATA_LABELS) <= used
    untranslated = []
    for key, label in DATA_LABELS.items():
        with translation.override("en"):
            english = str(label)
        with translation.override("sv"):
            swedish = str(label)
        if english == swedish:
            untranslated.append(key)
    assert untranslated == ["sha256"]  # "SHA-256" reads the same in Swedish


def test_a_plain_change_finds_its_event_by_the_model_and_action() -> None:
    assert events.for_change("organisation.counterpart", AuditAction.UPDATE) is events.COUNTERPART_UPDATED
    assert events.for_change("organisation.unit", AuditAction.CREATE) is events.UNIT_CREATED
    with pytest.raises(UnknownAuditEvent):
        events.for_change("accounts.roleassignment", AuditAction.CREATE)  # a grant is named explicitly
    with pytest.raises(UnknownAuditEvent):
        events.for_change("accounts.user", AuditAction.LOGIN)


def test_declaring_checks_the_name_and_refuses_a_second_declaration() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        events.event(
            "counterpart.created", "Counterpart created", AuditAction.CREATE, "organisation.counterpart"
        )
    with pytest.raises(ValueError, match="lower case"):
        events.event("CounterpartCreated", "x", AuditAction.CREATE, "organisation.counterpart")
    assert set(EVENTS) == EXPECTED


def test_declaring_a_new_event_is_one_line_and_it_can_be_recorded_at_once(db) -> None:
    declared = events.event(
        "counterpart.reviewed",
        "Counterpart reviewed",
        AuditAction.UPDATE,
        "organisation.counterpart",
        data=("note",),
    )
    try:
        counterpart = create_with_audit(
            actor=None, obj=Counterpart(name="Riga stad", type="city", country="LV")
        )
        entry = audit_record(
            actor=None, event=declared, obj=counterpart, before=None, after=None, data={"note": "Granskad"}
        )
        assert (entry.event, entry.action, entry.data) == (
            "counterpart.reviewed",
            "update",
            {"note": "Granskad"},
        )
    finally:
        del EVENTS["counterpart.reviewed"]


def test_an_unknown_event_is_refused_and_nothing_is_written(db) -> None:
    counterpart = create_with_audit(actor=None, obj=Counterpart(name="Riga stad", type="city", country="LV"))
    count = AuditEntry.objects.count()
    with pytest.raises(UnknownAuditEvent):
        audit_record(actor=None, event="counterpart.creatd", obj=counterpart, before=None, after=None)
    undeclared = AuditEvent("counterpart.moved", "Moved", AuditAction.UPDATE, "organisation.counterpart")
    with pytest.raises(UnknownAuditEvent):
        audit_record(actor=None, event=undeclared, obj=counterpart, before=None, after=None)
    with pytest.raises(UnknownAuditEvent):
        audit_event(actor=None, event="auth.logged_in", object_repr="hanna")
    assert AuditEntry.objects.count() == count


def test_an_event_about_another_kind_of_object_or_with_other_data_is_refused(db) -> None:
    counterpart = create_with_audit(actor=None, obj=Counterpart(name="Riga stad", type="city", country="LV"))
    count = AuditEntry.objects.count()
    with pytest.raises(ValueError, match=r"is about organisation\.unit"):
        audit_record(actor=None, event=events.UNIT_UPDATED, obj=counterpart, before={}, after={})
    with pytest.raises(ValueError, match="carries"):
        audit_event(actor=None, event=events.AUTH_LOGGED_OUT, object_repr="hanna", data={})
    with pytest.raises(ValueError, match="carries"):
        audit_event(
            actor=None, event=events.AUTH_LOGGED_OUT, object_repr="hanna", data={"address": "", "x": 1}
        )
    with pytest.raises(ValueError, match="is the action"):
        audit_record(
            actor=None,
            action=AuditAction.DELETE,
            event=events.COUNTERPART_UPDATED,
            obj=counterpart,
            before={},
            after={},
        )
    assert AuditEntry.objects.count() == count


def _literal_event_names() -> list[tuple[str, int, str]]:
    """Every event named by a literal in the code: ``event="…"`` and ``events.get("…")``."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # a migration keeps the names of its own time
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            literals = [kw.value for kw in node.keywords if kw.arg == "event"]
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and getattr(node.func.value, "id", "") == "events"
            ):
                literals.extend(node.args[:1])
            for value in literals:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append((str(path.relative_to(SOURCE)), node.lineno, value.value))
    return found


def test_every_event_the_code_names_by_its_name_is_declared() -> None:
    undeclared = [(path, line, name) for path, line, name in _literal_event_names() if name not in EVENTS]
    assert undeclared == []


def test_the_check_of_literal_names_sees_a_misspelt_one(tmp_path: Path) -> None:
    """The scan above would catch ``event="counterpart.creatd"``: shown on a written-out call."""
    call = ast.parse('audit_record(actor=None, event="counterpart.creatd", obj=o, before=None, after=None)')
    [node] = [n for n in ast.walk(call) if isinstance(n, ast.Call)]
    [value] = [kw.value for kw in node.keywords if kw.arg == "event"]
    assert isinstance(value, ast.Constant)
    assert value.value not in EVENTS


def test_the_migration_derives_only_declared_events() -> None:
    """Entries written before events existed get events that are declared, with the data declared."""
    import importlib

    migration = importlib.import_module("omvarld.audit.migrations.0004_events")
    for name in migration.EVENTS.values():
        assert name in EVENTS, name
    for name, keys in migration.DATA.items():
        assert EVENTS[name].data == keys, name
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", name) for name in EVENTS)
