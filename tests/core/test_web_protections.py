"""What the browser is told and what it must send: headers, CSRF, escaping of stored text."""

from __future__ import annotations

import pytest
from django.test import Client

from omvarld.accounts.models import Role
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import counterpart_create

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, "MHN")


def test_every_page_sends_the_security_headers(officer) -> None:
    client = Client()
    client.force_login(officer)
    response = client.get("/organisation/")
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert directive in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_form_post_without_the_csrf_token_is_refused(officer) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(
        "/organisation/counterparts/new/", {"name": "Riga", "type": "city", "country": "LV", "city": ""}
    )
    assert response.status_code == 403
    assert not Counterpart.objects.exists()


def test_an_api_write_with_the_session_but_without_the_csrf_token_is_refused(officer) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(
        "/api/counterparts/",
        {"name": "Riga", "type": "city", "country": "LV"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Counterpart.objects.exists()


def test_stored_script_comes_back_escaped(officer) -> None:
    counterpart_create(actor=officer, name=SCRIPT, type="city", country="LV", city=SCRIPT)
    client = Client()
    client.force_login(officer)
    for path in ("/organisation/counterparts/", "/audit/", "/"):
        page = client.get(path).text
        assert SCRIPT not in page, path
    assert "&lt;script&gt;" in client.get("/organisation/counterparts/").text
