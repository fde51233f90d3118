"""The audit log page: readable in Swedish, filtered, and limited to what the role may see."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.test import Client
from tests.bases import ListPageTests, ResourceTests
from tests.factories import AuditEntryFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Action
from omvarld.organisation.models import Unit


class AuditEntryResource(ResourceTests):
    """Officers and secretaries read the log of their own units; city-wide roles read all of it."""

    model = AuditEntry
    allowed: ClassVar = {
        Action.VIEW: frozenset(
            {Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR}
        )
    }
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})

    def make(self, unit: Unit) -> models.Model:
        return AuditEntryFactory(obj=unit, event="unit.updated")

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, AuditEntry)
        return obj.object_repr


class TestAuditLogPage(ListPageTests, AuditEntryResource):
    list_url = "/audit/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_log_names_channel_and_object_kind_in_swedish(make_user) -> None:
    officer = _client(make_user(Role.OFFICER, "MHN"))
    officer.post(
        "/organisation/counterparts/new/",
        {"name": "Riga stad", "type": "city", "country": "LV", "city": "Riga"},
    )
    page = _client(make_user(Role.READER)).get("/audit/", {"channel": "web"}).text
    assert "Riga stad" in page
    assert "webb" in page
    assert "(motpart)" in page


def test_the_log_filters_by_date(make_user) -> None:
    client = _client(make_user(Role.READER))
    assert "Inga poster motsvarar urvalet" in client.get("/audit/", {"since": "2999-01-01"}).text
    assert "Inga poster motsvarar urvalet" not in client.get("/audit/", {"since": "2000-01-01"}).text


def test_a_malformed_filter_is_explained_not_crashed_on(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/audit/", {"since": "igår"})
    assert response.status_code == 200
    assert "giltigt datum" in response.text


# --- Readable changes and filters anyone can use ---------------------------------------------------------


def test_the_changes_name_fields_by_their_labels_with_words_for_values(make_user) -> None:
    officer = _client(make_user(Role.OFFICER, "MHN"))
    officer.post(
        "/organisation/counterparts/new/",
        {"name": "Riga stad", "type": "city", "country": "LV", "city": "Riga"},
    )
    page = _client(make_user(Role.READER)).get("/audit/", {"object_type": "organisation.counterpart"}).text
    page = page[page.index("<table") :]
    assert '<span class="changes__label">Huvudstad</span>: <ins>Ja</ins>' in page
    assert '<span class="changes__label">Typ</span>: <ins>Stad</ins>' in page
    assert "Motpart skapad" in page
    for internal in ("is_capital", "True", "geonameid", ">city<", "counterpart.created"):
        assert internal not in page


def test_the_changes_are_in_english_when_english_is_chosen(make_user) -> None:
    reader = _client(make_user(Role.READER))
    reader.post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    page = reader.get("/audit/", {"event": "user.role_granted"}).text
    assert "Role granted" in page
    assert '<span class="changes__label">Role</span>: <ins>Reader / auditor</ins>' in page


def test_the_kind_of_object_and_the_event_are_chosen_from_lists_of_names(make_user) -> None:
    page = _client(make_user(Role.READER)).get("/audit/").text
    assert '<option value="organisation.counterpart">Motpart</option>' in page
    assert '<option value="accounts.user">Användare</option>' in page
    assert '<option value="user.role_granted">Roll tilldelad</option>' in page
    assert '<optgroup label="Enhet">' in page


def test_the_log_filters_by_kind_of_object_and_by_event(make_user) -> None:
    reader = _client(make_user(Role.READER))
    units = reader.get("/audit/", {"object_type": "organisation.unit"}).context["rows"]
    assert units
    assert {row.entry.object_type for row in units} == {"organisation.unit"}
    grants = reader.get("/audit/", {"event": "user.role_granted"}).context["rows"]
    assert [row.entry.event for row in grants] == ["user.role_granted"]


def test_the_actor_is_found_by_any_part_of_a_name_or_user_name(make_user) -> None:
    from omvarld.organisation.services import counterpart_create

    hanna = make_user(Role.OFFICER, "MHN", username="hh-42")
    hanna.first_name, hanna.last_name = "Hanna", "Handläggare"
    hanna.save()
    counterpart_create(actor=hanna, name="Riga stad", type="city", country="LV", city="Riga")
    reader = _client(make_user(Role.READER))
    for search in ("hann", "HANDLÄ", "handlä", "Hanna Handl", "hh-4"):
        rows = reader.get("/audit/", {"actor": search}).context["rows"]
        assert [row.entry.object_repr for row in rows] == ["Riga stad"], search
    assert reader.get("/audit/", {"actor": "Hanna Svensson"}).context["rows"] == []


def test_the_log_filters_by_a_range_of_dates(make_user) -> None:
    client = _client(make_user(Role.READER))
    assert client.get("/audit/", {"since": "2000-01-01", "until": "2000-12-31"}).context["rows"] == []
    assert client.get("/audit/", {"since": "2000-01-01", "until": "2999-12-31"}).context["rows"]
    assert "giltigt datum" in client.get("/audit/", {"until": "i morgon"}).text


def test_an_unknown_choice_in_a_filter_is_explained_not_crashed_on(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/audit/", {"event": "counterpart.exploded"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
