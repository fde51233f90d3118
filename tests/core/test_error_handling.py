"""Bad input never gets a 500: error pages work on any request, and the API refuses with problem bodies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from omvarld.accounts.models import Role
from omvarld.core import views
from omvarld.core.api_input import MAX_OFFSET, MAX_PAGE_SIZE
from omvarld.organisation.models import Counterpart

PROBLEM = "application/problem+json"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Error pages --------------------------------------------------------------------------------------------


def test_a_host_not_in_allowed_hosts_gets_the_swedish_400_page(db) -> None:
    response = Client().get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Begäran kunde inte behandlas" in response.text
    assert 'lang="sv"' in response.text


def test_a_host_not_in_allowed_hosts_gets_a_400_problem_on_the_api(db) -> None:
    response = Client().get("/api/units/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 400


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (views.bad_request, 400),
        (views.permission_denied, 403),
        (views.page_not_found, 404),
        (views.server_error, 500),
    ],
)
def test_every_error_handler_works_on_a_request_without_user_or_session(db, handler, status) -> None:
    bare = RequestFactory().get("/organisation/")
    assert not hasattr(bare, "user")
    assert not hasattr(bare, "session")
    response = handler(bare) if handler is views.server_error else handler(bare, None)
    assert response.status_code == status
    assert 'lang="sv"' in response.content.decode()


def test_the_500_page_falls_back_to_plain_html_when_the_error_template_breaks(
    db, settings, tmp_path: Path
) -> None:
    (tmp_path / "error.html").write_text('{% extends "finns-inte.html" %}', encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()


def test_an_unknown_api_address_gets_a_404_problem(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.READER))
    response = client.get("/api/finns-inte/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


# --- Paging and numeric parameters --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["/api/units/", "/api/counterparts/"])
@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("limit", "9223372036854775808"),
        ("limit", "99999999999999999999999999999999"),
        ("limit", "0"),
        ("limit", "-1"),
        ("limit", "abc"),
        ("limit", ""),
        ("limit", "1e3"),
        ("limit", str(MAX_PAGE_SIZE + 1)),
        ("offset", "9223372036854775808"),
        ("offset", "-1"),
        ("offset", "٣"),  # an Arabic-Indic digit: int() reads it, a database does not expect it
    ],
)
def test_a_paging_parameter_out_of_range_gets_a_400_problem_naming_it(
    make_user, endpoint, parameter, value
) -> None:
    response = _api(make_user(Role.READER)).get(endpoint, {parameter: value})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == [parameter]


def test_the_largest_page_and_offset_are_answered(make_user) -> None:
    client = _api(make_user(Role.READER))
    full = client.get("/api/units/", {"limit": MAX_PAGE_SIZE})
    assert full.status_code == 200
    assert len(full.json()["results"]) == full.json()["count"]
    beyond = client.get("/api/units/", {"limit": MAX_PAGE_SIZE, "offset": MAX_OFFSET})
    assert beyond.status_code == 200
    assert beyond.json()["results"] == []


@pytest.mark.parametrize("key", ["9223372036854775808", "99999999999999999999999", "-1", "abc", "%00"])
def test_an_object_key_out_of_range_gets_a_404_problem(make_user, key) -> None:
    response = _api(make_user(Role.READER)).get(f"/api/units/{key}/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


# --- Request bodies -----------------------------------------------------------------------------------------


def test_json_nested_50000_deep_gets_a_400_problem_and_changes_nothing(make_user) -> None:
    body = "[" * 50_000 + "]" * 50_000
    response = _api(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "too_deep"
    assert not Counterpart.objects.exists()


def test_a_json_body_over_the_size_limit_gets_a_413_problem(make_user, settings) -> None:
    payload = {"name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "type": "city", "country": "DK"}
    response = _api(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "too_large"
    assert not Counterpart.objects.exists()


def test_a_form_over_the_size_limit_gets_the_413_page(make_user, settings) -> None:
    client = Client()
    client.force_login(make_user(Role.OFFICER, "MHN"))
    response = client.post(
        "/organisation/counterparts/new/",
        {"name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "type": "city", "country": "DK"},
    )
    assert response.status_code == 413
    assert "för stor" in response.text
    assert not Counterpart.objects.exists()


@pytest.mark.parametrize("url", ["/register/calendar/revoke/", "/register/calendar/issue/", "/logout/"])
def test_opening_a_buttons_address_gets_a_swedish_405_page_that_says_what_to_do(make_user, url) -> None:
    client = Client()
    client.force_login(make_user(Role.OFFICER, "MHN"))
    response = client.get(url)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert 'lang="sv"' in response.text
    assert "använd knappen" in response.text


def test_a_body_that_is_not_json_gets_a_415_problem(make_user) -> None:
    response = _api(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/", data="name=Riga", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


def test_a_problem_from_the_schemas_address_is_json_as_its_content_type_says(db) -> None:
    # The schema is YAML by default; its refusals are problem bodies in JSON all the same.
    response = APIClient().get("/api/schema/")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["code"] == "not_authenticated"


def test_a_write_without_its_csrf_token_is_told_so(make_user) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.post(
        "/api/counterparts/", {"name": "Riga", "type": "city", "country": "LV"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "X-CSRFToken" in response.json()["title"]
    assert not Counterpart.objects.exists()


def test_a_null_body_is_refused_in_swedish(make_user) -> None:
    response = _api(make_user(Role.OFFICER, "MHN")).post(
        "/api/counterparts/", data="null", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["title"] == "Begäran saknar uppgifter: skicka ett JSON-objekt."
    assert not Counterpart.objects.exists()
