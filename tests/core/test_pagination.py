"""Keyset paging: every row once, in order, forwards and backwards, whatever the ties; a bad cursor is
refused in Swedish."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from tests.testapp.models import Matter

from omvarld.core import pagination
from omvarld.core.errors import ApplicationError
from omvarld.core.pagination import (
    KeysetPage,
    decode_cursor,
    encode_cursor,
    keyset_page,
    places_before,
    sorts_whole_list,
)

pytestmark = pytest.mark.django_db

# Titles with ties, so that the order's last field (the primary key) must break them.
TITLES = ["b", "a", "c", "a", "b", "d", "a", "e", "c", "b", "f"]


@pytest.fixture
def matters() -> list[Matter]:
    return [Matter.objects.create(title=title) for title in TITLES]


# Each walk runs both ways of reading a page: the rows from the cursor and a count apart, and (asked to
# plan first, for a list the database sorts whole: ``title`` has no index) the keys of the list's first
# rows, then the page's rows by their keys.
WAYS = pytest.mark.parametrize("plan_first", [False, True], ids=["apart", "keys-first"])


def _page(
    order: tuple[str, ...],
    size: int,
    plan_first: bool,
    values: tuple[str, ...] | None = None,
    **cursor: str | None,
) -> KeysetPage:
    rows_from = Matter.objects.all() if plan_first else None
    return keyset_page(
        Matter.objects.all(),
        order=order,
        size=size,
        plan_first=plan_first,
        rows_from=rows_from,
        values=values,
        **cursor,
    )


def _keys(page: KeysetPage) -> list[int]:
    return [row["pk"] if isinstance(row, dict) else row.pk for row in page.rows]


def _walk_forwards(
    order: tuple[str, ...], size: int, plan_first: bool = False, values: tuple[str, ...] | None = None
) -> list[list[int]]:
    pages, after = [], None
    while True:
        page = _page(order, size, plan_first, values, after=after)
        pages.append(_keys(page))
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


def _walk_backwards_from_the_end(
    order: tuple[str, ...], size: int, plan_first: bool, values: tuple[str, ...] | None = None
) -> list[list[int]]:
    last = _page(order, size, plan_first, values)
    while last.next_cursor is not None:
        last = _page(order, size, plan_first, values, after=last.next_cursor)
    backwards, page = [_keys(last)], last
    while page.previous_cursor is not None:
        page = _page(order, size, plan_first, values, before=page.previous_cursor)
        backwards.append(_keys(page))
    return backwards[::-1]


@WAYS
@pytest.mark.parametrize("order", [("title", "pk"), ("-title", "-pk")])
@pytest.mark.parametrize("size", [1, 3, 4, 11, 50])
def test_walking_forwards_gives_every_row_once_in_order(matters, order, size, plan_first):
    expected = list(Matter.objects.order_by(*order).values_list("pk", flat=True))

    pages = _walk_forwards(order, size, plan_first)

    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == size for page in pages[:-1])


@WAYS
@pytest.mark.parametrize("order", [("title", "pk"), ("-title", "-pk")])
def test_walking_backwards_from_the_last_page_gives_the_same_pages(matters, order, plan_first):
    assert _walk_backwards_from_the_end(order, 3, plan_first) == _walk_forwards(order, 3, plan_first)


@WAYS
@pytest.mark.parametrize("size", [1, 2, 4, 5, 6])
def test_pages_deeper_than_the_keys_read_are_read_from_their_cursor(matters, monkeypatch, size, plan_first):
    # Five keys and the one after them are read: a page beyond them is read as without planning.
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    expected = list(Matter.objects.order_by("title", "pk").values_list("pk", flat=True))

    forwards = _walk_forwards(("title", "pk"), size, plan_first)

    assert [pk for page in forwards for pk in page] == expected
    assert _walk_backwards_from_the_end(("title", "pk"), size, plan_first) == forwards
    first = _page(("title", "pk"), size, plan_first)
    assert (first.total, first.total_is_capped) == (5, True)


def test_a_list_the_database_sorts_whole_is_counted_from_its_keys(matters):
    a_or_b = Matter.objects.filter(title__in=["a", "b"])
    assert sorts_whole_list(a_or_b.order_by("-title", "-pk"))

    with CaptureQueriesContext(connection) as queries:
        page = keyset_page(
            a_or_b, order=("-title", "-pk"), size=4, plan_first=True, rows_from=Matter.objects.all()
        )

    assert [m.title for m in page.rows] == ["b", "b", "b", "a"]
    assert (page.total, page.total_is_capped) == (6, False)
    assert len(queries.captured_queries) == 3  # the plan, the keys, the page's rows by their keys
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_a_list_read_in_order_from_an_index_is_paged_and_counted_apart(matters):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")  # the primary key's index, even for a few rows
    assert not sorts_whole_list(Matter.objects.order_by("pk"))

    with CaptureQueriesContext(connection) as queries:
        page = keyset_page(Matter.objects.all(), order=("pk",), size=2, plan_first=True)

    assert (len(page.rows), page.total) == (2, len(TITLES))
    assert len(queries.captured_queries) == 3  # the plan, the page from the index, the capped count
    assert "COUNT(" in queries.captured_queries[-1]["sql"].upper()


def test_the_first_page_has_no_previous_and_the_last_no_next(matters):
    first = keyset_page(Matter.objects.all(), order=("title", "pk"), size=4)
    assert first.previous_cursor is None
    assert first.next_cursor is not None
    everything = keyset_page(Matter.objects.all(), order=("title", "pk"), size=len(TITLES))
    assert everything.next_cursor is None
    assert not everything.has_other_pages


def test_a_filtered_list_pages_within_the_filter(matters):
    only_a = Matter.objects.filter(title="a")

    page = keyset_page(only_a, order=("title", "pk"), size=2)
    rest = keyset_page(only_a, order=("title", "pk"), size=2, after=page.next_cursor)

    assert [m.title for m in page.rows + rest.rows] == ["a", "a", "a"]
    assert page.total == 3
    assert not page.total_is_capped


def test_the_total_is_counted_up_to_a_limit(matters, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)

    page = keyset_page(Matter.objects.all(), order=("title", "pk"), size=2)

    assert (page.total, page.total_is_capped) == (5, True)


def test_a_page_reads_the_rows_and_counts_in_two_queries(matters, django_assert_num_queries):
    with django_assert_num_queries(2):
        keyset_page(Matter.objects.all(), order=("title", "pk"), size=3)


def test_a_cursor_names_the_values_it_was_made_from():
    assert decode_cursor(encode_cursor(["Åre", 7]), 2) == ["Åre", 7]
    assert decode_cursor(encode_cursor([-99987.5, 3]), 2) == [-99987.5, 3]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        encode_cursor(["only one"]),
        "WzEuNSwgTmFOXQ",  # [1.5, NaN]
        encode_cursor([True, 2]),
        encode_cursor([None, 2]),
        encode_cursor([2**70, 1]),
        "W1s" * 1000,
        "eyJ0aXRsZSI6ICJhIn0",  # an object, not a list
    ],
)
def test_a_cursor_that_does_not_fit_the_order_is_refused_in_swedish(cursor):
    with translation.override("sv"), pytest.raises(ApplicationError) as refused:
        decode_cursor(cursor, 2)
    assert refused.value.code == "invalid_cursor"
    assert refused.value.message.startswith("Länken till den här sidan av listan är ogiltig.")


@WAYS
@pytest.mark.parametrize(
    ("order", "cursor"),
    [
        (("title", "pk"), ["a", "x"]),  # a text where the order has the primary key
        (("-pk",), ["7; drop"]),
        (("unit__code", "pk"), ["KS", "elva"]),  # through a relation
    ],
)
def test_a_cursor_whose_values_do_not_fit_the_orders_fields_is_refused(matters, order, cursor, plan_first):
    # A cursor made by hand decodes, but its values are not what the order's fields hold: refused as
    # any cursor that does not fit, never handed to the database to fail there.
    with translation.override("sv"), pytest.raises(ApplicationError) as refused:
        _page(order, 3, plan_first, after=encode_cursor(cursor))
    assert refused.value.code == "invalid_cursor"
    with pytest.raises(ApplicationError):
        _page(order, 3, plan_first, before=encode_cursor(cursor))


def test_a_cursor_with_a_number_written_as_text_finds_its_row(matters):
    # What the fields take is what counts: "3" is the key 3, as the database would read it.
    by_number = _page(("pk",), 3, False, after=encode_cursor([matters[2].pk]))
    by_text = _page(("pk",), 3, False, after=encode_cursor([str(matters[2].pk)]))
    assert _keys(by_text) == _keys(by_number) == [matter.pk for matter in matters[3:6]]


def test_an_order_that_runs_both_ways_is_a_programming_error():
    with pytest.raises(ValueError, match="runs one way"):
        keyset_page(Matter.objects.all(), order=("title", "-pk"), size=3)


@pytest.mark.parametrize("order", [("title", "pk"), ("-title", "-pk")])
def test_the_rows_before_a_row_are_counted_in_its_order(matters, order):
    in_order = list(Matter.objects.order_by(*order))
    for rank, row in enumerate(in_order):
        assert places_before(Matter.objects.all(), order=order, row=row) == rank


@WAYS
@pytest.mark.parametrize("order", [("title", "pk"), ("-title", "-pk")])
def test_rows_read_as_values_are_paged_as_the_objects_are_both_ways(matters, order, plan_first):
    values = ("pk", "title", "unit__name")

    forwards = _walk_forwards(order, 3, plan_first, values)

    assert forwards == _walk_forwards(order, 3, plan_first)
    assert _walk_backwards_from_the_end(order, 3, plan_first, values) == forwards
    first = _page(order, 3, plan_first, values)
    assert first.rows[0] == {"pk": forwards[0][0], "title": first.rows[0]["title"], "unit__name": None}


def test_the_count_of_rows_read_as_values_does_not_join_what_the_values_name(matters):
    with CaptureQueriesContext(connection) as queries:
        keyset_page(Matter.objects.all(), order=("title", "pk"), size=3, values=("pk", "title", "unit__name"))

    rows, count = (query["sql"] for query in queries.captured_queries)
    assert "JOIN" in rows
    assert "COUNT" in count
    assert "JOIN" not in count


def test_values_that_leave_out_a_field_of_the_order_are_a_programming_error(matters):
    with pytest.raises(ValueError, match="leave out"):
        keyset_page(Matter.objects.all(), order=("title", "pk"), size=3, values=("title",))
