"""The organisation API: the same permission point, and JSON problem bodies for every refusal."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.organisation.models import Counterpart


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_requests_get_a_401_problem(db) -> None:
    response = APIClient().get("/api/units/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


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


def test_a_reader_may_not_create_and_gets_a_403_problem(make_user) -> None:
    response = _client(make_user(Role.READER)).post(
        "/api/counterparts/", {"name": "Riga", "type": "city", "country": "LV", "city": "Riga"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Counterpart.objects.exists()


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
