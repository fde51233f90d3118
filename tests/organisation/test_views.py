"""The organisation pages: permission-checked, Swedish errors, constant query counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.organisation.models import Counterpart, Unit, UnitType
from omvarld.organisation.services import counterpart_create


@pytest.fixture
def officer_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.OFFICER, "MHN"))
    return client


@pytest.fixture
def reader_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.READER))
    return client


@pytest.mark.parametrize("path", ["/", "/organisation/", "/organisation/counterparts/", "/audit/"])
def test_pages_send_anonymous_visitors_to_the_login_page(db, client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_unit_list_shows_the_citys_bodies(officer_client) -> None:
    response = officer_client.get("/organisation/")
    assert response.status_code == 200
    assert "Internationella beredningen" in response.text


def _codes_in_order(html: str) -> list[str]:
    return re.findall(r"<td><code>([^<]+)</code></td>", html)


def test_the_unit_list_shows_the_organisation_in_its_order(officer_client) -> None:
    codes = _codes_in_order(officer_client.get("/organisation/").text)
    units = {unit.code: unit for unit in Unit.objects.all()}
    # The council, the executive board and its bodies, the committees, the district committees, the
    # companies (the holding company first), then the regional bodies — not the alphabet.
    assert codes[:6] == ["KF", "KS", "KS-BRB", "KS-IB", "SLK", "SLK-INT"]
    ranks = [UnitType.values.index(units[code].type) for code in codes]
    assert ranks == sorted(ranks)
    assert codes.index("MHN") < codes.index("SDN-BROMMA") < codes.index("SSAB") < codes.index("SBR")
    assert codes.index("SBR") < codes.index("SEU")


def test_the_unit_list_filters_by_type(officer_client) -> None:
    response = officer_client.get("/organisation/", {"type": "bolag"})
    assert "Stockholm Business Region AB" in response.text
    assert "Kungsholmens stadsdelsnämnd" not in response.text


def test_an_officer_creates_a_counterpart_through_the_form(officer_client) -> None:
    response = officer_client.post(
        "/organisation/counterparts/new/",
        {"name": "Köpenhamns kommun", "type": "city", "country": "dk", "city": "Köpenhamn"},
    )
    assert response.status_code == 302
    counterpart = Counterpart.objects.get()
    assert counterpart.is_capital is True
    assert AuditEntry.objects.filter(object_type="organisation.counterpart", channel="web").count() == 1


def test_a_wrong_country_code_is_shown_by_the_field_in_swedish_and_nothing_is_saved(officer_client) -> None:
    response = officer_client.post(
        "/organisation/counterparts/new/", {"name": "Atlantis", "type": "city", "country": "XX", "city": ""}
    )
    assert response.status_code == 400
    assert "ingen landskod" in response.text
    assert not Counterpart.objects.exists()


def test_a_reader_gets_a_swedish_refusal_for_the_create_form(reader_client) -> None:
    response = reader_client.get("/organisation/counterparts/new/")
    assert response.status_code == 403
    assert "behörighet" in response.text
    assert "Traceback" not in response.text


def test_an_unknown_page_is_a_swedish_404(officer_client) -> None:
    response = officer_client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def _create_counterparts(count: int, offset: int = 0) -> None:
    for number in range(offset, offset + count):
        counterpart_create(actor=None, name=f"Partner {number}", type="organisation", country="DE", city="")


@pytest.mark.parametrize("path", ["/organisation/counterparts/", "/audit/", "/organisation/", "/"])
def test_list_pages_run_the_same_number_of_queries_for_few_and_many_rows(
    reader_client, path, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _create_counterparts(3)
    with CaptureQueriesContext(connection) as few:
        assert reader_client.get(path).status_code == 200
    _create_counterparts(40, offset=3)
    with django_assert_num_queries(len(few.captured_queries)):
        assert reader_client.get(path).status_code == 200


def test_the_counterpart_list_filters_on_capitals_and_defaults_to_all(officer_client) -> None:
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    counterpart_create(actor=None, name="Åbo stad", type="city", country="FI", city="Åbo")
    everything = officer_client.get("/organisation/counterparts/").text
    assert "Helsingfors stad" in everything
    assert "Åbo stad" in everything
    assert '<option value="" selected>Alla</option>' in everything
    capitals = officer_client.get("/organisation/counterparts/", {"is_capital": "true"}).text
    assert "Helsingfors stad" in capitals
    assert "Åbo stad" not in capitals


@pytest.mark.parametrize("written", ["Polen", "polen", "POLEN", "Poland", "PL", "pl", " Polen "])
def test_the_counterpart_list_filters_by_a_country_written_in_swedish_english_or_as_a_code(
    officer_client, written
) -> None:
    counterpart_create(actor=None, name="Warszawa stad", type="city", country="PL", city="Warszawa")
    counterpart_create(actor=None, name="Amsterdam stad", type="city", country="NL", city="Amsterdam")
    page = officer_client.get("/organisation/counterparts/", {"country": written})
    assert page.status_code == 200
    assert "Warszawa stad" in page.text
    assert "Amsterdam stad" not in page.text


def test_the_country_filter_understands_nederlanderna(officer_client) -> None:
    counterpart_create(actor=None, name="Amsterdam stad", type="city", country="NL", city="Amsterdam")
    page = officer_client.get("/organisation/counterparts/", {"country": "Nederländerna"})
    assert "Amsterdam stad" in page.text


def test_an_unknown_country_in_the_filter_is_a_swedish_error_by_the_field(officer_client) -> None:
    counterpart_create(actor=None, name="Warszawa stad", type="city", country="PL", city="Warszawa")
    page = officer_client.get("/organisation/counterparts/", {"country": "Atlantis"})
    assert page.status_code == 200
    assert "Okänt land: Atlantis" in page.text
    assert 'aria-invalid="true"' in page.text
