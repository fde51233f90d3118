"""Backing up and restoring the whole database, while the site keeps running.

SQLite is copied with SQLite's online backup API in one step, which reads one consistent snapshot (WAL lets
writers go on meanwhile); the copy goes to a temporary file next to the target and is renamed into place,
so a half-written backup never carries the target's name. PostgreSQL is dumped with ``pg_dump
--format=custom`` (one snapshot by design) and restored with ``pg_restore --single-transaction``, so a
failed restore changes nothing.

A backup file is an uncompressed tar archive of two members: ``manifest.json`` first (the application,
the format, when and where it was made, the database kind, the migrations applied, the rows of every table,
the size and SHA-256 of the database copy) and then the database copy itself. ``restore`` reads the
manifest, checks the copy's checksum and that the copy holds exactly the tables, rows and migrations the
manifest lists and that they are Omvärld's, and only then touches the database. Before replacing it, the
current database is backed up into ``OMVARLD_DATA_DIR/restore-undo/`` so that a restore can be undone, and
while it runs the site refuses writes (``core.maintenance``). The restore is recorded in the restored
audit log, which listens for it (``core.signals``; core does not import the audit log, which sits above).

The functions raise :class:`~omvarld.core.errors.ApplicationError` with a Swedish message for everything a
person can get wrong: an existing file, a file that is not a backup of Omvärld, a backup of the other kind
of database, missing PostgreSQL client programs.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import hashlib
import importlib.metadata
import io
import json
import logging
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from omvarld.core import signals
from omvarld.core.errors import ApplicationError
from omvarld.core.maintenance import maintenance

logger = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# How long ``pg_restore`` waits for a table lock held by the running site before it gives up (and
# rolls back, changing nothing), instead of hanging behind a stuck transaction.
PG_LOCK_TIMEOUT_MS = 60_000
# Connection options from Django's settings that mean the same to libpq's command-line programs.
_LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "passfile",
    "service",
)


class Backend(StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def label(self) -> str:
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.value]


APPLICATION = "omvarld"
MANIFEST_FORMAT = 1
MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 1 << 20
PAYLOAD_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UNDO_FOLDER_NAME = "restore-undo"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Manifest:
    """What a backup says about itself; restore believes none of it without checking."""

    application: str
    format: int
    version: str
    created: str
    host: str
    backend: str
    payload: str
    size: int
    sha256: str
    migrations: list[str]
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, path: Path) -> Manifest:
        refused = ApplicationError(
            _("%(path)s has a manifest Omvärld cannot read; the file is damaged.") % {"path": path}
        )
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise refused from exc
        if not isinstance(raw, dict):
            raise refused
        if raw.get("application") != APPLICATION:
            raise ApplicationError(
                _("%(path)s is no backup of Omvärld (the manifest is about something else).") % {"path": path}
            )
        if raw.get("format") != MANIFEST_FORMAT:
            raise ApplicationError(
                _(
                    "%(path)s has backup format %(format)s, which this version of Omvärld cannot read (it "
                    "reads format %(supported)s)."
                )
                % {"path": path, "format": repr(raw.get("format")), "supported": MANIFEST_FORMAT}
            )
        expected = {
            "version": str,
            "created": str,
            "host": str,
            "backend": str,
            "payload": str,
            "size": int,
            "sha256": str,
            "migrations": list,
            "tables": dict,
        }
        if any(not isinstance(raw.get(key), kind) for key, kind in expected.items()):
            raise refused
        if raw["backend"] not in PAYLOAD_NAMES or raw["payload"] != PAYLOAD_NAMES[raw["backend"]]:
            raise refused
        if not all(isinstance(name, str) for name in raw["migrations"]) or not all(
            isinstance(name, str) and isinstance(count, int) for name, count in raw["tables"].items()
        ):
            raise refused
        return cls(**{key: raw[key] for key in ("application", "format", *expected)})


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: Backend
    size: int
    tables: int
    rows: int
    # None for a bare database copy (``sqlite_backup``), which is part of a backup, not one.
    manifest: Manifest | None = None


@dataclass(frozen=True)
class BackupFile:
    """A file checked to be a backup of Omvärld that fits the configured database.

    ``payload`` is the verified database copy, unpacked into a private temporary file for as long as the
    ``opened_backup`` block lasts.
    """

    path: Path
    backend: Backend
    manifest: Manifest
    payload: Path

    @property
    def tables(self) -> int:
        return len(self.manifest.tables)


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    backend: Backend
    tables: int
    rows: int
    manifest: Manifest
    # The database as it was before the restore, as a backup: ``omvarld restore`` it to undo.
    set_aside: Path
    # Whether the restore could be recorded in the restored audit log (not when its schema is older).
    recorded: bool
    # Migrations the restored database lacks (an older backup): ``omvarld migrate`` brings it up to date.
    unapplied_migrations: list[str] = field(default_factory=list)
    # Migrations the restored database has but this version of Omvärld does not know (a newer backup).
    unknown_migrations: list[str] = field(default_factory=list)
    # PostgreSQL only: tables in the database that the backup does not contain, left as they were.
    tables_not_in_backup: list[str] = field(default_factory=list)


# --- Shared helpers -----------------------------------------------------------------------------------------


def _backend(connection: BaseDatabaseWrapper) -> Backend:
    if connection.vendor == "sqlite":
        return Backend.SQLITE
    if connection.vendor == "postgresql":
        return Backend.POSTGRESQL
    raise ApplicationError(
        _("Backups are not supported for the database type %(vendor)s.") % {"vendor": connection.vendor}
    )


def _refuse_inside_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise ApplicationError(_("Backups and restores cannot be made inside a database transaction."))


def _check_target(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise ApplicationError(_("%(path)s is a folder. Give a file name for the backup.") % {"path": path})
    if not path.parent.is_dir():
        raise ApplicationError(_("The folder %(path)s does not exist.") % {"path": path.parent})
    if path.exists() and not force:
        raise ApplicationError(_already_there(path))


@contextlib.contextmanager
def _temporary_next_to(path: Path) -> Iterator[Path]:
    """A new, private (mode 0600) temporary file in the target's folder; removed unless renamed away."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _already_there(path: Path) -> str:
    return _("%(path)s already exists. Choose another file name, or overwrite it with --force.") % {
        "path": path
    }


def _move_into_place(temporary: Path, path: Path, *, force: bool) -> None:
    """Make the finished backup durable, then give it its name in one atomic step."""
    with temporary.open("rb") as stream:
        os.fsync(stream.fileno())
    if path.exists() and not force:  # Someone else wrote it meanwhile.
        raise ApplicationError(_already_there(path))
    temporary.replace(path)
    with contextlib.suppress(OSError):  # Not every platform can fsync a folder.
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _count_rows(connection: BaseDatabaseWrapper) -> tuple[int, int]:
    """Tables and rows in the database, seen through ``connection`` (and its current transaction)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = 0
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows += cursor.fetchone()[0]
    return len(tables), rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _version() -> str:
    try:
        return importlib.metadata.version("omvarld")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _new_manifest(backend: Backend, payload: Path, tables: dict[str, int], migrations: list[str]) -> Manifest:
    return Manifest(
        application=APPLICATION,
        format=MANIFEST_FORMAT,
        version=_version(),
        created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        host=socket.gethostname(),
        backend=backend.value,
        payload=PAYLOAD_NAMES[backend.value],
        size=payload.stat().st_size,
        sha256=_sha256(payload),
        migrations=sorted(migrations),
        tables=dict(sorted(tables.items())),
    )


def _write_archive(archive: Path, manifest: Manifest, payload: Path) -> None:
    """The backup file: the manifest first, so that a reader checks it before it reads the database."""
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mode, info.mtime = (
            len(data),
            0o600,
            int(datetime.datetime.now(datetime.UTC).timestamp()),
        )
        tar.addfile(info, io.BytesIO(data))
        info = tar.gettarinfo(str(payload), arcname=manifest.payload)
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        with payload.open("rb") as stream:
            tar.addfile(info, stream)


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except FileNotFoundError as exc:
        raise ApplicationError(_("%(path)s does not exist.") % {"path": path}) from exc
    except IsADirectoryError as exc:
        raise ApplicationError(_("%(path)s is a folder, not a backup.") % {"path": path}) from exc
    except tarfile.ReadError as exc:
        raise ApplicationError(_not_a_backup(path)) from exc
    except OSError as exc:
        raise ApplicationError(
            _("%(path)s could not be read: %(reason)s.") % {"path": path, "reason": exc.strerror or exc}
        ) from exc


def _not_a_backup(path: Path) -> str:
    """Why a file that is no backup archive was refused, in the words an operator needs."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError:
        head = b""
    if head.startswith(SQLITE_MAGIC) or head.startswith(PG_CUSTOM_MAGIC):
        return _(
            "%(path)s is a database file without a manifest, not a backup made by omvarld backup. Only "
            "Omvärld's own backups (with a manifest and a checksum) are restored."
        ) % {"path": path}
    if head.startswith(b"--"):
        return _(
            "%(path)s looks like an SQL text dump, not a backup made by omvarld backup. omvarld restore "
            "does not read it."
        ) % {"path": path}
    return _("%(path)s is no backup made by omvarld backup (empty, damaged or of another kind).") % {
        "path": path
    }


def _damaged(path: Path, reason: object) -> str:
    return _("%(path)s is damaged and cannot be restored (%(reason)s).") % {"path": path, "reason": reason}


def _read_manifest(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        first = tar.next()
        if first is None or first.name != MANIFEST_NAME or not first.isfile():
            raise ApplicationError(
                _("%(path)s has no manifest and is no backup made by omvarld backup.") % {"path": path}
            )
        if first.size > MAX_MANIFEST_BYTES:
            raise ApplicationError(
                _("%(path)s has an unreasonably large manifest; the file is not read.") % {"path": path}
            )
        stream = tar.extractfile(first)
        data = stream.read() if stream is not None else b""
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ApplicationError(_damaged(path, exc)) from exc
    return Manifest.from_json(data, path)


def _extract_payload(tar: tarfile.TarFile, path: Path, manifest: Manifest, target: Path) -> None:
    """Copy the database out of the archive, checking its size and checksum against the manifest."""
    try:
        member = tar.getmember(manifest.payload)
        if not member.isfile() or member.size != manifest.size:
            raise ApplicationError(
                _("%(path)s is damaged: the size of the database does not match the manifest.")
                % {"path": path}
            )
        source = tar.extractfile(member)
        if source is None:
            raise ApplicationError(_("%(path)s is damaged: the database is missing.") % {"path": path})
        digest = hashlib.sha256()
        with target.open("wb") as sink:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                sink.write(chunk)
    except KeyError as exc:
        raise ApplicationError(
            _("%(path)s is damaged: the backup does not contain the database.") % {"path": path}
        ) from exc
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ApplicationError(_damaged(path, exc)) from exc
    if digest.hexdigest() != manifest.sha256:
        raise ApplicationError(
            _(
                "%(path)s is damaged or changed: the database's checksum (SHA-256) does not match the "
                "manifest."
            )
            % {"path": path}
        )


def _require_omvarld_schema(path: Path, migrations: list[str]) -> None:
    """The copy must carry the migrations of every one of Omvärld's own apps, not merely *a* Django schema."""
    from django.apps import apps

    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("omvarld.")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    required = ours & {app for app, _name in loader.graph.nodes}
    present = {name.split(".", 1)[0] for name in migrations}
    missing = sorted(required - present)
    if missing:
        raise ApplicationError(
            _("%(path)s is no backup of Omvärld: the database lacks Omvärld's tables (%(apps)s).")
            % {"path": path, "apps": ", ".join(missing)}
        )


def _mismatch(path: Path, what: str) -> ApplicationError:
    return ApplicationError(
        _("%(path)s does not match its manifest (%(what)s); the file is damaged or changed.")
        % {"path": path, "what": what}
    )


def _migration_state(connection: BaseDatabaseWrapper) -> tuple[list[str], list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    graph = loader.graph
    applied = set(loader.applied_migrations)
    unapplied = sorted(f"{app}.{name}" for app, name in graph.nodes if (app, name) not in applied)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in applied
        if (app, name) not in graph.nodes and app in loader.migrated_apps
    )
    return unapplied, unknown


# --- SQLite -------------------------------------------------------------------------------------------------


def _sqlite_live_file(connection: BaseDatabaseWrapper) -> Path | None:
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(connection.settings_dict["NAME"]).resolve()


def _is_live_file(path: Path, live: Path | None) -> bool:
    if live is None:
        return False
    resolved = path.resolve()
    return resolved in {live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")}


def _sqlite_table_rows(database: sqlite3.Connection) -> dict[str, int]:
    tables = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    rows = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows[table] = database.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    return rows


def _sqlite_tables_and_rows(database: sqlite3.Connection) -> tuple[int, int]:
    rows = _sqlite_table_rows(database)
    return len(rows), sum(rows.values())


def _sqlite_migrations(database: sqlite3.Connection) -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in database.execute("SELECT app, name FROM django_migrations")
    )


def _sqlite_contents(path: Path) -> tuple[dict[str, int], list[str]]:
    database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _sqlite_table_rows(database), _sqlite_migrations(database)
    finally:
        database.close()


def _sqlite_verify(path: Path, payload: Path, manifest: Manifest) -> None:
    database = _sqlite_open_backup(payload, shown_as=path)
    try:
        if _sqlite_table_rows(database) != manifest.tables:
            raise _mismatch(path, _("tables and rows"))
        if _sqlite_migrations(database) != manifest.migrations:
            raise _mismatch(path, _("migrations"))
    except sqlite3.DatabaseError as exc:
        raise ApplicationError(_damaged(path, exc)) from exc
    finally:
        database.close()


def sqlite_backup(*, source: sqlite3.Connection, path: Path, force: bool = False) -> BackupResult:
    """Copy the SQLite database open in ``source`` to ``path`` as one consistent snapshot.

    The backup API copies every page in a single step under one read transaction, so the copy is the
    database as it was at one moment; in WAL mode other connections keep writing meanwhile. The copy is
    switched to the rollback journal so that the file stands alone (no ``-wal`` beside it).
    """
    _check_target(path, force=force)
    with _temporary_next_to(path) as temporary:
        target = sqlite3.connect(temporary)
        try:
            source.backup(target, pages=-1)
            target.execute("PRAGMA journal_mode=DELETE")
            tables, rows = _sqlite_tables_and_rows(target)
        finally:
            target.close()
        _move_into_place(temporary, path, force=force)
    return BackupResult(path=path, backend=Backend.SQLITE, size=path.stat().st_size, tables=tables, rows=rows)


def _sqlite_open_backup(path: Path, *, shown_as: Path | None = None) -> sqlite3.Connection:
    """Open a database copy read-only after checking that it is a sound SQLite database of Omvärld."""
    shown = shown_as or path
    database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # The full check, not quick_check: a damaged copy restored into the live database is the worst case.
        problems = [row[0] for row in database.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise ApplicationError(_damaged(shown, problems[0]))
        has_migrations = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not has_migrations:
            raise ApplicationError(
                _("%(path)s is an SQLite database, but no backup of Omvärld.") % {"path": shown}
            )
    except sqlite3.DatabaseError as exc:
        database.close()
        raise ApplicationError(
            _("%(path)s is damaged or no SQLite database (%(reason)s).") % {"path": shown, "reason": exc}
        ) from exc
    except ApplicationError:
        database.close()
        raise
    return database


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    if _is_live_file(path, _sqlite_live_file(connection)):
        raise ApplicationError(
            _("%(path)s is the database in use; it cannot be restored into itself.") % {"path": path}
        )
    source = _sqlite_open_backup(path)
    try:
        connection.ensure_connection()
        # One step under one write transaction: readers see the old database until it is all replaced.
        source.backup(connection.connection, pages=-1)
    except sqlite3.Error as exc:
        raise ApplicationError(
            _("The database could not be restored from %(path)s (%(reason)s).")
            % {"path": path, "reason": exc}
        ) from exc
    finally:
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise ApplicationError(
            _(
                "The program %(name)s is not on this computer (PATH). Install the PostgreSQL client programs "
                "of the server's major version, for example: apt-get install postgresql-client"
            )
            % {"name": name}
        )
    return program


def _pg_connection(settings: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A libpq connection string for ``--dbname`` and the environment; the password goes in PGPASSWORD."""
    from psycopg.conninfo import make_conninfo

    parts: dict[str, Any] = {
        "dbname": settings.get("NAME") or None,
        "host": settings.get("HOST") or None,
        "port": str(settings["PORT"]) if settings.get("PORT") else None,
        "user": settings.get("USER") or None,
    }
    options = settings.get("OPTIONS") or {}
    parts.update({key: str(options[key]) for key in _LIBPQ_OPTIONS if options.get(key) not in (None, "")})
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return make_conninfo(**{key: value for key, value in parts.items() if value is not None}), environment


def _pg_run(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        arguments, env=environment, capture_output=True, text=True, errors="replace", check=False
    )


def _pg_message(process: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in process.stderr.splitlines() if line.strip()]
    return "\n".join(lines[-5:]) or f"slutkod {process.returncode}"


def _pg_dump(connection: BaseDatabaseWrapper, payload: Path) -> tuple[dict[str, int], list[str]]:
    """Dump the database into ``payload``; return the rows of every table and the migrations it holds."""
    pg_dump = _pg_program("pg_dump")
    conninfo, environment = _pg_connection(connection.settings_dict)
    # pg_dump reads one snapshot of its own; exporting ours to it lets us count exactly what it dumps.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        process = _pg_run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={payload}",
                f"--dbname={conninfo}",
            ],
            environment,
        )
        if process.returncode != 0:
            raise ApplicationError(_("pg_dump failed:\n%(message)s") % {"message": _pg_message(process)})
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    return rows, migrations


_COPY = re.compile(r'^COPY (?:"?[^" ]+"?\.)?"?(?P<table>[^" ]+)"? \((?P<columns>[^)]*)\) FROM stdin;$')


def _pg_dump_contents(path: Path, payload: Path) -> tuple[dict[str, int], list[str]]:
    """Count the rows of every table in a dump without restoring it, and read its migrations.

    ``pg_restore --data-only`` writes the data as COPY blocks, one line per row (a line break inside a
    value is escaped), ending in a line holding ``\\.``.
    """
    process = subprocess.Popen(  # noqa: S603
        [_pg_program("pg_restore"), "--data-only", "--file=-", str(payload)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    rows: dict[str, int] = {}
    migrations: list[str] = []
    table: str | None = None
    columns: list[str] = []
    for line in process.stdout or ():
        line = line.rstrip("\n")
        if table is None:
            match = _COPY.match(line)
            if match:
                table = match["table"]
                columns = [column.strip().strip('"') for column in match["columns"].split(",")]
                rows[table] = 0
        elif line == "\\.":
            table = None
        else:
            rows[table] += 1
            if table == "django_migrations":
                values = dict(zip(columns, line.split("\t"), strict=False))
                migrations.append(f"{values.get('app')}.{values.get('name')}")
    _output, error = process.communicate()
    if process.returncode != 0:
        raise ApplicationError(
            _("%(path)s is damaged and cannot be restored:\n%(message)s")
            % {"path": path, "message": error.strip()[-500:]}
        )
    return rows, sorted(migrations)


def _pg_verify(path: Path, payload: Path, manifest: Manifest) -> None:
    tables = set(_pg_backup_tables(payload, shown_as=path))
    if tables != set(manifest.tables):
        differing = sorted(tables ^ set(manifest.tables))
        raise _mismatch(path, _("tables: %(tables)s") % {"tables": ", ".join(differing[:5])})
    rows, migrations = _pg_dump_contents(path, payload)
    if {table: rows.get(table, 0) for table in tables} != manifest.tables:
        raise _mismatch(path, _("rows"))
    if migrations != manifest.migrations:
        raise _mismatch(path, _("migrations"))


_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(?P<schema>\S+) (?P<name>\S+) ")


def _pg_backup_tables(path: Path, *, shown_as: Path | None = None) -> list[str]:
    """The tables a custom-format dump contains, read from its table of contents; checks it is Omvärld's."""
    shown = shown_as or path
    process = _pg_run([_pg_program("pg_restore"), "--list", str(path)], dict(os.environ))
    if process.returncode != 0:
        raise ApplicationError(
            _("%(path)s is damaged or no backup made by pg_dump:\n%(message)s")
            % {"path": shown, "message": _pg_message(process)}
        )
    tables = [match["name"] for line in process.stdout.splitlines() if (match := _TOC_TABLE.match(line))]
    if "django_migrations" not in tables:
        raise ApplicationError(_("%(path)s is a backup of PostgreSQL, but not of Omvärld.") % {"path": shown})
    return tables


def _pg_restore(connection: BaseDatabaseWrapper, path: Path) -> list[str]:
    pg_restore = _pg_program("pg_restore")
    backup_tables = set(_pg_backup_tables(path))
    with connection.cursor() as cursor:
        extra = sorted(set(connection.introspection.table_names(cursor)) - backup_tables)
    conninfo, environment = _pg_connection(connection.settings_dict)
    lock_timeout = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    environment["PGOPTIONS"] = f"{environment.get('PGOPTIONS', '')} {lock_timeout}".strip()
    process = _pg_run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-password",
            f"--dbname={conninfo}",
            str(path),
        ],
        environment,
    )
    if process.returncode != 0:
        raise ApplicationError(
            _("pg_restore failed; the database is unchanged:\n%(message)s")
            % {"message": _pg_message(process)}
        )
    return extra


# --- The two operations -------------------------------------------------------------------------------------


def database_backup(*, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a consistent copy of the database and its manifest to ``path``; overwrite only if ``force``."""
    connection = connections[using]
    backend = _backend(connection)
    _refuse_inside_transaction(connection)
    path = Path(path)
    _check_target(path, force=force)
    if backend is Backend.SQLITE and _is_live_file(path, _sqlite_live_file(connection)):
        raise ApplicationError(
            _("%(path)s is the database in use. Choose another file to write to.") % {"path": path}
        )
    with _temporary_next_to(path) as payload, _temporary_next_to(path) as archive:
        if backend is Backend.SQLITE:
            connection.ensure_connection()
            sqlite_backup(source=connection.connection, path=payload, force=True)
            tables, migrations = _sqlite_contents(payload)
        else:
            tables, migrations = _pg_dump(connection, payload)
        manifest = _new_manifest(backend, payload, tables, migrations)
        _write_archive(archive, manifest, payload)
        _move_into_place(archive, path, force=force)
    result = BackupResult(
        path=path,
        backend=backend,
        size=path.stat().st_size,
        tables=len(manifest.tables),
        rows=manifest.rows,
        manifest=manifest,
    )
    logger.info(
        "Backup written to %s (%s bytes, %s tables, %s rows, sha256 %s)",
        path,
        result.size,
        result.tables,
        result.rows,
        manifest.sha256,
    )
    return result


@contextlib.contextmanager
def opened_backup(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> Iterator[BackupFile]:
    """Check that ``path`` is a backup of Omvärld that fits the configured database, all of it.

    The manifest must be Omvärld's and name the configured kind of database; the database copy must have
    the manifest's size and checksum, hold exactly its tables, rows and migrations, and carry Omvärld's
    own schema. The verified copy stays available (``payload``) for as long as the block lasts.
    """
    connection = connections[using]
    backend = _backend(connection)
    path = Path(path)
    with _open_archive(path) as tar:
        manifest = _read_manifest(tar, path)
        kind = Backend(manifest.backend)
        if kind is not backend:
            raise ApplicationError(
                _(
                    "%(path)s is a backup of a %(kind)s database, but Omvärld now uses %(backend)s "
                    "(DATABASE_URL). A backup can only be restored into the same kind of database."
                )
                % {"path": path, "kind": kind.label, "backend": backend.label}
            )
        with _private_temporary() as payload:
            _extract_payload(tar, path, manifest, payload)
            _require_omvarld_schema(path, manifest.migrations)
            if kind is Backend.SQLITE:
                _sqlite_verify(path, payload, manifest)
            else:
                _pg_verify(path, payload, manifest)
            yield BackupFile(path=path, backend=kind, manifest=manifest, payload=payload)


def backup_check(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupFile:
    """Check a backup all through (see ``opened_backup``) and describe it; keeps nothing unpacked."""
    with opened_backup(path=path, using=using) as checked:
        return checked


@contextlib.contextmanager
def _private_temporary() -> Iterator[Path]:
    """A private temporary file in the data folder, which is on the server's own disk and writable."""
    handle, name = tempfile.mkstemp(dir=settings.DATA_DIR, prefix=".restore-", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _undo_path() -> Path:
    folder = Path(settings.DATA_DIR) / UNDO_FOLDER_NAME
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")
    return folder / f"before-restore-{stamp}.omvarld-backup"


def _operator() -> str:
    """Who ran the command: the operating-system account and the machine."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "okänd"
    return f"{user}@{socket.gethostname()}"


def database_restore(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the whole database with the backup in ``path``, all or nothing, and keep the old one aside.

    In order: check the backup all through (nothing is touched if it fails); raise the maintenance flag so
    that the site refuses writes; wait for writes already under way to commit; back up the current
    database into the undo folder; replace the database; record the restore in the restored audit log;
    lower the flag.
    """
    connection = connections[using]
    _refuse_inside_transaction(connection)
    with opened_backup(path=path, using=using) as checked, maintenance(f"restore {checked.path.name}"):
        signals.restore_starting.send(sender=database_restore, using=using)
        aside = database_backup(path=_undo_path(), using=using).path
        extra: list[str] = []
        try:
            if checked.backend is Backend.SQLITE:
                _sqlite_restore(connection, checked.payload)
            else:
                extra = _pg_restore(connection, checked.payload)
        except ApplicationError:
            aside.unlink(missing_ok=True)  # Nothing changed, so there is nothing to undo.
            raise
        tables, rows = _count_rows(connection)
        unapplied, unknown = _migration_state(connection)
        # An older or newer schema may not have the audit log's current columns; then the operator
        # migrates (or upgrades) first, and the command says the restore went unrecorded.
        recorded = not unapplied and not unknown and _record_restore(checked, aside)
    logger.info(
        "Database restored from %s (%s tables, %s rows); previous one kept in %s", path, tables, rows, aside
    )
    return RestoreResult(
        path=checked.path,
        backend=checked.backend,
        tables=tables,
        rows=rows,
        manifest=checked.manifest,
        set_aside=aside,
        recorded=recorded,
        unapplied_migrations=unapplied,
        unknown_migrations=unknown,
        tables_not_in_backup=extra,
    )


def _record_restore(checked: BackupFile, aside: Path) -> bool:
    """Announce the restore to whoever records it (the audit log); whether anyone did."""
    manifest = checked.manifest
    receivers = signals.database_restored.send(
        sender=database_restore,
        operator=_operator(),
        backup_name=checked.path.name,
        sha256=manifest.sha256,
        details={
            "file": str(checked.path.resolve()),
            "sha256": manifest.sha256,
            "backup_created": manifest.created,
            "backup_host": manifest.host,
            "backup_version": manifest.version,
            "tables": len(manifest.tables),
            "rows": manifest.rows,
            "previous_database_kept_in": str(aside),
        },
    )
    return bool(receivers)


def size_text(size: int) -> str:
    """A file size the Swedish way: ``1,2 MB``."""
    value = float(size)
    for unit in ("byte", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "byte" else f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    raise AssertionError("unreachable")


def number_text(number: int) -> str:
    """A whole number with a space between thousands: ``12 345``."""
    return f"{number:,}".replace(",", " ")
