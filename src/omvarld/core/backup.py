"""Backing up and restoring the whole database, while the site keeps running.

SQLite is copied with SQLite's online backup API in one step, which reads one consistent snapshot (WAL lets
writers go on meanwhile); the copy goes to a temporary file next to the target and is renamed into place,
so a half-written backup never carries the target's name. PostgreSQL is dumped with ``pg_dump
--format=custom`` (one snapshot by design) and restored with ``pg_restore --single-transaction``, so a
failed restore changes nothing.

The functions raise :class:`~omvarld.core.errors.ApplicationError` with a Swedish message for everything a
person can get wrong: an existing file, a file that is not a backup of Omvärld, a backup of the other kind
of database, missing PostgreSQL client programs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from omvarld.core.errors import ApplicationError

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


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: Backend
    size: int
    tables: int
    rows: int


@dataclass(frozen=True)
class BackupFile:
    """A file checked to be a backup of Omvärld that fits the configured database."""

    path: Path
    backend: Backend
    tables: int


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    backend: Backend
    tables: int
    rows: int
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
    raise ApplicationError(f"Säkerhetskopiering stöds inte för databastypen {connection.vendor}.")


def _refuse_inside_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise ApplicationError(
            "Säkerhetskopiering och återställning kan inte göras inne i en pågående databastransaktion."
        )


def _check_target(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise ApplicationError(f"{path} är en mapp. Ange ett filnamn för säkerhetskopian.")
    if not path.parent.is_dir():
        raise ApplicationError(f"Mappen {path.parent} finns inte.")
    if path.exists() and not force:
        raise ApplicationError(f"{path} finns redan. Välj ett annat filnamn, eller skriv över med --force.")


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


def _move_into_place(temporary: Path, path: Path, *, force: bool) -> None:
    """Make the finished backup durable, then give it its name in one atomic step."""
    with temporary.open("rb") as stream:
        os.fsync(stream.fileno())
    if path.exists() and not force:  # Someone else wrote it meanwhile.
        raise ApplicationError(f"{path} finns redan. Välj ett annat filnamn, eller skriv över med --force.")
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


def _file_kind(path: Path) -> Backend | None:
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise ApplicationError(f"{path} finns inte.") from exc
    except IsADirectoryError as exc:
        raise ApplicationError(f"{path} är en mapp, inte en säkerhetskopia.") from exc
    except OSError as exc:
        raise ApplicationError(f"{path} kunde inte läsas: {exc.strerror}.") from exc
    if head.startswith(SQLITE_MAGIC):
        return Backend.SQLITE
    if head.startswith(PG_CUSTOM_MAGIC):
        return Backend.POSTGRESQL
    if head.startswith(b"--"):
        raise ApplicationError(
            f"{path} ser ut att vara en SQL-textdump, inte en säkerhetskopia från omvarld backup "
            "(pg_dump --format=custom). Den läses inte in av omvarld restore."
        )
    return None


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


def _sqlite_tables_and_rows(database: sqlite3.Connection) -> tuple[int, int]:
    tables = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    rows = 0
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows += database.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    return len(tables), rows


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


def _sqlite_open_backup(path: Path) -> sqlite3.Connection:
    """Open a backup read-only after checking that it is a sound SQLite database of Omvärld."""
    database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in database.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise ApplicationError(f"{path} är skadad och kan inte läsas in ({problems[0]}).")
        has_migrations = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not has_migrations:
            raise ApplicationError(f"{path} är en SQLite-databas, men ingen säkerhetskopia av Omvärld.")
    except sqlite3.DatabaseError as exc:
        database.close()
        raise ApplicationError(f"{path} är skadad eller ingen SQLite-databas ({exc}).") from exc
    except ApplicationError:
        database.close()
        raise
    return database


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    if _is_live_file(path, _sqlite_live_file(connection)):
        raise ApplicationError(f"{path} är den databas som används; den kan inte läsas in i sig själv.")
    source = _sqlite_open_backup(path)
    try:
        connection.ensure_connection()
        # One step under one write transaction: readers see the old database until it is all replaced.
        source.backup(connection.connection, pages=-1)
    except sqlite3.Error as exc:
        raise ApplicationError(f"Databasen kunde inte återställas från {path} ({exc}).") from exc
    finally:
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise ApplicationError(
            f"Programmet {name} finns inte på den här datorn (PATH). Installera PostgreSQL-klientprogrammen "
            "i samma huvudversion som servern, till exempel: apt-get install postgresql-client"
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


def _pg_backup(connection: BaseDatabaseWrapper, path: Path, *, force: bool) -> BackupResult:
    pg_dump = _pg_program("pg_dump")
    conninfo, environment = _pg_connection(connection.settings_dict)
    with _temporary_next_to(path) as temporary:
        # pg_dump reads one snapshot of its own; exporting ours to it lets us count exactly the rows it dumps.
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
                    f"--file={temporary}",
                    f"--dbname={conninfo}",
                ],
                environment,
            )
            if process.returncode != 0:
                raise ApplicationError(f"pg_dump misslyckades:\n{_pg_message(process)}")
            tables, rows = _count_rows(connection)
        _move_into_place(temporary, path, force=force)
    size = path.stat().st_size
    return BackupResult(path=path, backend=Backend.POSTGRESQL, size=size, tables=tables, rows=rows)


_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?P<schema>\S+) (?P<name>\S+) ")


def _pg_backup_tables(path: Path) -> list[str]:
    """The tables a custom-format dump contains, read from its table of contents; checks it is Omvärld's."""
    process = _pg_run([_pg_program("pg_restore"), "--list", str(path)], dict(os.environ))
    if process.returncode != 0:
        raise ApplicationError(
            f"{path} är skadad eller ingen säkerhetskopia från pg_dump:\n{_pg_message(process)}"
        )
    tables = [match["name"] for line in process.stdout.splitlines() if (match := _TOC_TABLE.match(line))]
    if "django_migrations" not in tables:
        raise ApplicationError(f"{path} är en säkerhetskopia av PostgreSQL, men inte av Omvärld.")
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
        raise ApplicationError(f"pg_restore misslyckades; databasen är oförändrad:\n{_pg_message(process)}")
    return extra


# --- The two operations -------------------------------------------------------------------------------------


def database_backup(*, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a consistent copy of the database to ``path``; refuse to overwrite it unless ``force``."""
    connection = connections[using]
    backend = _backend(connection)
    _refuse_inside_transaction(connection)
    path = Path(path)
    _check_target(path, force=force)
    if backend is Backend.SQLITE:
        if _is_live_file(path, _sqlite_live_file(connection)):
            raise ApplicationError(f"{path} är den databas som används. Välj en annan fil att skriva till.")
        connection.ensure_connection()
        result = sqlite_backup(source=connection.connection, path=path, force=force)
    else:
        result = _pg_backup(connection, path, force=force)
    logger.info(
        "Backup written to %s (%s bytes, %s tables, %s rows)", path, result.size, result.tables, result.rows
    )
    return result


def backup_check(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupFile:
    """Check that ``path`` is a backup of Omvärld that can be restored into the configured database."""
    connection = connections[using]
    backend = _backend(connection)
    path = Path(path)
    kind = _file_kind(path)
    if kind is None:
        raise ApplicationError(f"{path} är ingen säkerhetskopia av Omvärld (varken SQLite eller pg_dump).")
    if kind is not backend:
        raise ApplicationError(
            f"{path} är en säkerhetskopia av en {kind.label}-databas, men Omvärld använder nu "
            f"{backend.label} (DATABASE_URL). En säkerhetskopia kan bara läsas in i samma sorts databas."
        )
    if kind is Backend.SQLITE:
        database = _sqlite_open_backup(path)
        try:
            tables, _rows = _sqlite_tables_and_rows(database)
        finally:
            database.close()
    else:
        tables = len(_pg_backup_tables(path))
    return BackupFile(path=path, backend=kind, tables=tables)


def database_restore(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the whole database with the backup in ``path``, all or nothing."""
    connection = connections[using]
    _refuse_inside_transaction(connection)
    checked = backup_check(path=path, using=using)
    extra: list[str] = []
    if checked.backend is Backend.SQLITE:
        _sqlite_restore(connection, checked.path)
    else:
        extra = _pg_restore(connection, checked.path)
    tables, rows = _count_rows(connection)
    unapplied, unknown = _migration_state(connection)
    logger.info("Database restored from %s (%s tables, %s rows)", path, tables, rows)
    return RestoreResult(
        path=checked.path,
        backend=checked.backend,
        tables=tables,
        rows=rows,
        unapplied_migrations=unapplied,
        unknown_migrations=unknown,
        tables_not_in_backup=extra,
    )


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
