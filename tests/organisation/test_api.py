"""The organisation API: the same permission point, and JSON problem bodies for every refusal."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from tests.bases import (
    CreateEndpointTests,
    DeleteEndpointTests,
    ListEndpointTests,
    RetrieveEndpointTests,
    UpdateEndpointTests,
)
from tests.organisation.resources import CounterpartResource, UnitResource

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.organisation.models import Counterpart


class TestUnitEndpoints(ListEndpointTests, RetrieveEndpointTests, UnitResource):
    api_url = "/api/units/"


class TestCounterpartEndpoints(
    ListEndpointTests,
    RetrieveEndpointTests,
    CreateEndpointTests,
    UpdateEndpointTests,
    DeleteEndpointTests,
    CounterpartResource,
):
    api_url = "/api/counterparts/"
    invalid_field = "country"
    invalid_message = '"XX" är inte ett giltigt val.'
    invalid_change_field = "type"
    invalid_change_message = '"planet" är inte ett giltigt val.'

    def valid_payload(self) -> dict[str, str]:
        return {"name": "Helsingfors stad", "type": "city", "country": "FI", "city": "Helsingfors"}

    def invalid_payload(self) -> dict[str, str]:
        return {"name": "Atlantis", "type": "city", "country": "XX"}

    def changed_payload(self, obj: Counterpart) -> dict[str, str]:
        return {"city": "München"}

    def invalid_change_payload(self, obj: Counterpart) -> dict[str, str]:
        return {"type": "planet"}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_units_are_listed_with_their_parent_code(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/api/units/", {"type": "beredning", "limit": 100})
    assert response.status_code == 200
    codes = {row["code"]: row["parent"] for row in response.json()["results"]}
    assert codes["KS-IB"] == "KS"


def test_an_officer_creates_a_counterpart_and_the_change_is_audited_as_api(make_user) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/",
        {"name": "Helsingfors stad", "type": "city", "country": "FI", "city": "Helsingfors"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_capital"] is True
    assert AuditEntry.objects.get(object_type="organisation.counterpart").channel == "api"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Riga", "type": "planet", "country": "LV"}, "type"),
        ({"name": "Riga", "type": "city", "country": "XX"}, "country"),
        ({"type": "city", "country": "LV"}, "name"),
        # A number is not text, though DRF would turn it into text (found by schemathesis).
        ({"name": "Riga", "type": "city", "country": "LV", "city": -5269}, "city"),
        ({"name": 12, "type": "city", "country": "LV"}, "name"),
    ],
)
def test_bad_input_gets_a_400_problem_naming_the_field_and_changes_nothing(make_user, payload, field) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).post("/api/counterparts/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error.get("field") for error in body["errors"]}
    assert not Counterpart.objects.exists()


def test_malformed_json_gets_a_400_problem(make_user) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/", data="{inte json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_the_openapi_schema_is_served(make_user) -> None:
    response = _client(make_user(Role.READER)).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    assert "/api/counterparts/" in response.json()["paths"]


def test_units_are_listed_in_the_organisations_order(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/api/units/", {"limit": 500})
    codes = [row["code"] for row in response.json()["results"]]
    assert codes[:2] == ["KF", "KS"]
    assert codes.index("MHN") < codes.index("SDN-BROMMA") < codes.index("SSAB")


def test_counterparts_are_filtered_by_a_swedish_country_name(make_user) -> None:
    from omvarld.organisation.services import counterpart_create

    counterpart_create(actor=None, name="Warszawa stad", type="city", country="PL", city="Warszawa")
    counterpart_create(actor=None, name="Köpenhamns kommun", type="city", country="DK", city="Köpenhamn")
    client = _client(make_user(Role.READER))
    names = [row["name"] for row in client.get("/api/counterparts/", {"country": "Polen"}).json()["results"]]
    assert names == ["Warszawa stad"]
    refused = client.get("/api/counterparts/", {"country": "Atlantis"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "country"
    assert "Okänt land" in refused.json()["errors"][0]["message"]


def test_the_schema_lists_the_country_names_the_filter_understands(make_user) -> None:
    schema = _client(make_user(Role.READER)).get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/counterparts/"]["get"]["parameters"]}
    accepted = parameters["country"]["schema"]["enum"]
    assert {"", "Polen", "Poland", "PL", "Nederländerna"} <= set(accepted)


# --- One counterpart: read, change (PUT, PATCH), delete ---


@pytest.fixture
def eurocities(db) -> Counterpart:
    from omvarld.organisation.services import counterpart_create

    return counterpart_create(
        actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel"
    )


def test_a_counterpart_is_read_by_its_id(make_user, eurocities) -> None:
    response = _client(make_user(Role.READER)).get(f"/api/counterparts/{eurocities.pk}/")
    assert response.status_code == 200
    assert response.json()["city_name"] == "Brussels"


def test_put_changes_every_field_and_is_audited_as_api_with_before_and_after(make_user, eurocities) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).put(
        f"/api/counterparts/{eurocities.pk}/",
        {"name": "Eurocities", "type": "organisation", "country": "DE", "city": "Berlin"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["country"], response.json()["is_capital"]) == ("DE", True)
    entry = AuditEntry.objects.get(object_type="organisation.counterpart", action="update")
    assert (entry.channel, entry.before["city"], entry.after["city"]) == ("api", "Bryssel", "Berlin")


def test_patch_changes_only_what_is_sent(make_user, eurocities) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).patch(
        f"/api/counterparts/{eurocities.pk}/", {"city": "Antwerpen"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Eurocities"
    assert response.json()["city_name"] == "Antwerp"
    assert response.json()["is_capital"] is False


def test_a_patch_that_changes_nothing_writes_no_entry(make_user, eurocities) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    entries = AuditEntry.objects.count()
    response = client.patch(f"/api/counterparts/{eurocities.pk}/", {"name": "Eurocities"}, format="json")
    assert response.status_code == 200
    assert AuditEntry.objects.count() == entries


def test_a_duplicate_name_is_a_409_problem_naming_the_field(make_user, eurocities) -> None:
    from omvarld.organisation.services import counterpart_create

    other = counterpart_create(actor=None, name="UBC", type="organisation", country="BE")
    response = _client(make_user(Role.OFFICER, "MHN")).patch(
        f"/api/counterparts/{other.pk}/", {"name": "Eurocities"}, format="json"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "name"
    assert Counterpart.objects.get(pk=other.pk).name == "UBC"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"type": "planet"}, "type"), ({"country": "XX"}, "country"), ({"name": "   "}, "name")],
)
def test_bad_input_to_a_change_is_a_400_problem_and_changes_nothing(
    make_user, eurocities, payload, field
) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).patch(
        f"/api/counterparts/{eurocities.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in {error.get("field") for error in response.json()["errors"]}
    assert Counterpart.objects.get(pk=eurocities.pk).type == "organisation"


def test_a_coordinator_deletes_a_counterpart_and_it_is_gone(make_user, eurocities) -> None:
    client = _client(make_user(Role.COORDINATOR))
    response = client.delete(f"/api/counterparts/{eurocities.pk}/")
    assert response.status_code == 204
    assert client.get(f"/api/counterparts/{eurocities.pk}/").status_code == 404
    entry = AuditEntry.objects.get(object_type="organisation.counterpart", action="delete")
    assert (entry.channel, entry.before["name"], entry.after) == ("api", "Eurocities", None)


def test_deleting_a_counterpart_something_refers_to_is_a_409_problem_naming_it(make_user, eurocities) -> None:
    from tests.testapp.models import Matter

    Matter.objects.create(title="Medlemskap i Eurocities 2009", counterpart=eurocities)
    response = _client(make_user(Role.COORDINATOR)).delete(f"/api/counterparts/{eurocities.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "protected"
    assert "Medlemskap i Eurocities 2009" in body["title"]
    assert Counterpart.objects.filter(pk=eurocities.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_a_country_filter_holding_a_percent_sign_is_refused_like_any_unknown_country(make_user) -> None:
    response = _client(make_user(Role.READER)).get("/api/counterparts/", {"country": "%s %(x)s"})
    assert response.status_code == 400
    assert "Okänt land: %s %(x)s." in response.json()["errors"][0]["message"]
