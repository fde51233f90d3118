"""The audit log is tamper-evident: a hash chain that ``omvarld audit verify`` walks to the first break."""

from __future__ import annotations

import importlib
import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from omvarld.accounts.models import Role, User
from omvarld.audit import events
from omvarld.audit.chain import chain_verify, entry_digest
from omvarld.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEntry
from omvarld.audit.services import audit_event
from omvarld.organisation.services import counterpart_create, counterpart_update

CHAIN_0003 = "omvarld.audit.migrations.0003_hash_chain"
CITIES = [("Riga stad", "LV", "Riga"), ("Tallinns stad", "EE", "Tallinn"), ("Vilnius stad", "LT", "Vilnius")]


@pytest.fixture
def log(make_user) -> list[AuditEntry]:
    """A log written through the services: units, a user, counterparts and a change to one of them."""
    officer = make_user(Role.OFFICER, "MHN", username="hanna")
    created = [
        counterpart_create(actor=officer, name=name, type="city", country=country, city=city)
        for name, country, city in CITIES
    ]
    counterpart_update(
        actor=officer, counterpart=created[0], name="Rīgas pilsēta", type="city", country="LV", city="Riga"
    )
    return list(AuditEntry.objects.order_by("id"))


def verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code or 0), err.getvalue()
    return 0, out.getvalue()


def sql(statement: str, *params: object) -> None:
    """Change the database behind the application's back, as someone with access to it could."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_each_entry_carries_a_hash_over_its_content_and_its_predecessors_hash(log) -> None:
    assert log[0].previous_hash == GENESIS_HASH
    for before, entry in itertools.pairwise(log):
        assert entry.previous_hash == before.entry_hash
    for entry in log:
        assert entry.entry_hash == entry_digest(entry)
        assert len(entry.entry_hash) == 64
    head = AuditChainHead.objects.get()
    assert (head.head_hash, head.last_entry_id, head.entries) == (log[-1].entry_hash, log[-1].pk, len(log))


def test_an_intact_log_verifies_and_prints_its_head(log) -> None:
    code, output = verify()
    assert code == 0
    assert f"{len(log)} poster" in output
    assert log[-1].entry_hash in output
    assert chain_verify().intact


def test_a_row_edited_behind_the_applications_back_is_found(log) -> None:
    target = log[len(log) // 2]
    sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", "Ingenting hände", target.pk)

    code, message = verify()

    assert code == 2
    assert f"post {target.pk} " in message
    assert "innehållet stämmer inte" in message
    assert chain_verify().first_break.entry_id == target.pk


def test_a_changed_value_in_the_before_and_after_data_is_found(log) -> None:
    target = log[-1]
    assert target.after["name"] == "Rīgas pilsēta"
    AuditEntry.objects.filter(pk=target.pk).update(after={**target.after, "name": "Riga"})
    assert chain_verify().first_break.entry_id == target.pk


def test_an_edit_that_recomputes_the_entrys_own_hash_breaks_the_next_link(log) -> None:
    target = log[1]
    target.actor_name = "någon annan"
    forged = entry_digest(target)
    AuditEntry.objects.filter(pk=target.pk).update(actor_name="någon annan", entry_hash=forged)

    report = chain_verify()

    assert report.first_break.entry_id == log[2].pk
    assert "länken till föregående post" in report.first_break.reason


def test_a_deleted_entry_is_found_at_the_entry_after_it(log) -> None:
    sql("DELETE FROM audit_auditentry WHERE id = %s", log[3].pk)
    assert chain_verify().first_break.entry_id == log[4].pk


def test_entries_cut_off_the_end_are_found(log) -> None:
    sql("DELETE FROM audit_auditentry WHERE id >= %s", log[-2].pk)
    code, message = verify()
    assert code == 2
    assert "i slutet har tagits bort" in message


def test_the_migration_chains_the_entries_written_before_the_chain_existed(log) -> None:
    chain_0003 = importlib.import_module("omvarld.audit.migrations.0003_hash_chain")
    AuditEntry.objects.update(previous_hash=GENESIS_HASH, entry_hash="")
    AuditChainHead.objects.all().delete()
    assert not chain_verify().intact

    chain_0003.chain_existing_entries(apps, None)

    entries = list(AuditEntry.objects.order_by("id"))
    for before, entry in itertools.pairwise(entries):
        assert entry.previous_hash == before.entry_hash
    assert all(entry.entry_hash == chain_0003.digest(entry) for entry in entries)
    assert AuditChainHead.objects.get().entries == len(log)


# --- Events join the hashed content (audit 0004) -----------------------------------------------------------

EVENTS_0004 = "omvarld.audit.migrations.0004_events"


def test_the_frozen_forms_of_the_hash_agree_with_the_code_and_with_each_other(log) -> None:
    chain_0003, events_0004 = importlib.import_module(CHAIN_0003), importlib.import_module(EVENTS_0004)
    for entry in log:
        assert events_0004.digest(entry) == entry_digest(entry)  # the frozen copy agrees with today's
        assert events_0004.digest_before_events(entry) == chain_0003.digest(entry)
    entry = log[-1]
    entry.event = "counterpart.created"
    assert entry_digest(entry) != entry.entry_hash  # the event is covered by the hash
    entry.event, entry.data = "counterpart.updated", {"name": "Riga"}
    assert entry_digest(entry) != entry.entry_hash  # and so is its data


def _as_before_events(log: list[AuditEntry]) -> None:
    """Put the log back as it was before 0004: no events, details in ``after``, the first form's chain."""
    for entry in log:
        details = entry.data if entry.action not in AuditAction.data_changes() else None
        AuditEntry.objects.filter(pk=entry.pk).update(
            event="", data={}, after=details if details is not None else entry.after
        )
    importlib.import_module(CHAIN_0003).chain_existing_entries(apps, None)


@pytest.fixture
def log_with_sign_ins(log) -> list[AuditEntry]:
    """The log, and a sign-in: an event whose details the first form kept in ``after``."""
    hanna = User.objects.get(username="hanna")
    audit_event(
        actor=hanna,
        event=events.AUTH_LOGIN_SUCCEEDED,
        object_id=str(hanna.pk),
        object_repr="hanna",
        data={"address": "10.0.0.1"},
    )
    return list(AuditEntry.objects.order_by("id"))


def test_the_migration_gives_old_entries_their_events_and_seals_the_chain_anew(log_with_sign_ins) -> None:
    log = log_with_sign_ins
    _as_before_events(log)
    old_head = AuditChainHead.objects.get().head_hash
    assert not chain_verify().intact  # the first form no longer verifies

    importlib.import_module(EVENTS_0004).seal_events(apps, None)

    report = chain_verify()
    assert report.intact
    assert report.entries == len(log) + 1
    migrated = list(AuditEntry.objects.order_by("id"))
    for original, entry in zip(log, migrated, strict=False):
        assert (entry.event, entry.data, entry.before, entry.after) == (
            original.event,
            original.data,
            original.before,
            original.after,
        )
    seal = migrated[-1]
    assert seal.event == "audit.chain_resealed"
    assert seal.data == {"previous_head": old_head, "entries": len(log), "intact": True, "first_break": None}


def test_a_change_made_before_the_migration_stays_on_record_after_it(log) -> None:
    _as_before_events(log)
    target = log[2]
    sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", "Ingenting hände", target.pk)

    importlib.import_module(EVENTS_0004).seal_events(apps, None)

    assert chain_verify().intact  # sealed anew, as it stood …
    seal = AuditEntry.objects.latest("id")
    assert seal.data["intact"] is False  # … but the entry that seals it says the old chain was broken
    assert seal.data["first_break"].startswith(f"post {target.pk}: innehållet stämmer inte")


def test_an_empty_log_is_left_as_it_is(db) -> None:
    importlib.import_module(EVENTS_0004).seal_events(apps, None)
    assert not AuditEntry.objects.exists()


# --- Concurrent writers ------------------------------------------------------------------------------------


def _omvarld(*args: str, environment: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "omvarld", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(units, tmp_path: Path) -> None:
    """Four processes load units at the same moment; every entry links to exactly one predecessor."""
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "OMVARLD_DATA_DIR": str(tmp_path)}
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        environment["DATABASE_URL"] = (
            f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        # The suite's SQLite database lives in memory; the writers share a file database in WAL mode.
        migrate = _omvarld("migrate", "--verbosity", "0", environment=environment)
        assert migrate.wait(timeout=120) == 0, migrate.stderr.read() if migrate.stderr else ""
    files = []
    for writer in range(4):
        path = tmp_path / f"units{writer}.csv"
        rows = "".join(f"W{writer}-{n},Enhet {writer}-{n},,namnd,\n" for n in range(15))
        path.write_text("code,name,name_en,type,parent\n" + rows, encoding="utf-8")
        files.append(path)

    writers = [_omvarld("load_units", str(path), environment=environment) for path in files]
    results = [(writer.wait(timeout=120), writer.communicate()) for writer in writers]

    assert [code for code, _ in results] == [0, 0, 0, 0], results
    check = _omvarld("audit", "verify", environment=environment)
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err
    assert "kedjan obruten" in out
    if connection.vendor == "postgresql":
        entries = list(AuditEntry.objects.order_by("id"))
        assert len({entry.previous_hash for entry in entries}) == len(entries)  # no two share a predecessor
        assert chain_verify().intact
