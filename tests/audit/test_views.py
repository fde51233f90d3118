"""The audit log page: readable in Swedish, filtered, and limited to what the role may see."""

from __future__ import annotations

from django.test import Client

from omvarld.accounts.models import Role


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


def test_an_officer_sees_only_their_units_history(make_user) -> None:
    page = _client(make_user(Role.OFFICER, "MHN")).get("/audit/").text
    assert "Miljö- och hälsoskyddsnämnden" in page
    assert "Trafiknämnden" not in page


def test_a_malformed_filter_is_explained_not_crashed_on(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/audit/", {"since": "igår"})
    assert response.status_code == 200
    assert "giltigt datum" in response.text
