"""Counterparts are placed in a real city: capitals known, Swedish exonyms understood."""

from __future__ import annotations

import pytest
from django.utils import translation
from tests.testapp.models import Matter

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import (
    counterpart_create,
    counterpart_delete,
    counterpart_deletion_refusal,
    counterpart_update,
)


@pytest.mark.parametrize(
    ("city", "country", "geonames_name", "is_capital"),
    [
        ("Köpenhamn", "DK", "Copenhagen", True),
        ("Helsingfors", "FI", "Helsinki", True),
        ("Warszawa", "PL", "Warsaw", True),
        ("S:t Petersburg", "RU", "Saint Petersburg", False),
        ("London", "GB", "London", True),
        ("Toronto", "CA", "Toronto", False),
        ("Bryssel", "BE", "Brussels", True),
        ("Åbo", "FI", "Turku", False),
    ],
)
def test_a_city_is_resolved_and_marked_capital_or_not(db, city, country, geonames_name, is_capital) -> None:
    counterpart = counterpart_create(
        actor=None, name=f"Staden {city}", type="city", country=country, city=city
    )
    assert counterpart.city == city
    assert counterpart.city_name == geonames_name
    assert counterpart.is_capital is is_capital
    assert counterpart.geonameid is not None


def test_an_unknown_city_is_kept_as_written_but_unresolved(db) -> None:
    counterpart = counterpart_create(
        actor=None, name="Okänd ort", type="city", country="SE", city="Xyzzyborg"
    )
    assert counterpart.city == "Xyzzyborg"
    assert counterpart.geonameid is None
    assert counterpart.is_capital is None


def test_a_city_is_looked_up_in_the_given_country(db) -> None:
    counterpart = counterpart_create(
        actor=None, name="London Ontario", type="city", country="CA", city="London"
    )
    assert counterpart.is_capital is False


def test_an_invalid_country_code_is_refused_by_field(db) -> None:
    with pytest.raises(ApplicationError) as raised:
        counterpart_create(actor=None, name="Atlantis", type="city", country="XX", city="Atlantis")
    assert [d.field for d in raised.value.details] == ["country"]
    assert not Counterpart.objects.exists()


def test_the_same_name_in_the_same_country_is_refused(db) -> None:
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel")
    with pytest.raises(ApplicationError) as raised:
        counterpart_create(actor=None, name="Eurocities", type="organisation", country="be", city="Bryssel")
    assert raised.value.details[0].field == "name"
    assert Counterpart.objects.count() == 1


def test_the_same_name_written_in_another_case_is_the_same_counterpart(db) -> None:
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    other = counterpart_create(actor=None, name="UBC", type="organisation", country="BE")
    for written in ("EUROCITIES", "  eurocities "):
        with pytest.raises(ApplicationError) as raised:
            counterpart_create(actor=None, name=written, type="organisation", country="BE")
        assert raised.value.status == 409
        with pytest.raises(ApplicationError):
            counterpart_update(actor=None, counterpart=other, name=written, type="organisation", country="BE")
    assert sorted(Counterpart.objects.values_list("name", flat=True)) == ["Eurocities", "UBC"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\u0001b\u001bc", "styrtecken eller osynliga tecken"),
        ("Euro\u200bcities", "styrtecken eller osynliga tecken"),
        ("Rad\nbrytning", "styrtecken eller osynliga tecken"),
        ("\u200b", "Ange ett namn."),
        ("\u200b \ufeff", "Ange ett namn."),
    ],
)
def test_a_name_with_control_or_invisible_characters_is_refused(db, name, message) -> None:
    with translation.override("sv"), pytest.raises(ApplicationError) as raised:
        counterpart_create(actor=None, name=name, type="organisation", country="BE")
    assert [d.field for d in raised.value.details] == ["name"]
    assert message in raised.value.details[0].message
    assert not Counterpart.objects.exists()


def test_moving_a_counterpart_resolves_the_new_city(db) -> None:
    counterpart = counterpart_create(
        actor=None, name="Nätverket", type="organisation", country="DE", city="Freiburg"
    )
    counterpart = counterpart_update(
        actor=None,
        counterpart=counterpart,
        name="Nätverket",
        type="organisation",
        country="DE",
        city="Berlin",
    )
    assert counterpart.is_capital is True
    assert Counterpart.objects.get(pk=counterpart.pk).city_name == "Berlin"


def test_a_reader_may_not_create_counterparts(make_user) -> None:
    reader = make_user(Role.READER)
    with pytest.raises(PermissionDenied):
        counterpart_create(actor=reader, name="Riga", type="city", country="LV", city="Riga")
    assert not Counterpart.objects.exists()


def test_deleting_a_counterpart_is_audited_with_what_it_held(db) -> None:
    counterpart = counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    counterpart_delete(actor=None, counterpart=counterpart)
    assert not Counterpart.objects.exists()
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.object_id, entry.before["name"], entry.after) == (str(counterpart.pk), "Eurocities", None)


def test_a_counterpart_a_matter_refers_to_is_not_deleted_and_nothing_is_logged(db) -> None:
    counterpart = counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    Matter.objects.create(title="Medlemskap i Eurocities 2009", counterpart=counterpart)
    with pytest.raises(ApplicationError) as raised:
        counterpart_delete(actor=None, counterpart=counterpart)
    assert raised.value.status == 409
    assert raised.value.message == (
        "Motparten Eurocities kan inte tas bort så länge något hänvisar till den: "
        "1 matter (Medlemskap i Eurocities 2009). Ta bort eller ändra det först."
    )
    assert counterpart_deletion_refusal(counterpart=counterpart) == raised.value.message
    assert Counterpart.objects.filter(pk=counterpart.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_an_officer_may_change_but_not_delete_a_counterpart(make_user) -> None:
    counterpart = counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    officer = make_user(Role.OFFICER, "MHN")
    counterpart_update(
        actor=officer, counterpart=counterpart, name="Eurocities", type="organisation", country="NL"
    )
    with pytest.raises(PermissionDenied):
        counterpart_delete(actor=officer, counterpart=counterpart)
    assert Counterpart.objects.get().country == "NL"


def test_an_update_that_changes_nothing_writes_no_entry(db) -> None:
    counterpart = counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    entries = AuditEntry.objects.count()
    counterpart_update(
        actor=None, counterpart=counterpart, name=" Eurocities ", type="organisation", country="be"
    )
    assert AuditEntry.objects.count() == entries
