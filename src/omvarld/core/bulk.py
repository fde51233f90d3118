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
import json
import operator
import queue
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import orjson
from django.db import connection, models
from django.db.models import Model

Row = Sequence[Any]

# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped; nothing else.
_ESCAPES = ((b"\\", b"\\\\"), (b"\t", b"\\t"), (b"\n", b"\\n"), (b"\r", b"\\r"))


def _escaped(data: bytes) -> bytes:
    if b"\\" in data or b"\t" in data or b"\n" in data or b"\r" in data:
        for raw, escaped in _ESCAPES:
            data = data.replace(raw, escaped)
    return data


def _spell_text(value: str) -> bytes:
    data = value.encode()
    if b"\\" in data or b"\t" in data or b"\n" in data or b"\r" in data:
        return _escaped(data)
    return data


# How each type of value is spelt, looked up by the value's own type (a chain of ``isinstance`` tests cost
# a fifth of a million-row COPY); a subclass (a ``TextChoices`` member, say) is looked up along its
# ancestors, booleans before integers.
_SPELLINGS: dict[type, Callable[[Any], bytes]] = {
    bool: lambda value: b"t" if value else b"f",
    bytes: _escaped,
    str: _spell_text,
    int: lambda value: str(int(value)).encode(),
    float: lambda value: repr(float(value)).encode(),
    type(None): lambda value: b"\\N",
    datetime.datetime: lambda value: value.isoformat().encode(),  # ISO 8601 with its offset
    datetime.date: lambda value: value.isoformat().encode(),
}


def _spelling(kind: type) -> Callable[[Any], bytes]:
    for ancestor in kind.__mro__:
        if ancestor in _SPELLINGS:
            _SPELLINGS[kind] = _SPELLINGS[ancestor]
            return _SPELLINGS[kind]
    raise TypeError(f"COPY cannot write a {kind.__name__}")


def copy_text(value: Any) -> bytes:
    """One value as COPY's text format spells it (``\\N`` for NULL)."""
    spell = _SPELLINGS.get(type(value)) or _spelling(type(value))
    return spell(value)


def _spelt_column(values: Sequence[Any]) -> Sequence[bytes]:
    """One column's values, each as ``copy_text`` spells it, spelt by the column: in C where the column
    holds one type (a loop in Python per value cost most of a bulk job's spelling), a value that repeats
    (a day, a time, a code) once."""
    kinds = set(map(type, values))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is int:
        return list(map(b"%d".__mod__, values))
    if kind is bytes:
        return list(map(_escaped, values))
    if kind is str:
        joined = "".join(values)
        if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
            return list(map(_spell_text, values))
        return list(map(str.encode, values))
    if kind is None or kind is float:  # types mixed (``True == 1``), or floats (``0.0 == -0.0``)
        return [copy_text(value) for value in values]
    # Values of one type, whose equal values are spelt alike.
    spell = _SPELLINGS.get(kind) or _spelling(kind)
    spelt = {value: spell(value) for value in set(values)}
    return list(map(spelt.__getitem__, values))


def copy_lines(rows: Sequence[Row]) -> bytes:
    """The rows as the body of a ``COPY … FROM STDIN`` in text format."""
    if not rows:
        return b""
    columns = [_spelt_column(column) for column in zip(*rows, strict=True)]
    return b"\n".join(map(b"\t".join, zip(*columns, strict=True))) + b"\n"


def pg_array(values: Iterable[Any]) -> str:
    """A PostgreSQL array literal of ints, floats, strings and NULLs, to be passed as one parameter and cast
    (``%s::bigint[]``): a list parameter is spelt element by element in Python by the client, which cost a
    tenth of a bulk job's time. A list of plain ints, or of strings without a quote or backslash, is
    spelt in one go."""
    values = list(values)
    if not values:
        return "{}"
    kinds = set(map(type, values))
    if kinds == {int}:
        return "{" + ",".join(map(str, values)) + "}"
    if kinds == {str}:
        joined = "".join(values)
        if "\\" not in joined and '"' not in joined:
            return '{"' + '","'.join(values) + '"}'
    spelt = []
    for value in values:
        if value is None:
            spelt.append("NULL")
        elif isinstance(value, str):
            spelt.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif isinstance(value, bool):
            raise TypeError("pg_array does not write booleans")
        elif isinstance(value, int | float):
            spelt.append(repr(value))
        else:
            raise TypeError(f"pg_array cannot write {type(value).__name__}")
    return "{" + ",".join(spelt) + "}"


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _table_and_columns(model: type[Model], columns: Sequence[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), ", ".join(quote(column) for column in columns)


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (tuples of the ``columns``' database values) into ``model``'s table: no model
    objects, no signals, no audit entry (the caller records what it did)."""
    if not rows:
        return
    table, names = _table_and_columns(model, columns)
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


# How ``insert_objects`` reads one field of an object: its column and a function of the object.
_Reader = tuple[str, Callable[[Any], Any]]
# orjson refuses what json.dumps refuses (a date, a dataclass), rather than spelling it its own way.
_PLAIN_JSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _json_writer(field: models.JSONField) -> Callable[[Any], Any]:
    """The JSON text of a JSONField's value, as ``bulk_create`` would store it: SQL NULL for ``None`` where
    the field allows it, orjson's spelling of plain values, the field's own encoder for anything else."""
    encoder, null = field.encoder, field.null

    def write(value: Any) -> Any:
        if value is None and null:
            return None
        if encoder is None:
            try:
                return orjson.dumps(value, option=_PLAIN_JSON)
            except TypeError:
                pass  # integer keys, say, which json.dumps spells as text
        return json.dumps(value, cls=encoder).encode()

    return write


def _json_reader(field: models.JSONField) -> Callable[[Any], Any]:
    attname, write = field.attname, _json_writer(field)
    return lambda obj: write(getattr(obj, attname))


def _related_reader(field: Any) -> Callable[[Any], Any]:
    """The id a foreign key stores: taken from the object it points at when that was saved after being
    assigned (as ``bulk_create`` takes it), refused when that object is not saved."""
    attname = field.attname

    def read(obj: Any) -> Any:
        value = getattr(obj, attname)
        if value is None and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None:
                if related.pk is None:
                    raise ValueError(f"{type(obj).__name__}.{field.name} points at an object not saved")
                value = related.pk
                setattr(obj, attname, value)
        return value

    return read


def _saving_time_reader(field: Any) -> Callable[[Any], Any]:
    """An ``auto_now``/``auto_now_add`` field: the time of saving, set on the object (as ``bulk_create``)."""
    return lambda obj: field.pre_save(obj, True)


@cache
def _readers(model: type[Model]) -> tuple[_Reader, ...]:
    readers: list[_Reader] = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if isinstance(field, models.FileField):
            raise TypeError(f"insert_objects does not store files ({model.__name__}.{field.name})")
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            read = _saving_time_reader(field)
        elif field.is_relation:
            read = _related_reader(field)
        elif isinstance(field, models.JSONField):
            read = _json_reader(field)
        else:
            read = operator.attrgetter(field.attname)
        readers.append((str(field.column), read))
    return tuple(readers)


def _new_ids(model: type[Model], count: int, ids: Sequence[int] | None) -> Sequence[int]:
    """The ids of ``count`` new rows: those taken for them already, or taken here."""
    if ids is None:
        return reserve_ids(model, count)
    if len(ids) != count:
        raise ValueError(f"{len(ids)} ids for {count} {model.__name__} rows")
    return ids


def _write_new(model: type[Model], columns: list[str], rows: list[list[Any]], copier: Copier | None) -> None:
    """New rows, each its id and then the ``columns``, by the copier when given."""
    columns = [str(model._meta.pk.column), *columns]
    (copier.insert_rows if copier is not None else insert_rows)(model, columns, rows)


def insert_objects(
    objects: Sequence[Model], *, ids: Sequence[int] | None = None, copier: Copier | None = None
) -> None:
    """Save new objects of one model as ``bulk_create`` would (defaults as the objects hold them, the time of
    saving for ``auto_now``/``auto_now_add`` fields, each object's new id set on it), written as plain rows
    by ``insert_rows``: no SQL compiled per object, no signals, no audit entry. ``ids``: taken for them
    already by ``reserve_ids`` (else taken here); ``copier``: the rows are written by it."""
    if not objects:
        return
    model = type(objects[0])
    if any(type(obj) is not model or obj.pk is not None for obj in objects):
        raise ValueError(f"insert_objects writes new {model.__name__} objects only")
    ids = _new_ids(model, len(objects), ids)
    readers = _readers(model)
    rows = []
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        rows.append([pk, *[read(obj) for _column, read in readers]])
    _write_new(model, [column for column, _read in readers], rows, copier)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


@cache
def _value_writers(model: type[Model]) -> tuple[tuple[str, str, Callable[[Any], Any] | None], ...]:
    writers: list[tuple[str, str, Callable[[Any], Any] | None]] = []
    for field in model._meta.concrete_fields:
        if not field.primary_key:
            write = _json_writer(field) if isinstance(field, models.JSONField) else None
            writers.append((str(field.column), field.attname, write))
    return tuple(writers)


def insert_values(
    model: type[Model],
    values: Sequence[Mapping[str, Any]],
    *,
    ids: Sequence[int] | None = None,
    copier: Copier | None = None,
) -> list[int]:
    """New rows of ``model`` given as the values of all its fields by attribute name (a foreign key by its
    id, no defaults filled in, no time of saving), written as ``insert_objects`` writes objects, for a
    writer that needs no model object; returns their ids (``ids``, or taken here)."""
    if not values:
        return []
    ids = _new_ids(model, len(values), ids)
    writers = _value_writers(model)
    rows = [
        [pk, *[item[name] if write is None else write(item[name]) for _column, name, write in writers]]
        for pk, item in zip(ids, values, strict=True)
    ]
    _write_new(model, [column for column, _attname, _write in writers], rows, copier)
    return list(ids)


class Copier:
    """Rows written while the caller prepares the next ones: on PostgreSQL each ``COPY`` is sent from a
    thread of its own, so the server's work on one batch (parsing its JSON, its indexes) overlaps the
    Python that makes the next; on SQLite the rows are written at once, as ``insert_rows`` writes them.

    Use it as a context manager inside the caller's transaction, on the same connection: leaving the block
    waits for every row to be written and raises the first error a ``COPY`` met (as Django's database
    error), and the transaction then rolls back as usual. A query the caller makes meanwhile is correct but
    waits for the ``COPY`` under way (the connection serves one statement at a time), so take ids first."""

    # Batches waiting to be sent: bounds the memory held by a writer that runs ahead of the server.
    WAITING = 4

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=self.WAITING)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> Copier:
        if connection.vendor == "postgresql":
            if not connection.in_atomic_block:
                raise RuntimeError("A Copier writes inside the caller's transaction.")
            connection.ensure_connection()
            self._thread = threading.Thread(
                target=self._send, args=(connection.connection,), name="omvarld-copier", daemon=True
            )
            self._thread.start()
        return self

    def _send(self, raw: Any) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # after a failure the rest is dropped: the transaction is lost anyway
            statement, data = item
            try:
                with raw.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.write(data)
            except BaseException as error:  # handed to the caller's thread
                self._error = error

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            with connection.wrap_database_errors:  # psycopg's error as Django's (IntegrityError, …)
                raise error

    def insert_rows(self, model: type[Model], columns: Sequence[str], rows: Sequence[Row]) -> None:
        """``insert_rows``, sent from the copier's thread (spelt here, in the caller's)."""
        if self._thread is None:
            insert_rows(model, columns, rows)
            return
        self._raise()
        if rows:
            table, names = _table_and_columns(model, columns)
            self._queue.put((f"COPY {table} ({names}) FROM STDIN", copy_lines(rows)))

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if kind is None:
            self._raise()


def delete_rows(model: type[Model], column: str, values: Sequence[Any]) -> None:
    """Delete ``model``'s rows whose ``column`` is one of ``values`` (ints): one statement, the values as one
    array parameter on PostgreSQL. No signals, no cascade (for tables nothing points at)."""
    if not values:
        return
    if connection.vendor != "postgresql":
        model._base_manager.filter(**{f"{column}__in": list(values)}).delete()
        return
    table, name = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {name} = ANY(%s::bigint[])", [pg_array(values)])  # noqa: S608


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
