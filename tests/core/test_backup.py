"""``omvarld backup`` and ``omvarld restore``: the round trip loses nothing, and bad input changes nothing.

The tests run against whichever database the suite runs on (SQLite or PostgreSQL). They are
transactional because ``pg_dump`` and ``pg_restore`` run in other processes and must see committed rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from omvarld.accounts.models import Role, RoleAssignment, User
from omvarld.accounts.services import role_assign, role_revoke, user_create
from omvarld.audit.models import AuditAction, AuditChainHead
from omvarld.core.backup import SQLITE_MAGIC, sqlite_backup
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create, counterpart_update, units_load

pytestmark = pytest.mark.django_db(transaction=True)

Snapshot = dict[str, list[Any]]
MakeUser = Callable[..., User]
PASSWORD = "ett-långt-testlösenord-2026"


def snapshot() -> Snapshot:
    """Every row of every table Django knows (all apps, many-to-many tables too) plus the migration record.

    A restore appends its own entry to the restored audit log (and moves the chain's head); those are
    left out here and checked by the tests about them.
    """
    rows: Snapshot = {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model is not AuditChainHead
    }
    rows["audit.AuditEntry"] = [
        row for row in rows["audit.AuditEntry"] if row["action"] != AuditAction.RESTORE
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows["django_migrations"] = [tuple(row) for row in cursor.fetchall()]
    return rows


def run(*args: object) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args: object) -> str:
    """Run a command that must refuse: exit code 2 and a Swedish message; returns the message."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert err.getvalue().startswith("Fel: ")
    return err.getvalue()


@pytest.fixture
def populated(make_user: MakeUser, units: dict[str, Unit]) -> dict[str, Any]:
    """Data written through the real services: units, users in roles, counterparts, and their audit trail."""
    coordinator = make_user(Role.COORDINATOR, username="samordnare")
    officer = make_user(Role.OFFICER, "KS", username="handlaggare")
    make_user(Role.ADMINISTRATOR, username="admin")
    copenhagen = counterpart_create(
        actor=coordinator, name="Köpenhamns kommun", type="city", country="DK", city="Köpenhamn"
    )
    counterpart_create(actor=officer, name="Warszawa stad", type="city", country="PL", city="Warszawa")
    return {"coordinator": coordinator, "officer": officer, "copenhagen": copenhagen}


def rewrite_backup(
    good: Path,
    path: Path,
    *,
    manifest: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    payload: Callable[[bytes], bytes] | None = None,
    checksum_follows: bool = True,
) -> None:
    """A copy of a real backup with its manifest or its database changed; the checksum follows the data
    (as a careful forger would make it) unless ``checksum_follows`` is false."""
    with tarfile.open(good) as tar:
        data = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        name = data["payload"]
        database = tar.extractfile(name).read()  # type: ignore[union-attr]
    if payload is not None:
        database = payload(database)
        if checksum_follows:
            data["sha256"], data["size"] = hashlib.sha256(database).hexdigest(), len(database)
    if manifest is not None:
        data.update(manifest(data) if callable(manifest) else manifest)
    with tarfile.open(path, "w") as tar:
        for member_name, content in (
            ("manifest.json", json.dumps(data).encode()),
            (data["payload"], database),
        ):
            info = tarfile.TarInfo(member_name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def change_everything(populated: dict[str, Any]) -> None:
    """Changes after the backup, through the same services, touching every kind of row."""
    coordinator = populated["coordinator"]
    counterpart_create(
        actor=coordinator, name="Helsingfors stad", type="city", country="FI", city="Helsingfors"
    )
    counterpart_update(
        actor=coordinator,
        counterpart=populated["copenhagen"],
        name="Köpenhamns kommun (ändrad)",
        type="city",
        country="DK",
        city="Köpenhamn",
    )
    role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=populated["officer"]))
    newcomer = user_create(actor=None, username="nykomling", password=PASSWORD, check_password_strength=False)
    role_assign(actor=None, user=newcomer, role=Role.READER)
    units_load(actor=None, text="code,name,name_en,type,parent\nNY,Ny nämnd,New committee,namnd,KS\n")
    Counterpart.objects.filter(name="Warszawa stad").delete()


def test_round_trip_loses_nothing(populated: dict[str, Any], tmp_path: Path) -> None:
    before = snapshot()
    assert len(before["organisation.Counterpart"]) == 2
    assert before["audit.AuditEntry"]
    path = tmp_path / "omvarld.backup"

    output = run("backup", path)

    assert "Säkerhetskopia skriven" in output
    assert str(path) in output
    assert [p.name for p in tmp_path.iterdir()] == ["omvarld.backup"]  # no temporary file left behind

    change_everything(populated)
    changed = snapshot()
    assert changed != before
    for label in (
        "organisation.Counterpart",
        "organisation.Unit",
        "accounts.User",
        "accounts.RoleAssignment",
    ):
        assert changed[label] != before[label]

    output = run("restore", path, "--yes")

    assert "Databasen är återställd" in output
    assert snapshot() == before
    # The restored database goes on working: keys continue from the backup without clashing.
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    assert Counterpart.objects.count() == 3


def test_backup_refuses_to_overwrite_without_force(populated: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "omvarld.backup"
    run("backup", path)
    first = path.read_bytes()
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")

    message = refused("backup", path)

    assert "finns redan" in message
    assert "--force" in message
    assert path.read_bytes() == first

    run("backup", path, "--force")

    assert path.read_bytes() != first
    assert [p.name for p in tmp_path.iterdir()] == ["omvarld.backup"]


def _garbage(path: Path, _good: Path) -> None:
    path.write_bytes("Det här är ingen databas.\n".encode() * 100)


def _truncated_backup(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_backup(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))


def _sqlite_not_omvarld(path: Path, _good: Path) -> None:
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE notes (text TEXT)")
    database.execute("INSERT INTO notes VALUES ('hej')")
    database.commit()
    database.close()


def _empty(path: Path, _good: Path) -> None:
    path.write_bytes(b"")


def _another_applications_database(path: Path, _good: Path) -> None:
    """The probe's file: any SQLite database with a django_migrations table used to replace everything."""
    database = sqlite3.connect(path)
    database.execute(
        "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)"
    )
    database.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('blog', '0001_initial', '')")
    database.execute("CREATE TABLE blog_post (id INTEGER PRIMARY KEY, title TEXT)")
    database.execute("INSERT INTO blog_post (title) VALUES ('Hej')")
    database.commit()
    database.close()


def _bare_database_copy(path: Path, _good: Path) -> None:
    """A real copy of Omvärld's database, but not a backup: no manifest, no checksum."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        sqlite_backup(source=connection.connection, path=path, force=True)
    else:
        with tarfile.open(_good) as tar:
            member = tar.extractfile("database.pgdump")
            assert member is not None
            path.write_bytes(member.read())


def _flip_bytes(data: bytes) -> bytes:
    """Damage the database copy in its middle, where the tables' pages are."""
    middle = len(data) // 2
    return data[:middle] + bytes(byte ^ 0xFF for byte in data[middle : middle + 64]) + data[middle + 64 :]


def _changed_database(path: Path, good: Path) -> None:
    """The database inside the backup changed after the backup was made; the manifest left as it was."""
    rewrite_backup(good, path, payload=_flip_bytes, checksum_follows=False)


def _damage_a_table(data: bytes) -> bytes:
    """Break the b-tree page of the users table (SQLite), or the compressed data (a pg_dump file)."""
    if not data.startswith(SQLITE_MAGIC):
        return _flip_bytes(data)
    copy = Path(tempfile.mkdtemp()) / "copy.sqlite3"
    copy.write_bytes(data)
    database = sqlite3.connect(copy)
    root = database.execute("SELECT rootpage FROM sqlite_master WHERE name = 'accounts_user'").fetchone()[0]
    database.close()
    page_size = int.from_bytes(data[16:18], "big")
    offset = (root - 1) * page_size
    return data[:offset] + b"\x00" + data[offset + 1 :]  # 0 is no valid page type


def _damaged_database_with_a_matching_checksum(path: Path, good: Path) -> None:
    rewrite_backup(good, path, payload=_damage_a_table)


def _foreign_database_with_a_forged_manifest(path: Path, good: Path) -> None:
    """Someone wrote a manifest that fits another application's database, checksum and all."""
    foreign = path.with_suffix(".foreign")
    _another_applications_database(foreign, good)
    payload = foreign.read_bytes()
    rewrite_backup(
        good,
        path,
        manifest={
            "backend": "sqlite",
            "payload": "database.sqlite3",
            "migrations": ["blog.0001_initial"],
            "tables": {"blog_post": 1, "django_migrations": 1},
        },
        payload=lambda _data: payload,
    )


def _manifest_counting_other_rows(path: Path, good: Path) -> None:
    rewrite_backup(
        good, path, manifest=lambda manifest: {"tables": {**manifest["tables"], "audit_auditentry": 0}}
    )


def _manifest_of_another_application(path: Path, good: Path) -> None:
    rewrite_backup(good, path, manifest={"application": "wordpress"})


@pytest.mark.parametrize(
    "make_bad_file",
    [
        _garbage,
        _truncated_backup,
        _corrupt_backup,
        _sqlite_not_omvarld,
        _empty,
        _another_applications_database,
        _bare_database_copy,
        _changed_database,
        _damaged_database_with_a_matching_checksum,
        _foreign_database_with_a_forged_manifest,
        _manifest_counting_other_rows,
        _manifest_of_another_application,
    ],
    ids=[
        "garbage",
        "truncated",
        "corrupt",
        "sqlite-not-omvarld",
        "empty",
        "blog-post-database",
        "bare-database-copy",
        "database-changed-after-backup",
        "damaged-database-matching-checksum",
        "foreign-database-forged-manifest",
        "manifest-row-counts-wrong",
        "manifest-of-another-application",
    ],
)
def test_restore_of_a_bad_file_exits_2_and_changes_nothing(
    populated: dict[str, Any], tmp_path: Path, make_bad_file: Any
) -> None:
    good = tmp_path / "good.backup"
    run("backup", good)
    change_everything(populated)
    before = snapshot()
    bad = tmp_path / "bad.backup"
    make_bad_file(bad, good)

    refused("restore", bad, "--yes")

    assert snapshot() == before


def test_restore_of_a_missing_file_exits_2(populated: dict[str, Any], tmp_path: Path) -> None:
    assert "finns inte" in refused("restore", tmp_path / "saknas.backup", "--yes")


def test_restore_detects_a_backup_of_the_other_database(populated: dict[str, Any], tmp_path: Path) -> None:
    before = snapshot()
    good = tmp_path / "good.backup"
    run("backup", good)
    other = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        rewrite_backup(good, other, manifest={"backend": "postgresql", "payload": "database.pgdump"})
        expected = "en säkerhetskopia av en PostgreSQL-databas, men Omvärld använder nu SQLite"
    else:
        rewrite_backup(good, other, manifest={"backend": "sqlite", "payload": "database.sqlite3"})
        expected = "en säkerhetskopia av en SQLite-databas, men Omvärld använder nu PostgreSQL"

    message = refused("restore", other, "--yes")

    assert expected in " ".join(message.split())
    assert snapshot() == before


def test_restore_without_a_terminal_needs_yes(
    populated: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "omvarld.backup"
    run("backup", path)
    change_everything(populated)
    before = snapshot()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    message = refused("restore", path)

    assert "--yes" in message
    assert snapshot() == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_restore_asks_in_a_terminal(
    populated: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "omvarld.backup"
    run("backup", path)
    at_backup = snapshot()
    change_everything(populated)
    changed = snapshot()
    monkeypatch.setattr("sys.stdin", Terminal())

    monkeypatch.setattr("builtins.input", lambda _prompt: "nej")
    assert "avbröts" in refused("restore", path)
    assert snapshot() == changed

    monkeypatch.setattr("builtins.input", lambda _prompt: "ja")
    run("restore", path)
    assert snapshot() == at_backup


def test_backup_is_consistent_while_another_connection_writes(
    populated: dict[str, Any], tmp_path: Path
) -> None:
    """A write in progress (uncommitted) in another connection neither blocks the backup nor enters it."""
    before = snapshot()
    path = tmp_path / "omvarld.backup"
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        writer = psycopg.connect(
            dbname=settings["NAME"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
            user=settings["USER"],
        )
        try:
            writer.execute(
                "INSERT INTO organisation_counterpart (name, type, country, city, city_name)"
                " VALUES ('Pågående', 'city', 'NO', '', '')"
            )
            run("backup", path)
            writer.commit()
        finally:
            writer.close()
    else:
        # The in-memory test database allows no second writer; the SQLite path is proven on a file below.
        run("backup", path)
        counterpart_create(actor=None, name="Pågående", type="city", country="NO")
    assert Counterpart.objects.filter(name="Pågående").exists()

    run("restore", path, "--yes")

    assert snapshot() == before


# --- SQLite on a file in WAL mode, as in production: a writer that keeps writing during the backup ----------


def _wal_database(path: Path) -> sqlite3.Connection:
    database = sqlite3.connect(path, timeout=20, isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    return database


def _write_pairs(path: Path, stop: threading.Event, started: threading.Event) -> None:
    """Each transaction adds one row to each table; a consistent copy always has as many rows in both."""
    database = _wal_database(path)
    try:
        number = 0
        while not stop.is_set():
            number += 1
            database.execute("BEGIN IMMEDIATE")
            database.execute("INSERT INTO orders (id, padding) VALUES (?, ?)", (number, "x" * 500))
            database.execute("INSERT INTO order_lines (order_id) VALUES (?)", (number,))
            database.execute("COMMIT")
            if number == 50:
                started.set()
    finally:
        database.close()


def _pairs(path: Path) -> tuple[list[int], list[int]]:
    database = sqlite3.connect(path)
    try:
        orders = [row[0] for row in database.execute("SELECT id FROM orders ORDER BY id")]
        lines = [row[0] for row in database.execute("SELECT order_id FROM order_lines ORDER BY order_id")]
        return orders, lines
    finally:
        database.close()


@pytest.mark.django_db(transaction=False)
def test_sqlite_backup_of_a_live_wal_database_is_consistent(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    source = _wal_database(live)
    source.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, padding TEXT)")
    source.execute("CREATE TABLE order_lines (order_id INTEGER REFERENCES orders (id))")
    source.executemany(
        "INSERT INTO orders (id, padding) VALUES (?, ?)", [(-n, "y" * 500) for n in range(1, 2001)]
    )
    source.executemany("INSERT INTO order_lines (order_id) VALUES (?)", [(-n,) for n in range(1, 2001)])

    # An uncommitted write in another connection: deterministic proof that only committed data is copied.
    pending = _wal_database(live)
    pending.execute("BEGIN IMMEDIATE")
    pending.execute("INSERT INTO orders (id, padding) VALUES (0, 'pending')")
    pending.execute("INSERT INTO order_lines (order_id) VALUES (0)")
    first = sqlite_backup(source=source, path=tmp_path / "first.sqlite3")
    pending.execute("COMMIT")
    pending.close()
    orders, lines = _pairs(first.path)
    assert 0 not in orders
    assert len(orders) == len(lines) == 2000
    assert first.path.read_bytes().startswith(SQLITE_MAGIC)
    assert first.rows == 4000
    assert first.tables == 2

    # A writer that keeps committing pairs while several backups are taken.
    stop, started = threading.Event(), threading.Event()
    writer = threading.Thread(target=_write_pairs, args=(live, stop, started))
    writer.start()
    try:
        assert started.wait(timeout=30)
        copies = [sqlite_backup(source=source, path=tmp_path / f"copy{n}.sqlite3") for n in range(5)]
    finally:
        stop.set()
        writer.join(timeout=30)
        source.close()

    for copy in copies:
        orders, lines = _pairs(copy.path)
        assert orders == lines
        assert len(orders) > 2001  # rows written by the writer after it started are in the copy
        assert not copy.path.with_name(copy.path.name + "-wal").exists()  # the copy stands alone
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_backup_without_pg_dump_is_a_clear_error(
    populated: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is only used for PostgreSQL")
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "omvarld.backup"

    message = refused("backup", path)

    assert "pg_dump" in message
    assert "finns inte" in message
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_failed_postgresql_restore_changes_nothing(populated: dict[str, Any], tmp_path: Path) -> None:
    """pg_restore runs in one transaction: failing halfway (a view blocks a DROP TABLE) changes nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_restore is only used for PostgreSQL")
    path = tmp_path / "omvarld.backup"
    run("backup", path)
    change_everything(populated)
    before = snapshot()
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW report_counterparts AS SELECT name FROM organisation_counterpart")
    try:
        message = refused("restore", path, "--yes")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP VIEW report_counterparts")

    assert "databasen är oförändrad" in message
    assert snapshot() == before


# --- Undo, record, maintenance -----------------------------------------------------------------------------


def test_a_restore_keeps_the_current_database_aside_and_can_be_undone(
    populated: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    path = tmp_path / "omvarld.backup"
    run("backup", path)
    at_backup = snapshot()
    change_everything(populated)
    changed = snapshot()

    output = run("restore", path, "--yes")

    assert snapshot() == at_backup
    [aside] = (Path(settings.DATA_DIR) / "restore-undo").iterdir()
    assert f"sparades i {aside}" in output
    assert f"omvarld restore {aside}" in output

    run("restore", aside, "--yes")

    assert snapshot() == changed


def test_a_restore_is_recorded_in_the_restored_audit_log(populated: dict[str, Any], tmp_path: Path) -> None:
    from omvarld.audit.chain import chain_verify
    from omvarld.audit.models import AuditEntry

    path = tmp_path / "omvarld.backup"
    run("backup", path)
    with tarfile.open(path) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    change_everything(populated)

    run("restore", path, "--yes")

    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    assert entry.action == AuditAction.RESTORE
    assert entry.event == "backup.restored"
    assert entry.channel == "cli"
    assert "@" in entry.actor_name  # the operating-system account and machine that ran it
    assert entry.object_repr == "omvarld.backup"
    assert entry.data["file"] == str(path.resolve())
    assert entry.data["sha256"] == manifest["sha256"]
    assert entry.data["backup_created"] == manifest["created"]
    assert entry.data["previous_database_kept_in"].endswith(".omvarld-backup")
    assert chain_verify().intact


def test_a_restore_is_refused_while_another_holds_the_maintenance_flag(
    populated: dict[str, Any], tmp_path: Path
) -> None:
    from omvarld.core.maintenance import flag_path

    path = tmp_path / "omvarld.backup"
    run("backup", path)
    change_everything(populated)
    before = snapshot()
    flag_path().write_text(
        json.dumps(
            {"reason": "restore", "started": "2026-11-26T10:00:00+00:00", "host": "x", "pid": 1, "token": "t"}
        )
    )

    message = refused("restore", path, "--yes")

    assert "En återställning pågår redan" in message
    assert snapshot() == before
    assert flag_path().exists()  # the other restore's flag is not ours to remove


def test_the_maintenance_flag_is_lowered_after_a_restore_that_worked_or_failed(
    populated: dict[str, Any], tmp_path: Path
) -> None:
    from omvarld.core.maintenance import flag_path

    path = tmp_path / "omvarld.backup"
    run("backup", path)
    run("restore", path, "--yes")
    assert not flag_path().exists()
    refused("restore", tmp_path / "saknas.backup", "--yes")
    assert not flag_path().exists()
