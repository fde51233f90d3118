"""Keyset paging: a page starts after (or ends before) a row, named by its values in the list's order.

Offset paging reads and throws away every row before the page, and its page count needs a count of the
whole list; in a register of a million matters both cost more than the page. A keyset page reads the
stretch of one index it shows (the orders end in the primary key, so every row has its own place), and
the total is counted only up to a limit ("more than 1 000").

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

from django.db.models import F, QuerySet

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


def _field(name: str) -> str:
    return name.removeprefix("-")


def _descending(order: Sequence[str]) -> bool:
    directions = {name.startswith("-") for name in order}
    if len(directions) != 1:
        raise ValueError(f"a keyset order runs one way: {order!r}")
    return directions.pop()


def row_values(row: Any, order: Sequence[str]) -> list[str | int | float]:
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


def keyset_page(
    queryset: QuerySet[Any],
    *,
    order: Sequence[str],
    size: int,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage:
    """The page of ``queryset`` (ordered by ``order``, which ends in a unique field) after the row
    ``after`` names, or before the row ``before`` names, or the first; two queries and a capped count."""
    descending = _descending(order)
    ordered = queryset.order_by(*order)
    if before:
        earlier = _beside(order, decode_cursor(before, len(order)), after=False)
        # Read backwards from the cursor, then turn the rows round.
        reverse = [_field(name) if descending else f"-{_field(name)}" for name in order]
        fetched = list(ordered.filter(earlier).order_by(*reverse)[: size + 1])
        more_before = len(fetched) > size
        rows = fetched[:size][::-1]
        more_after = True
    else:
        if after:
            ordered = ordered.filter(_beside(order, decode_cursor(after, len(order)), after=True))
        fetched = list(ordered[: size + 1])
        more_after = len(fetched) > size
        rows = fetched[:size]
        more_before = bool(after)
    counted = queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    return KeysetPage(
        rows=rows,
        next_cursor=encode_cursor(row_values(rows[-1], order)) if rows and more_after else None,
        previous_cursor=encode_cursor(row_values(rows[0], order)) if rows and more_before else None,
        total=min(counted, COUNT_LIMIT),
        total_is_capped=counted > COUNT_LIMIT,
    )


def keyset_page_asked(
    queryset: QuerySet[Any], query: Mapping[str, str], *, order: Sequence[str], size: int
) -> KeysetPage:
    """The page a request's query string asks for by its ``after`` or ``before`` cursor."""
    return keyset_page(
        queryset, order=order, size=size, after=query.get("after") or None, before=query.get("before") or None
    )
