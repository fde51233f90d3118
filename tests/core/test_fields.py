"""``core.fields.JSONDocumentField``: JSON kept whole as text, read back as written, on either database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import JSONField
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from tests.factories import StoredAssessmentFactory

from omvarld.engagements.models import StoredAssessment

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "outcome": "needs_information",
    "findings": [{"rule": "R1", "citations": ["2.3"], "reason": "Staden betalar sina resor – ”själv”"}],
    "score": 1.5,
    "empty": {},
    "nothing": None,
    "requirements": ["travel_report"],
}


def _column_type(column: str) -> str:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, StoredAssessment._meta.db_table)
    (row,) = [row for row in description if row.name == column]
    return connection.introspection.get_field_type(row.type_code, row)


def test_a_stored_assessment_keeps_its_facts_and_result_as_text_not_as_parsed_json() -> None:
    # PostgreSQL's jsonb parses each value on the way in and spells it again on the way out; SQLite's JSON is
    # text whatever the field.
    expected = "TextField" if connection.vendor == "postgresql" else "JSONField"
    assert (_column_type("facts"), _column_type("result")) == (expected, expected)


def test_a_document_saved_through_the_orm_reads_back_as_it_was_given() -> None:
    stored = StoredAssessmentFactory()
    StoredAssessment.objects.filter(pk=stored.pk).update(result=DOCUMENT)
    stored.result = DOCUMENT
    stored.facts = {"kind": "trip", "goals": ["G1"], "funding": {"city": 1200}}
    stored.save()

    again = StoredAssessment.objects.get(pk=stored.pk)
    assert again.result == DOCUMENT
    assert again.facts == {"kind": "trip", "goals": ["G1"], "funding": {"city": 1200}}
    assert StoredAssessment.objects.values_list("result", flat=True).get(pk=stored.pk) == DOCUMENT


def test_a_key_of_a_document_is_read_in_sql_once_it_is_cast_to_json() -> None:
    stored = StoredAssessmentFactory()
    StoredAssessment.objects.filter(pk=stored.pk).update(result=DOCUMENT)

    read = StoredAssessment.objects.annotate(
        requirements=KeyTransform("requirements", Cast("result", JSONField()))
    ).get(pk=stored.pk)

    assert read.requirements == ["travel_report"]
