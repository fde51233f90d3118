"""The audit log reads as the interface does: field labels, Ja/Nej, choice labels and names, in the reader's
language, for a page of entries in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from omvarld.accounts.models import Role
from omvarld.audit import events
from omvarld.audit.models import AuditEntry
from omvarld.audit.presentation import EMPTY, Line, readable
from omvarld.audit.services import audit_event, update_with_audit
from omvarld.organisation.services import counterpart_create, counterpart_update


def _lines(entry: AuditEntry, language: str = "sv") -> list[Line]:
    with translation.override(language):
        [row] = readable([entry])
    return row.lines


def test_a_change_names_the_fields_by_their_labels_and_shows_choices_and_booleans_as_words(db) -> None:
    riga = counterpart_create(actor=None, name="Riga stad", type="city", country="LV", city="Riga")
    counterpart_update(
        actor=None,
        counterpart=riga,
        name="Rīgas pilsēta",
        type="organisation",
        country="LV",
        city="Ingenstansby",
    )
    entry = AuditEntry.objects.latest("id")
    assert _lines(entry) == [
        Line("Namn", "Riga stad", "Rīgas pilsēta"),
        Line("Typ", "Stad", "Organisation"),
        Line("Stad som den skrevs", "Riga", "Ingenstansby"),
        Line("GeoNames-id", "456172", EMPTY),
        Line("Stad (GeoNames)", "Riga", EMPTY),
        Line("Huvudstad", "Ja", EMPTY),
    ]
    assert _lines(entry, "en")[:2] == [
        Line("Name", "Riga stad", "Rīgas pilsēta"),
        Line("Type", "City", "Organisation"),
    ]
    assert _lines(entry, "en")[-1] == Line("Capital", "Yes", EMPTY)


def test_a_creation_lists_the_values_there_were_and_leaves_out_the_empty_ones(db) -> None:
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="")
    lines = _lines(AuditEntry.objects.latest("id"))
    assert lines == [
        Line("Namn", None, "Eurocities"),
        Line("Typ", None, "Organisation"),
        Line("Land", None, "BE"),
    ]


def test_a_foreign_key_shows_the_objects_name_and_a_unit_its_english_name_in_english(units) -> None:
    update_with_audit(actor=None, obj=units["MHN"], values={"parent": units["SBN"]})
    entry = AuditEntry.objects.latest("id")
    [line] = _lines(entry)
    assert line == Line("Överordnad enhet", "Kommunfullmäktige", "Stadsbyggnadsnämnden")
    [line] = _lines(entry, "en")
    assert line == Line("Parent unit", "City Council", "City Planning Committee")


def test_a_role_grant_shows_who_got_which_role_where(make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    entry = AuditEntry.objects.get(event="user.role_granted", data__user=officer.pk)
    assert _lines(entry) == [
        Line("Användare", None, str(officer)),
        Line("Roll", None, "Handläggare"),
        Line("Enhet", None, "Miljö- och hälsoskyddsnämnden"),
    ]
    assert _lines(entry, "en")[1:] == [
        Line("Role", None, "Officer"),
        Line("Unit", None, "Environment and Health Committee"),
    ]


def test_an_events_data_is_shown_under_its_labels(db) -> None:
    entry = audit_event(
        actor=None,
        event=events.USER_UNLOCKED,
        object_repr="hanna",
        data={"username": "hanna", "address": None, "failures": 7, "addresses": ["10.0.0.1", "10.0.0.2"]},
    )
    assert _lines(entry) == [
        Line("Användarnamn", None, "hanna"),
        Line("Adress", None, EMPTY),
        Line("Misslyckade försök", None, "7"),
        Line("Adresser", None, "10.0.0.1, 10.0.0.2"),
    ]
    failed = audit_event(
        actor=None,
        event=events.AUTH_LOGIN_FAILED,
        object_repr="x",
        data={"address": "10.0.0.9", "account_exists": False},
    )
    assert _lines(failed, "en") == [Line("Address", None, "10.0.0.9"), Line("Account exists", None, "No")]


def test_an_account_shows_its_times_in_local_time(make_user) -> None:
    user = make_user(None)
    entry = AuditEntry.objects.get(event="user.created", object_id=str(user.pk))
    lines = {line.label: line.new for line in _lines(entry)}
    stored = entry.after["date_joined"]  # ISO 8601 in UTC, as the snapshot keeps it
    assert "T" in stored
    assert lines["Registreringsdatum"] == timezone.localtime(user.date_joined).strftime("%Y-%m-%d %H:%M")
    assert lines["Aktiv"] == "Ja"
    assert "Lösenord" not in lines


@pytest.mark.parametrize("rows", [3, 30])
def test_a_page_is_made_readable_in_one_query_per_kind_of_object_named(
    make_user, rows, django_assert_num_queries
) -> None:
    for _ in range(rows):
        make_user(Role.OFFICER, "MHN")  # an account and a role grant: users and units to name
    page = list(AuditEntry.objects.order_by("-id")[:50])
    with django_assert_num_queries(2):  # the users, the units
        readable(page)
