"""``core.bulk``: rows written in bulk read back exactly as given, on either database, and ids taken for
them are never taken again."""

from __future__ import annotations

import datetime
import json

import orjson
import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.factories import EngagementFactory

from omvarld.audit.models import AuditEntry
from omvarld.core.bulk import (
    Copier,
    copy_lines,
    copy_text,
    delete_rows,
    insert_objects,
    insert_rows,
    insert_values,
    pg_array,
    reserve_ids,
)
from omvarld.engagements.models import Decision, DecisionOutcome, Engagement, Status, StoredAssessment
from omvarld.strategy.models import PassageSet, PassageSetMember

# What a text column holds: anything but NUL (PostgreSQL's text cannot) and lone surrogates (not UTF-8).
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=80)


def test_copy_text_escapes_only_what_copy_reads_specially() -> None:
    assert copy_text(None) == b"\\N"
    assert copy_text("a\tb\nc\rd\\e") == b"a\\tb\\nc\\rd\\\\e"
    assert copy_text(b'{"q":"\\"citat\\""}') == b'{"q":"\\\\"citat\\\\""}'
    assert copy_text('Malmö ’a’ "b"') == 'Malmö ’a’ "b"'.encode()
    assert copy_text(True) == b"t"
    assert copy_text(42) == b"42"
    assert copy_text(0.5) == b"0.5"
    assert copy_text(datetime.date(2026, 11, 27)) == b"2026-11-27"
    noon = datetime.datetime(2026, 11, 27, 12, 30, tzinfo=datetime.UTC)
    assert copy_text(noon) == b"2026-11-27T12:30:00+00:00"
    assert copy_lines([(1, None), ("x", b"y")]) == b"1\t\\N\nx\ty\n"


def test_copy_text_refuses_what_it_cannot_spell() -> None:
    with pytest.raises(TypeError):
        copy_text(object())


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(passages=st.lists(TEXT, min_size=1, max_size=5, unique=True))
def test_text_written_in_bulk_reads_back_as_given(passages: list[str]) -> None:
    passage_set = PassageSet.objects.create(fingerprint="x" * 64)
    try:
        insert_rows(PassageSetMember, ("passage_set_id", "passage"), [(passage_set.pk, p) for p in passages])
        stored = PassageSetMember.objects.filter(passage_set=passage_set).order_by("pk")
        assert list(stored.values_list("passage", flat=True)) == passages
    finally:
        passage_set.members.all().delete()
        passage_set.delete()


@pytest.mark.django_db
def test_json_and_times_written_in_bulk_read_back_as_given() -> None:
    engagement = EngagementFactory()
    at = datetime.datetime(2026, 11, 27, 11, 30, 15, 123456, tzinfo=datetime.UTC)
    facts = {"title": 'Tab\there, "quoted", back\\slash, rad\nbrytning, Göteborg', "cost_sek": 10}
    result = {"findings": [{"quote": "”citat” \\ \u2028"}], "n": None}
    (pk,) = reserve_ids(StoredAssessment, 1)
    insert_rows(
        StoredAssessment,
        ("id", "engagement_id", "assessed_at", "as_of", "policy_version", "policy_hash", "facts", "outcome",
         "decided_by", "result"),
        [(pk, engagement.pk, at, at.date(), "stockholm-2008", "h" * 64, orjson.dumps(facts), "approve", "",
          orjson.dumps(result))],
    )  # fmt: skip
    stored = StoredAssessment.objects.get(pk=pk)
    assert (stored.facts, stored.result, stored.assessed_at, stored.as_of) == (facts, result, at, at.date())
    assert stored.decided_by == ""


@pytest.mark.django_db
def test_ids_taken_for_bulk_rows_are_new_and_never_given_again() -> None:
    before = PassageSet.objects.create(fingerprint="a" * 64)
    ids = reserve_ids(PassageSet, 3)
    assert len(set(ids)) == 3
    assert min(ids) > before.pk
    insert_rows(PassageSet, ("id", "fingerprint"), [(pk, f"{pk:064d}") for pk in ids])
    after = PassageSet.objects.create(fingerprint="b" * 64)
    assert after.pk > max(ids)
    assert reserve_ids(PassageSet, 0) == []
    assert min(reserve_ids(PassageSet, 2)) > after.pk


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    values=st.one_of(
        st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62), TEXT), max_size=6),
        st.lists(st.integers(-(2**62), 2**62), max_size=6),  # spelt in one go
        st.lists(TEXT, max_size=6),  # in one go unless one holds a quote or a backslash
    )
)
def test_an_array_literal_reads_back_as_the_values_it_was_made_of(values: list[object]) -> None:
    """On PostgreSQL the literal is what the database reads; on SQLite there is no array to read it."""
    from django.db import connection

    literal = pg_array(values)
    assert literal.startswith("{")
    if connection.vendor != "postgresql":
        return
    texts = [None if v is None else str(v) for v in values]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [literal])
        assert cursor.fetchone()[0] == texts


def test_an_array_literal_refuses_what_it_cannot_spell() -> None:
    with pytest.raises(TypeError):
        pg_array([True])
    with pytest.raises(TypeError):
        pg_array([object()])
    assert pg_array([1, 2.5, None, 'a "b" \\c']) == '{1,2.5,NULL,"a \\"b\\" \\\\c"}'


@pytest.mark.django_db
def test_rows_are_deleted_by_a_list_of_values() -> None:
    sets = [PassageSet.objects.create(fingerprint=f"{n:064d}") for n in range(4)]
    delete_rows(PassageSet, "id", [sets[0].pk, sets[2].pk])
    delete_rows(PassageSet, "id", [])
    assert list(PassageSet.objects.order_by("pk").values_list("pk", flat=True)) == [sets[1].pk, sets[3].pk]


def test_values_of_a_subclass_are_spelt_as_their_base_type() -> None:
    assert copy_lines([(Status.SUBMITTED, True, 3)]) == b"submitted\tt\t3\n"
    with pytest.raises(TypeError):
        copy_lines([(object(),)])


def _assessments(engagement: Engagement) -> list[StoredAssessment]:
    """New assessments with JSON of every shape a column holds: text that COPY escapes, other scripts,
    nulls, nesting, and integer keys (which JSON spells as text)."""
    shapes: list[dict[object, object]] = [
        {"title": 'Tab\there, "quoted", back\\slash, rad\nbrytning, Göteborg', "cost_sek": 10.5},
        {"findings": [{"quote": "”citat” \\ \u2028", "n": None}], "deep": [[[]]], "ok": True},
        {1: "integer key", "big": 10**30},
    ]
    return [
        StoredAssessment(
            engagement=engagement,
            as_of=datetime.date(2026, 11, 27),
            policy_version="stockholm-2008",
            policy_hash="h" * 64,
            facts=shape,
            outcome="approve",
            result={"shape": shape},
        )
        for shape in shapes
    ]


STORED = (
    "engagement_id", "as_of", "policy_version", "policy_hash", "facts", "outcome", "decided_by", "result",
)  # fmt: skip


@pytest.mark.django_db
def test_objects_written_in_bulk_read_back_as_bulk_create_stores_them() -> None:
    engagement = EngagementFactory()
    by_django = StoredAssessment.objects.bulk_create(_assessments(engagement))
    before = datetime.datetime.now(datetime.UTC)
    ours = _assessments(engagement)
    insert_objects(ours)
    assert all(obj.pk is not None and not obj._state.adding for obj in ours)
    assert len({obj.pk for obj in ours} | {obj.pk for obj in by_django}) == 6
    read = StoredAssessment.objects.values(*STORED)
    assert [read.get(pk=obj.pk) for obj in ours] == [read.get(pk=obj.pk) for obj in by_django]
    # auto_now_add: the time of saving, on the object and in the row.
    for obj in ours:
        assert before <= obj.assessed_at <= datetime.datetime.now(datetime.UTC)
        assert StoredAssessment.objects.get(pk=obj.pk).assessed_at == obj.assessed_at


@pytest.mark.django_db
def test_a_foreign_key_names_the_object_saved_after_it_was_assigned() -> None:
    engagement = EngagementFactory()
    assessment = _assessments(engagement)[0]
    decision = Decision(
        engagement=engagement,
        assessment=assessment,  # not saved yet: its id is taken when the decision is written
        body=engagement.unit,
        expected_body=engagement.unit,
        outcome=DecisionOutcome.APPROVED,
        decided_on=datetime.date(2026, 11, 27),
        minutes_reference="Protokoll 2026:1, § 1",
    )
    insert_objects([assessment])
    insert_objects([decision])
    assert Decision.objects.get(pk=decision.pk).assessment_id == assessment.pk == decision.assessment_id


@pytest.mark.django_db
def test_a_nullable_json_field_stores_none_as_sql_null() -> None:
    entry = AuditEntry(
        timestamp=datetime.datetime.now(datetime.UTC),
        actor_name="system",
        channel="cli",
        action="create",
        event="test",
        object_type="test.thing",
        object_id="1",
        object_repr="ting",
        before=None,
        after={"namn": "ting"},
    )
    insert_objects([entry])
    assert AuditEntry.objects.filter(pk=entry.pk, before__isnull=True, after__namn="ting").exists()


@pytest.mark.django_db
def test_insert_objects_refuses_what_bulk_create_would_not_write_as_new() -> None:
    engagement = EngagementFactory()
    with pytest.raises(ValueError, match="new StoredAssessment"):
        insert_objects([StoredAssessment.objects.bulk_create(_assessments(engagement))[0]])
    with pytest.raises(ValueError, match="new StoredAssessment"):
        insert_objects([*_assessments(engagement), EngagementFactory.build()])
    unsaved = Decision(engagement=engagement, assessment=_assessments(engagement)[0], body=engagement.unit)
    with pytest.raises(ValueError, match="not saved"):
        insert_objects([unsaved])
    assert not Decision.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_copier_writes_every_batch_before_its_block_ends() -> None:
    engagement = EngagementFactory()
    with transaction.atomic(), Copier() as copier:
        for _batch in range(3):
            insert_objects(_assessments(engagement), copier=copier)
    assert StoredAssessment.objects.filter(engagement=engagement).count() == 9
    as_json = [json.loads(json.dumps(shape.facts)) for shape in _assessments(engagement)]  # keys as text
    assert sorted(StoredAssessment.objects.values_list("facts", flat=True), key=str) == sorted(
        as_json * 3, key=str
    )


@pytest.mark.django_db(transaction=True)
def test_a_copy_that_fails_raises_djangos_error_and_the_transaction_writes_nothing() -> None:
    engagement = EngagementFactory()
    (taken,) = reserve_ids(StoredAssessment, 1)

    def write_one_id_twice() -> None:
        with transaction.atomic(), Copier() as copier:
            insert_objects(_assessments(engagement), copier=copier)
            # The same id twice: the second batch breaks the primary key, wherever it is written.
            insert_objects(_assessments(engagement)[:1], ids=[taken], copier=copier)
            insert_objects(_assessments(engagement)[:1], ids=[taken], copier=copier)

    with pytest.raises(IntegrityError):
        write_one_id_twice()
    assert not StoredAssessment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_copier_is_used_inside_a_transaction() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes at once, in the caller's thread")
    with pytest.raises(RuntimeError, match="transaction"):
        Copier().__enter__()


@pytest.mark.django_db
def test_ids_given_must_match_the_objects() -> None:
    with pytest.raises(ValueError, match="2 ids for 3"):
        insert_objects(_assessments(EngagementFactory()), ids=[1, 2])


@pytest.mark.django_db
def test_rows_given_as_values_read_back_as_the_objects_would() -> None:
    engagement = EngagementFactory()
    (ours,) = _assessments(engagement)[:1]
    insert_objects([ours])
    values = {
        name: getattr(ours, name)
        for name in ("engagement_id", "assessed_at", "as_of", "policy_version", "policy_hash", "facts")
    } | {"outcome": ours.outcome, "decided_by": ours.decided_by, "result": ours.result}
    (pk,) = insert_values(StoredAssessment, [values])
    read = StoredAssessment.objects.values(*STORED, "assessed_at")
    assert read.get(pk=pk) == read.get(pk=ours.pk)
    with pytest.raises(ValueError, match="1 ids for 2"):
        insert_values(StoredAssessment, [values, values], ids=[pk + 1])


def _value_by_value(rows: list[tuple[object, ...]]) -> bytes:
    return b"".join(b"\t".join(copy_text(value) for value in row) + b"\n" for row in rows)


COPY_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    TEXT,
    TEXT.map(str.encode),
    st.dates(),
    st.datetimes(timezones=st.just(datetime.UTC)),
    st.sampled_from(list(Status)),
)


@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(st.tuples(*[COPY_VALUES] * width), min_size=1, max_size=12)
    )
)
def test_rows_are_spelt_by_the_column_as_each_value_is_by_itself(rows: list[tuple[object, ...]]) -> None:
    # A column of one type is spelt in one go, a repeated value once: the text is what value by value gives,
    # whatever the columns mix (``True`` beside ``1``, ``0.0`` beside ``-0.0``, a day repeated).
    assert copy_lines(rows) == _value_by_value(rows)


def test_a_column_of_one_type_is_spelt_as_its_values_are() -> None:
    day, moment = datetime.date(2026, 11, 27), datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)
    rows = [(1, "a\tb", b'{"q":"\\""}', day, moment, 0.0), (2, "c", b"{}", day, moment, -0.0)]
    assert copy_lines(rows) == (
        b'1\ta\\tb\t{"q":"\\\\""}\t2026-11-27\t2026-11-27T12:00:00+00:00\t0.0\n'
        b"2\tc\t{}\t2026-11-27\t2026-11-27T12:00:00+00:00\t-0.0\n"
    )
    assert copy_lines([]) == b""
    with pytest.raises(ValueError, match=r"shorter|longer"):  # rows of different widths: zip's strict check
        copy_lines([(1, 2), (3,)])
