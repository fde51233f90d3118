"""The organisation pages: permission-checked, Swedish errors, constant query counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.bases import CreatePageTests, DeletePageTests, DetailPageTests, ListPageTests, UpdatePageTests
from tests.organisation.resources import CounterpartResource, UnitResource
from tests.testapp.models import Matter

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.organisation.models import Counterpart, Unit, UnitType
from omvarld.organisation.services import counterpart_create


class TestUnitPages(ListPageTests, DetailPageTests, UnitResource):
    list_url = "/organisation/"


class TestCounterpartPages(
    ListPageTests, DetailPageTests, CreatePageTests, UpdatePageTests, DeletePageTests, CounterpartResource
):
    list_url = "/organisation/counterparts/"
    create_url = "/organisation/counterparts/new/"
    invalid_message = "”XX” är ingen landskod enligt ISO 3166-1 (till exempel DK)."

    def valid_data(self) -> dict[str, str]:
        return {"name": "Köpenhamns kommun", "type": "city", "country": "DK", "city": "Köpenhamn"}

    def invalid_data(self) -> dict[str, str]:
        return {"name": "Atlantis", "type": "city", "country": "XX", "city": ""}

    def update_url(self, obj: Counterpart) -> str:
        return f"/organisation/counterparts/{obj.pk}/edit/"

    def changed_data(self, obj: Counterpart) -> dict[str, str]:
        return self.fields_of(obj, name=f"{obj.name} (nytt namn)")

    def invalid_change(self, obj: Counterpart) -> dict[str, str]:
        return self.fields_of(obj, country="XX")

    def delete_url(self, obj: Counterpart) -> str:
        return f"/organisation/counterparts/{obj.pk}/delete/"


@pytest.fixture
def officer_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.OFFICER, "MHN"))
    return client


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


def test_an_unknown_page_is_a_swedish_404(officer_client) -> None:
    response = officer_client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


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


# --- A counterpart's own pages: detail, edit, delete ---


@pytest.fixture
def eurocities(db) -> Counterpart:
    return counterpart_create(
        actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel"
    )


def _client_for(make_user, role: Role, unit: str | None = None) -> Client:
    client = Client()
    client.force_login(make_user(role, unit))
    return client


@pytest.mark.parametrize(
    ("role", "unit", "change", "delete"),
    [
        (Role.READER, None, False, False),
        (Role.OFFICER, "MHN", True, False),
        (Role.COORDINATOR, None, True, True),
    ],
)
def test_the_detail_page_offers_what_the_role_may_do(
    make_user, eurocities, role, unit, change, delete
) -> None:
    page = _client_for(make_user, role, unit).get(eurocities.get_absolute_url())
    assert page.status_code == 200
    assert re.search(r"<h1[^>]*>Eurocities</h1>", page.text)
    assert "Belgien" in page.text
    assert "Brussels" in page.text  # the city as GeoNames names it
    assert (f'href="/organisation/counterparts/{eurocities.pk}/edit/"' in page.text) is change
    assert (f'href="/organisation/counterparts/{eurocities.pk}/delete/"' in page.text) is delete


def test_the_list_links_each_counterpart_to_its_page(officer_client, eurocities) -> None:
    assert (
        f'<a href="/organisation/counterparts/{eurocities.pk}/">Eurocities</a>'
        in officer_client.get("/organisation/counterparts/").text
    )


def test_an_unknown_counterpart_is_a_swedish_404(officer_client) -> None:
    for path in ("/organisation/counterparts/999999/", "/organisation/counterparts/999999/edit/"):
        response = officer_client.get(path)
        assert response.status_code == 404
        assert "Sidan finns inte" in response.text


def test_an_officer_edits_a_counterpart_and_the_change_is_audited_with_before_and_after(
    officer_client, eurocities
) -> None:
    form = officer_client.get(f"/organisation/counterparts/{eurocities.pk}/edit/")
    assert form.status_code == 200
    assert 'value="Eurocities"' in form.text  # the form starts from what is stored
    response = officer_client.post(
        f"/organisation/counterparts/{eurocities.pk}/edit/",
        {"name": "Eurocities network", "type": "organisation", "country": "BE", "city": "Bryssel"},
    )
    assert response.status_code == 302
    assert response["Location"] == eurocities.get_absolute_url()
    assert Counterpart.objects.get(pk=eurocities.pk).name == "Eurocities network"
    entry = AuditEntry.objects.filter(object_type="organisation.counterpart", action="update").get()
    assert (entry.channel, entry.before["name"], entry.after["name"]) == (
        "web",
        "Eurocities",
        "Eurocities network",
    )
    page = officer_client.get(response["Location"])
    assert "Motparten Eurocities network har sparats." in page.text


def test_a_duplicate_name_is_refused_by_the_field_with_what_was_typed_and_nothing_changes(
    officer_client, eurocities
) -> None:
    other = counterpart_create(
        actor=None, name="Union of the Baltic Cities", type="organisation", country="BE"
    )
    entries = AuditEntry.objects.count()
    response = officer_client.post(
        f"/organisation/counterparts/{other.pk}/edit/",
        {"name": "Eurocities", "type": "organisation", "country": "be", "city": "Gdańsk"},
    )
    assert response.status_code == 409
    assert "Det finns redan en motpart som heter Eurocities i Belgien." in response.text
    assert 'id="id_name_error"' in response.text  # by the name field
    assert 'value="Gdańsk"' in response.text  # what the user typed is kept
    assert Counterpart.objects.get(pk=other.pk).name == "Union of the Baltic Cities"
    assert AuditEntry.objects.count() == entries


def test_an_empty_name_is_refused_with_400_and_nothing_changes(officer_client, eurocities) -> None:
    response = officer_client.post(
        f"/organisation/counterparts/{eurocities.pk}/edit/",
        {"name": "", "type": "organisation", "country": "BE", "city": ""},
    )
    assert response.status_code == 400
    assert "Det här fältet är obligatoriskt." in response.text
    assert Counterpart.objects.get(pk=eurocities.pk).name == "Eurocities"


def test_a_coordinator_deletes_a_counterpart_after_confirming(make_user, eurocities) -> None:
    client = _client_for(make_user, Role.COORDINATOR)
    confirm = client.get(f"/organisation/counterparts/{eurocities.pk}/delete/")
    assert confirm.status_code == 200
    assert "Ta bort Eurocities?" in confirm.text
    response = client.post(f"/organisation/counterparts/{eurocities.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/organisation/counterparts/"
    assert not Counterpart.objects.filter(pk=eurocities.pk).exists()
    entry = AuditEntry.objects.get(object_type="organisation.counterpart", action="delete")
    assert (entry.object_id, entry.before["name"], entry.after, entry.channel) == (
        str(eurocities.pk),
        "Eurocities",
        None,
        "web",
    )
    assert "Motparten Eurocities har tagits bort." in client.get(response["Location"]).text


def test_a_counterpart_something_refers_to_is_not_deleted_and_the_page_says_what(
    make_user, eurocities
) -> None:
    Matter.objects.create(title="Medlemskap i Eurocities 2009", counterpart=eurocities)
    client = _client_for(make_user, Role.COORDINATOR)
    confirm = client.get(f"/organisation/counterparts/{eurocities.pk}/delete/")
    assert "Motparten Eurocities kan inte tas bort så länge något hänvisar till den" in confirm.text
    assert "1 matter (Medlemskap i Eurocities 2009)" in confirm.text
    assert '<button type="submit"' not in confirm.text.split("<main")[1]
    entries = AuditEntry.objects.count()
    refused = client.post(f"/organisation/counterparts/{eurocities.pk}/delete/")
    assert refused.status_code == 409
    assert "1 matter (Medlemskap i Eurocities 2009)" in refused.text
    assert Counterpart.objects.filter(pk=eurocities.pk).exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("role", "told"),
    [(Role.OFFICER, False), (Role.SECRETARY, False), (Role.READER, False), (Role.COORDINATOR, True)],
)
def test_only_those_who_may_delete_are_told_what_refers_to_a_counterpart(
    make_user, eurocities, role, told
) -> None:
    # What refers to it names matters, which an officer or secretary of another unit may not see.
    Matter.objects.create(title="Medlemskap i Eurocities 2009", counterpart=eurocities)
    unit = "MHN" if role in (Role.OFFICER, Role.SECRETARY) else None
    page = _client_for(make_user, role, unit).get(f"/organisation/counterparts/{eurocities.pk}/").text
    assert ("Medlemskap i Eurocities 2009" in page) is told
    assert ("kan inte tas bort" in page) is told
