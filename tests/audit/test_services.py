"""The audit writer's helpers: snapshot, change, compare, save, record — and the unit worked out by itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from omvarld.accounts.models import Role, RoleAssignment
from omvarld.audit import events
from omvarld.audit.chain import chain_verify
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.audit.services import (
    audit_event,
    audit_record,
    audit_record_many,
    create_with_audit,
    delete_with_audit,
    snapshot,
    update_with_audit,
)
from omvarld.organisation.models import Counterpart

SOURCE = Path(events.__file__).resolve().parents[1]


@pytest.fixture
def riga(db) -> Counterpart:
    return create_with_audit(
        actor=None, obj=Counterpart(name="Riga stad", type="city", country="LV", city="Riga")
    )


def test_creating_saves_and_records_the_stored_values(riga) -> None:
    entry = AuditEntry.objects.get()
    assert Counterpart.objects.get() == riga
    assert (entry.event, entry.action, entry.object_id) == ("counterpart.created", "create", str(riga.pk))
    assert entry.before is None
    assert entry.after == snapshot(riga)
    assert entry.unit_id is None  # a counterpart belongs to no unit


def test_updating_saves_only_what_changed_and_records_before_and_after(riga) -> None:
    # Someone else changed the city in the meantime; this object has not seen it and does not touch it.
    Counterpart.objects.filter(pk=riga.pk).update(city="Rīga")
    entry = update_with_audit(actor=None, obj=riga, values={"name": "Rīgas pilsēta", "type": "city"})
    assert entry is not None
    assert entry.event == "counterpart.updated"
    assert entry.changed_fields() == [("name", "Riga stad", "Rīgas pilsēta")]
    stored = Counterpart.objects.get()
    assert (stored.name, stored.city) == ("Rīgas pilsēta", "Rīga")


def test_an_update_that_changes_nothing_saves_nothing_and_records_nothing(
    riga, django_assert_num_queries
) -> None:
    count = AuditEntry.objects.count()
    with django_assert_num_queries(0):
        assert update_with_audit(actor=None, obj=riga, values={"name": "Riga stad", "country": "LV"}) is None
    assert AuditEntry.objects.count() == count


def test_an_update_of_a_field_the_model_lacks_or_of_a_secret_is_refused(riga, make_user) -> None:
    count = AuditEntry.objects.count()
    with pytest.raises(ValueError, match="has no fields nmae"):
        update_with_audit(actor=None, obj=riga, values={"nmae": "Riga"})
    with pytest.raises(ValueError, match="password is secret"):
        update_with_audit(actor=None, obj=make_user(None), values={"password": "x"})
    assert AuditEntry.objects.count() == count + 1  # only the account make_user created


def test_deleting_records_the_last_values_then_deletes(riga) -> None:
    last = snapshot(riga)
    entry = delete_with_audit(actor=None, obj=riga)
    assert not Counterpart.objects.exists()
    assert (entry.event, entry.before, entry.after) == ("counterpart.deleted", last, None)


def test_creating_refuses_an_object_already_saved(riga) -> None:
    with pytest.raises(ValueError, match="saved already"):
        create_with_audit(actor=None, obj=riga)


def test_the_entry_is_filed_under_the_objects_own_unit(make_user, units) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    granted = AuditEntry.objects.get(event="user.role_granted", data__user=officer.pk)
    assert granted.unit_id == units["MHN"].pk
    assert granted.data == {"user": officer.pk, "role": "officer", "unit": units["MHN"].pk}
    entry = update_with_audit(actor=None, obj=units["SBN"], values={"name_en": "Urban Planning Committee"})
    assert entry is not None
    assert entry.unit_id == units["SBN"].pk  # a unit belongs to itself
    assert AuditEntry.objects.filter(event="unit.created", unit_id=units["KS"].pk).count() == 1


def test_the_older_way_of_calling_still_works_and_must_agree_on_the_unit(units) -> None:
    """``audit_record(action=…, unit_id=…)`` as services called it before events: kept for older callers."""
    mhn, sbn = units["MHN"], units["SBN"]
    entry = audit_record(actor=None, action=AuditAction.UPDATE, obj=mhn, before={}, after={}, unit_id=mhn.pk)
    assert (entry.event, entry.unit_id) == ("unit.updated", mhn.pk)
    with pytest.raises(ValueError, match="belongs to unit"):
        audit_record(actor=None, action=AuditAction.UPDATE, obj=mhn, before={}, after={}, unit_id=sbn.pk)
    unlocked = audit_event(
        actor=None,
        action=AuditAction.UNLOCK,
        object_type="accounts.user",
        object_repr="hanna",
        details={"username": "hanna", "address": None, "failures": 5, "addresses": ["10.0.0.1"]},
    )
    assert (unlocked.event, unlocked.data["failures"]) == ("user.unlocked", 5)


def test_revoking_a_role_records_what_was_revoked(make_user, units) -> None:
    from omvarld.accounts.services import role_revoke

    officer = make_user(Role.OFFICER, "MHN")
    role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=officer))
    entry = AuditEntry.objects.latest("id")
    assert (entry.event, entry.unit_id, entry.after) == ("user.role_revoked", units["MHN"].pk, None)
    assert entry.data == {"user": officer.pk, "role": "officer", "unit": units["MHN"].pk}
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_many_entries_are_appended_as_one_by_one_in_their_order(riga, units) -> None:
    tallinn = Counterpart.objects.create(name="Tallinna linn", type="city", country="EE")
    before = snapshot(riga)
    riga.name = "Rīgas pilsēta"

    audit_record_many(
        actor=None,
        records=[
            (events.COUNTERPART_CREATED, tallinn, None, snapshot(tallinn), None),
            (events.COUNTERPART_UPDATED, riga, before, snapshot(riga), None),
            (events.UNIT_UPDATED, units["MHN"], {}, {}, None),
        ],
    )

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.event, e.object_id) for e in entries[-3:]] == [
        ("counterpart.created", str(tallinn.pk)),
        ("counterpart.updated", str(riga.pk)),
        ("unit.updated", str(units["MHN"].pk)),
    ]
    assert entries[-2].before["name"] == "Riga stad"
    assert entries[-1].unit_id == units["MHN"].pk  # filed under the object's own unit
    assert chain_verify().intact


def test_many_entries_are_refused_whole_for_one_event_that_does_not_fit(riga) -> None:
    count = AuditEntry.objects.count()
    with pytest.raises(ValueError, match="carries"):
        audit_record_many(
            actor=None,
            records=[
                (events.COUNTERPART_UPDATED, riga, {}, {}, None),
                (events.COUNTERPART_UPDATED, riga, {}, {}, {"outcome": "approve"}),
            ],
        )
    assert AuditEntry.objects.count() == count


# Writes a service makes without the helpers, each for a reason: a password never enters the log (its change
# is an event), and the failed sign-ins an unlock forgets are django-axes' rows, not Omvärld's.
# The register's numbering counter and its stored assessments are bookkeeping derived from an audited
# change: the number is in the registration's entry, and an assessment is made from the engagement's
# audited state (its outcome is in the submission's entry). Filing a document writes its file to the
# storage (``file.save``, and ``storage.delete`` when the row cannot be saved): files, not rows; the row
# itself is written through ``create_with_audit``.
# Writes a service makes without the helpers, each for a reason: a password never enters the log (its change
# is an event), and the failed sign-ins an unlock forgets are django-axes' rows, not Omvärld's.
# The register's numbering counter and its stored assessments are bookkeeping derived from an audited
# change: the number is in the registration's entry, and an assessment is made from the engagement's
# audited state (its outcome is in the submission's entry). Filing a document writes its file to the
# storage (``file.save``, and ``storage.delete`` when the row cannot be saved): files, not rows; the row
# itself is written through ``create_with_audit``.
# A background job (``jobs/services.py``) is recorded when it starts and when it ends, through the helpers;
# in between, its task's id and its running status are the queue's bookkeeping (``job_start``, ``_claim``),
# a file it made goes to the storage or is removed from it (``_store``, ``_discard``: files, not rows), and
# a worker that was killed marks its task in django-tasks-db's table as failed (``job_recover``; the job
# itself through the helper). The register's re-assessment (``engagements/reassess.py``) stores
# assessments as ``assessment_store`` does, and its figures are in the job's ``job.succeeded`` entry.
# The index of the passages that stored assessments cite is derived from them, as they are from the
# audited engagement, and is rebuilt from them at will.
# An import keeps its file in the storage as a document is kept (``import_upload``). It writes each new
# matter once, in the state registering, submitting and deciding it leave it in, with its stored assessment
# and decision, and records each of those steps as the services record them, with the same before and after
# (``Writer._register``, through ``audit_record_many``; ``tests/imports/test_services.py`` proves the rows
# and entries the same as the services'); and it links each row's own id to its matter (``ImportKey``,
# bookkeeping of the import whose file is kept). Starting an import records its job on it (``import_start``):
# the job's ``job.started`` entry names the import in its parameters. The index of cited passages is kept
# for assessments stored in bulk too; all its writes go through ``_index_matters`` and ``_passage_sets``
# (each set of passages stored once, each matter one row naming its set).
WRITES_WITHOUT_THE_HELPERS = {
    ("imports/services.py", "_start_job"),
    ("strategy/services.py", "_index_matters"),
    ("strategy/services.py", "_passage_sets"),
    ("imports/services.py", "import_upload"),
    ("imports/services.py", "_register"),
    ("imports/services.py", "_link"),
    ("jobs/services.py", "job_start"),
    ("jobs/services.py", "_claim"),
    ("jobs/services.py", "_store"),
    ("jobs/services.py", "_discard"),
    ("jobs/services.py", "job_recover"),
    ("strategy/services.py", "citations_rebuild"),
    ("engagements/services.py", "document_file"),
    ("accounts/services.py", "user_set_password"),
    ("accounts/services.py", "lockout_lift"),
    ("engagements/services.py", "take_number"),
    # A series and year's counter of registration numbers, locked for a bulk writer that numbers from it in
    # memory (an import) and saves it once: bookkeeping of the numbers, as ``take_number`` is.
    ("engagements/services.py", "number_counter"),
    ("imports/services.py", "_numbers_taken"),
    ("engagements/services.py", "assessment_store"),
    # The words of a policy version's passages, kept once per content hash for the stored assessments that
    # cite them by id: derived from the shipped version (audited where it is adopted), like the index above.
    ("engagements/services.py", "policy_texts_keep"),
}
# An object's own writes, and a queryset's (``Model.objects.…``, ``….filter(…).…``): not ``dict.update``.
OBJECT_WRITES = {"save", "delete"}
QUERYSET_WRITES = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
QUERYSETS = {"objects", "_default_manager", "filter", "exclude", "all", "select_for_update"}
# Rows written in bulk without model objects (``core.bulk``): writes all the same.
BULK_WRITES = {"insert_rows", "insert_objects", "delete_rows"}


def _chain(node: ast.expr) -> set[str]:
    """The names along ``a.b(…).c``: the attributes and the called methods it goes through."""
    names = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            return names


def _writes(call: ast.Attribute) -> bool:
    method, receiver = call.attr, _chain(call.value)
    in_bulk = method in BULK_WRITES and isinstance(call.value, ast.Name) and call.value.id == "bulk"
    return method in OBJECT_WRITES or (method in QUERYSET_WRITES and bool(receiver & QUERYSETS)) or in_bulk


def _direct_writes() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(SOURCE.rglob("services.py")):
        if path.parent.name == "audit":
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if _writes(node.func):
                    found.add((str(path.relative_to(SOURCE)), function.name))
    return found


def test_the_check_of_direct_writes_sees_them() -> None:
    source = (
        "def f():\n    Unit.objects.filter(code='x').update(name='y')\n    u.save()\n    d.update(x=1)\n"
        "    bulk.insert_rows(Unit, ('code',), [('x',)])\n    rows.insert_rows()\n"
    )
    calls = [
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    flagged = [n.func.attr for n in calls if _writes(n.func)]
    assert flagged == ["update", "save", "insert_rows"]


def test_every_service_writes_models_through_the_helpers() -> None:
    assert _direct_writes() == WRITES_WITHOUT_THE_HELPERS
