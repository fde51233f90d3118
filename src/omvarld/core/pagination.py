"""Keyset paging: a page starts after (or ends before) a row, named by its values in the list's order.

Offset paging reads and throws away every row before the page, and its page count needs a count of the
whole list; in a register of a million matters both cost more than the page. A keyset page reads the
stretch of one index it shows (the orders end in the primary key, so every row has its own place), and
the total is counted only up to a limit ("more than 1 000"). A list whose filter no index gives in its
order (a text search) is read once for both: the keys of its first rows, then the page by its keys
(``keyset_page(plan_first=True)``).

The cursor is the row's values in the order, JSON in URL-safe base64: opaque in a link, checked on the
way back (a cursor that does not fit the order is refused, not guessed at).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, ForeignKey, QuerySet

# Django's row-value expression and comparisons (made for composite primary keys): ``(a, b, c) < (x, y,
# z)`` is one condition that PostgreSQL and SQLite both answer from an index on (a, b, c).
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _

from omvarld.core.errors import ApplicationError

COUNT_LIMIT: Final = 1_000
# The query parameters that name where a page starts or ends.
CURSOR_PARAMETERS: Final = ("after", "before")


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    # How many rows the whole list has, counted up to ``COUNT_LIMIT``; ``total_is_capped`` when there are
    # more.
    total: int
    total_is_capped: bool

    @property
    def has_other_pages(self) -> bool:
        return self.next_cursor is not None or self.previous_cursor is not None


def _bad_cursor() -> ApplicationError:
    # Not found, as a page that does not exist: the cursor names where a page starts.
    return ApplicationError(
        _("The link to this page of the list is not valid. Start again from the first page."),
        code="invalid_cursor",
        status=404,
    )


def encode_cursor(values: Sequence[str | int | float]) -> str:
    """The cursor of a row whose values in the order are ``values``."""
    raw = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[str | int | float]:
    """The values a cursor names; an ``ApplicationError`` unless it holds ``length`` texts or (finite)
    numbers."""
    if len(cursor) > 2_000:
        raise _bad_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != length:
        raise _bad_cursor()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _bad_cursor()
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise _bad_cursor()
        if isinstance(value, float) and not math.isfinite(value):
            raise _bad_cursor()
    return values


def _typed(queryset: QuerySet[Any], names: Sequence[str], values: list[Any]) -> list[Any]:
    """A cursor's values as the order's fields take them: a cursor made by hand with a text where the
    order has a number is refused as any other cursor that does not fit, before the database sees it."""
    typed = []
    for name, value in zip(names, values, strict=True):
        model = queryset.model
        parts = name.split("__")
        try:
            for part in parts[:-1]:
                model = model._meta.get_field(part).related_model
            field = model._meta.pk if parts[-1] == "pk" else model._meta.get_field(parts[-1])
            if isinstance(field, ForeignKey):
                field = field.target_field
            typed.append(field.get_prep_value(field.to_python(value)))
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise _bad_cursor() from None
    return typed


def _field(name: str) -> str:
    return name.removeprefix("-")


def _descending(order: Sequence[str]) -> bool:
    directions = {name.startswith("-") for name in order}
    if len(directions) != 1:
        raise ValueError(f"a keyset order runs one way: {order!r}")
    return directions.pop()


def row_values(row: Any, order: Sequence[str]) -> list[str | int | float]:
    """The values of ``order``'s fields in ``row``: a model object, or a dict of a ``values()`` query."""
    if isinstance(row, dict):
        return [row[_field(name)] for name in order]
    values = []
    for name in order:
        value = row
        for part in _field(name).split("__"):
            value = getattr(value, part)
        values.append(value)
    return values


def _beside(order: Sequence[str], values: Sequence[Any], *, after: bool) -> Any:
    """The condition on the rows that come after (or before) the row with ``values`` in ``order``: one
    row-value comparison, which the order's index answers."""
    columns = Tuple(*(F(_field(name)) for name in order))
    later = after != _descending(order)  # after a row in a descending order means less than it
    return TupleGreaterThan(columns, values) if later else TupleLessThan(columns, values)


def places_before(queryset: QuerySet[Any], *, order: Sequence[str], row: Any) -> int:
    """How many rows of ``queryset`` come before ``row`` in ``order`` (its rank less one), from the index."""
    return queryset.order_by().filter(_beside(order, row_values(row, order), after=False)).count()


def _page_among(
    keys: list[tuple[Any, ...]], complete: bool, size: int, after: list[Any] | None, before: list[Any] | None
) -> tuple[list[tuple[Any, ...]], bool, bool] | None:
    """The keys of the page, whether rows come before it and after it, when ``keys`` (the list's first
    keys, in order; ``complete`` when they are all of it) show where the page lies; else None.

    A cursor is found by equality with a row's values, never by comparing them in Python: the database's
    collation orders text, and Python's order of strings need not be the same."""
    if before is not None:
        position = _position(keys, before)
        if position is None:
            return None
        start = max(position - size, 0)
        return keys[start:position], start > 0, True
    start = 0
    if after is not None:
        found = _position(keys, after)
        if found is None:
            return None
        start = found + 1
    following = keys[start : start + size + 1]
    if len(following) <= size and not complete:
        return None  # the page runs past the keys read: whether more rows follow is not known
    return following[:size], after is not None, len(following) > size


def _position(keys: list[tuple[Any, ...]], values: list[Any]) -> int | None:
    wanted = tuple(values)
    for position, key in enumerate(keys):
        if key == wanted:
            return position
    return None


def sorts_whole_list(queryset: QuerySet[Any]) -> bool:
    """Whether the database, asked for the first rows of ``queryset`` in its order, would read every row
    of it and sort them (rather than read them in order from an index and stop): its plan, not its work
    (``EXPLAIN`` plans the query without running it)."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return "USE TEMP B-TREE FOR ORDER BY" in queryset.explain()
    if vendor == "postgresql":
        plan = json.loads(queryset.explain(format="json"))
        node = (plan[0] if isinstance(plan, list) else plan)["Plan"]
        while node["Node Type"] in ("Limit", "Gather Merge", "Gather") and node.get("Plans"):
            node = node["Plans"][0]
        return bool(node["Node Type"] == "Sort")
    return False


def keyset_page(
    queryset: QuerySet[Any],
    *,
    order: Sequence[str],
    size: int,
    after: str | None = None,
    before: str | None = None,
    plan_first: bool = False,
    rows_from: QuerySet[Any] | None = None,
    values: Sequence[str] | None = None,
) -> KeysetPage:
    """The page of ``queryset`` (ordered by ``order``, which ends in a unique field) after the row
    ``after`` names, or before the row ``before`` names, or the first: the page's rows and the list's
    total counted up to ``COUNT_LIMIT``.

    As a rule in two queries: the page's rows, read from the cursor in the order (from the order's index,
    stopping after the page), and the capped count (stopping at the limit).

    A filter that an index cannot give in the list's order (a text search: the trigram index gives every
    match before any can be sorted) would be worked out twice that way. With ``plan_first`` the database
    is first asked how it would read the list (``sorts_whole_list``); if it would read all of it to sort
    it, one query reads the order's values (the keys) of the list's first ``COUNT_LIMIT`` + 1 rows — their
    number is the capped count, and the page is among them unless it lies deeper — and a second reads the
    page's rows by their unique field from ``rows_from``: the list before its filters, with what the user
    may not see already left out (by default the list itself, whose filters the database would then work
    out again for the page's rows). Three queries either way.

    ``values``: the page's rows are dicts of these fields (``values()``; they must include the order's),
    not model objects. Only the rows are read so: the count is of ``queryset`` as it is, without the joins
    that the values' related fields would add to it."""
    descending = _descending(order)
    names = [_field(name) for name in order]
    if values is not None and not set(names) <= set(values):
        raise ValueError(f"the page's values {list(values)} leave out fields of its order {names}")

    def read(rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows if values is None else rows.values(*values)

    before_values = _typed(queryset, names, decode_cursor(before, len(order))) if before else None
    after_values = (
        _typed(queryset, names, decode_cursor(after, len(order))) if after and before_values is None else None
    )
    ordered = queryset.order_by(*order)
    counted: int | None = None
    found = None
    keyed = ordered.values_list(*names)[: COUNT_LIMIT + 1]
    if plan_first and sorts_whole_list(keyed):
        keys = [tuple(key) for key in keyed]
        counted = len(keys)
        found = _page_among(keys, counted <= COUNT_LIMIT, size, after_values, before_values)
    if found is not None:
        page_keys, more_before, more_after = found
        source = queryset if rows_from is None else rows_from
        unique = {f"{names[-1]}__in": [key[-1] for key in page_keys]}
        rows = list(read(source.order_by(*order).filter(**unique)))
    elif before_values is not None:
        earlier = _beside(order, before_values, after=False)
        # Read backwards from the cursor, then turn the rows round.
        reverse = [name if descending else f"-{name}" for name in names]
        fetched = list(read(ordered.filter(earlier).order_by(*reverse))[: size + 1])
        more_before = len(fetched) > size
        rows = fetched[:size][::-1]
        more_after = True
    else:
        if after_values is not None:
            ordered = ordered.filter(_beside(order, after_values, after=True))
        fetched = list(read(ordered)[: size + 1])
        more_after = len(fetched) > size
        rows = fetched[:size]
        more_before = after_values is not None
    if counted is None:
        counted = queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    return KeysetPage(
        rows=rows,
        next_cursor=encode_cursor(row_values(rows[-1], order)) if rows and more_after else None,
        previous_cursor=encode_cursor(row_values(rows[0], order)) if rows and more_before else None,
        total=min(counted, COUNT_LIMIT),
        total_is_capped=counted > COUNT_LIMIT,
    )


def keyset_page_asked(
    queryset: QuerySet[Any],
    query: Mapping[str, str],
    *,
    order: Sequence[str],
    size: int,
    plan_first: bool = False,
    rows_from: QuerySet[Any] | None = None,
    values: Sequence[str] | None = None,
) -> KeysetPage:
    """The page a request's query string asks for by its ``after`` or ``before`` cursor."""
    return keyset_page(
        queryset,
        order=order,
        size=size,
        after=query.get("after") or None,
        before=query.get("before") or None,
        plan_first=plan_first,
        rows_from=rows_from,
        values=values,
    )
