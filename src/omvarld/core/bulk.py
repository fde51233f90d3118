"""Writing many rows at once, for the bulk paths (re-assessing the register, importing, the citation index).

Django's ``bulk_create`` makes a model object per row and compiles SQL for each batch; for a million rows
that costs more than the database's own work. These helpers write plain tuples: PostgreSQL gets one
``COPY`` whose text the helper formats itself (psycopg's ``write_row`` costs some 30 µs a row of 8 kB of
JSON), SQLite one ``executemany``. Both run on the caller's connection, in the caller's transaction.

The values a row may hold: ``None``, ``int``, ``float``, ``str``, ``bytes`` (UTF-8 text, such as JSON from
orjson), ``datetime.date`` and ``datetime.datetime`` (aware).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

Row = Sequence[Any]

# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped; nothing else.
_ESCAPES = ((b"\\", b"\\\\"), (b"\t", b"\\t"), (b"\n", b"\\n"), (b"\r", b"\\r"))


def copy_text(value: Any) -> bytes:
    """One value as COPY's text format spells it (``\\N`` for NULL)."""
    if value is None:
        return b"\\N"
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        data = value.encode()
    elif isinstance(value, bool):
        return b"t" if value else b"f"
    elif isinstance(value, int | float):
        return str(value).encode()
    elif isinstance(value, datetime.date):  # a datetime too: ISO 8601 with its offset
        return value.isoformat().encode()
    else:
        raise TypeError(f"copy_text cannot write {type(value).__name__}")
    if b"\\" in data or b"\t" in data or b"\n" in data or b"\r" in data:
        for raw, escaped in _ESCAPES:
            data = data.replace(raw, escaped)
    return data


def copy_lines(rows: Iterable[Row]) -> bytes:
    """The rows as the body of a ``COPY … FROM STDIN`` in text format."""
    return b"".join(b"\t".join([copy_text(value) for value in row]) + b"\n" for row in rows)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (tuples of the ``columns``' database values) into ``model``'s table: no model
    objects, no signals, no audit entry (the caller records what it did)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write(copy_lines(rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - names from the model
                [[_sqlite_value(value) for value in row] for row in rows],
            )


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``'s table, taken as an insert would take them, for rows that
    ``insert_rows`` writes with their ids (so that rows pointing at them can be written without reading
    them back). Call inside the transaction that writes them: on SQLite it holds the database's write lock
    from its start (``transaction_mode = IMMEDIATE``), so no one else takes the same ids."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # SQLite: past the highest id ever given (AUTOINCREMENT keeps it in sqlite_sequence) and in use.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max(rowid) FROM {quoted}), 0))",
            [table],
        )
        last = int(cursor.fetchone()[0])
    return list(range(last + 1, last + 1 + count))
