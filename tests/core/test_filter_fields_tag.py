"""``{% filter_fields %}`` writes a filter form's fields as ``{% form_field %}`` writes each, and keeps what
it wrote only for as long as nothing the fields show has changed."""

from __future__ import annotations

import django_filters
import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation
from tests.factories import UnitFactory

from omvarld.audit.filtersets import AuditEntryFilterSet
from omvarld.core.templatetags import omvarld_forms
from omvarld.core.templatetags.omvarld_forms import form_field
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement, Kind
from omvarld.jobs.filtersets import JobFilterSet
from omvarld.organisation.filtersets import CounterpartFilterSet
from omvarld.organisation.models import Unit

pytestmark = pytest.mark.django_db

TAG = Template("{% load omvarld_forms %}{% filter_fields filterset %}")

ASKED = [
    None,  # unbound: the list as it first opens
    "",
    "kind=trip&status=closed",
    "unit=KS&decided_by=KS&sort=title&mine=true",
    "year=abc&country=Atlantis&kind=nothing",  # errors, each shown at its field
    "q=%3Cscript%3E&counterpart=O%27Brien+%26+co",
]


@pytest.fixture(autouse=True)
def nothing_kept():
    omvarld_forms._WRITTEN.clear()
    yield
    omvarld_forms._WRITTEN.clear()


def written(filterset) -> str:
    return TAG.render(Context({"filterset": filterset}))


def field_by_field(filterset) -> str:
    return "".join(form_field(field) for field in filterset.form)


def engagement_filters(query: str | None) -> EngagementFilterSet:
    return EngagementFilterSet(None if query is None else QueryDict(query), queryset=None)


@pytest.fixture
def units() -> None:
    UnitFactory(code="KS", name="Kommunstyrelsen", type="kommunstyrelsen")
    UnitFactory(code="MHN", name="Miljö- och hälsoskyddsnämnden", type="namnd")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("query", ASKED)
def test_the_fields_are_written_as_form_field_writes_them_the_first_time_and_every_time_after(
    units, query, language
) -> None:
    with translation.override(language):
        first = written(engagement_filters(query))
        again = written(engagement_filters(query))
        expected = field_by_field(engagement_filters(query))

    assert first == again == expected
    assert len(omvarld_forms._WRITTEN) == 1


def test_a_form_with_other_values_asked_or_in_another_language_is_written_anew(units) -> None:
    with translation.override("sv"):
        swedish = written(engagement_filters("kind=trip"))
        other_kind = written(engagement_filters("kind=visit"))
    with translation.override("en"):
        english = written(engagement_filters("kind=trip"))

    assert '<option value="trip" selected>Tjänsteresa</option>' in swedish
    assert '<option value="visit" selected>Besök</option>' in other_kind
    assert '<option value="trip" selected>Business trip</option>' in english
    assert len(omvarld_forms._WRITTEN) == 3


def test_a_value_that_is_not_a_filter_of_the_form_does_not_make_a_new_entry(units) -> None:
    # The keyset cursor and the page change from page to page; the form does not.
    first = written(engagement_filters("kind=trip&after=abc"))
    deeper = written(engagement_filters("kind=trip&after=xyz&page=3"))

    assert first == deeper
    assert len(omvarld_forms._WRITTEN) == 1


def test_a_unit_added_or_renamed_shows_at_once(units) -> None:
    before = written(engagement_filters(None))
    UnitFactory(code="SDN", name="Spånga-Tensta stadsdelsnämnd", type="stadsdelsnamnd")
    added = written(engagement_filters(None))
    Unit.objects.filter(code="MHN").update(name="Miljönämnden")
    renamed = written(engagement_filters(None))

    assert "Spånga-Tensta" not in before
    assert '<option value="SDN">Spånga-Tensta stadsdelsnämnd</option>' in added
    assert "Miljö- och hälsoskyddsnämnden" in added
    assert '<option value="MHN">Miljönämnden</option>' in renamed
    assert "hälsoskydd" not in renamed
    assert renamed == field_by_field(engagement_filters(None))


def test_a_form_whose_filters_differ_by_who_asks_is_kept_apart() -> None:
    # The jobs list offers "started by" only to those who see others' jobs.
    for_coordinator = written(JobFilterSet(None, sees_others=True))
    for_officer = written(JobFilterSet(None, sees_others=False))

    assert 'name="who"' in for_coordinator
    assert 'name="who"' not in for_officer
    assert for_officer == field_by_field(JobFilterSet(None, sees_others=False))


def test_grouped_choices_from_a_function_are_written_and_kept() -> None:
    # The audit log's events come grouped by kind of object, their labels translated when shown.
    with translation.override("en"):
        english = written(AuditEntryFilterSet(QueryDict("channel=web")))
    with translation.override("sv"):
        swedish = written(AuditEntryFilterSet(QueryDict("channel=web")))

    assert "<optgroup" in english
    assert english != swedish
    with translation.override("en"):
        assert english == field_by_field(AuditEntryFilterSet(QueryDict("channel=web")))
    assert len(omvarld_forms._WRITTEN) == 2


class ByUnitRow(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all())

    class Meta:
        model = Unit
        fields = ["unit"]


def test_a_field_whose_choices_are_rows_is_written_each_time_and_never_kept(units) -> None:
    first = written(ByUnitRow(None))
    UnitFactory(code="SDN", name="Spånga-Tensta stadsdelsnämnd", type="stadsdelsnamnd")
    second = written(ByUnitRow(None))

    assert "Spånga-Tensta" not in first
    assert "Spånga-Tensta" in second
    assert omvarld_forms._WRITTEN == {}


def test_what_is_kept_is_bounded(units, monkeypatch) -> None:
    monkeypatch.setattr(omvarld_forms, "WRITTEN_LIMIT", 3)
    for number in range(7):
        written(engagement_filters(f"q=ord{number}"))

    assert 1 <= len(omvarld_forms._WRITTEN) <= 3


def test_a_form_in_another_language_is_written_anew_even_with_choices_that_do_not_change() -> None:
    asked = "type=city&is_capital=true"
    with translation.override("sv"):
        swedish = written(CounterpartFilterSet(QueryDict(asked)))
    with translation.override("en"):
        english = written(CounterpartFilterSet(QueryDict(asked)))
        assert english == field_by_field(CounterpartFilterSet(QueryDict(asked)))

    assert "Huvudstad" in swedish
    assert "Capital" in english


def test_values_that_are_not_text_are_written_each_time_and_never_kept(units) -> None:
    filterset = EngagementFilterSet({"kind": ["trip", "visit"]}, queryset=None)

    assert written(filterset) == field_by_field(filterset)
    assert omvarld_forms._WRITTEN == {}


class ByKindClass(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind)  # a Choices class, as Django also takes them

    class Meta:
        model = Engagement
        fields = ["kind"]


def test_choices_given_as_a_choices_class_are_written_and_kept() -> None:
    first = written(ByKindClass(QueryDict("kind=aid")))

    assert (
        first
        == written(ByKindClass(QueryDict("kind=aid")))
        == field_by_field(ByKindClass(QueryDict("kind=aid")))
    )
    assert '<option value="aid" selected>' in first
