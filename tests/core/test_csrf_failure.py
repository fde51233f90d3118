"""A form sent with a stale CSRF token gets a Swedish page that keeps what was typed, when that is safe."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.models import Role
from omvarld.organisation.models import Counterpart

ORIGIN = "http://testserver"
STALE = "x" * 64  # a well-formed token that no cookie matches: what a tab opened before a sign-in sends
RIGA = {"name": "Rigas stad", "type": "city", "country": "LV", "city": "Riga"}


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _value(html: str, name: str) -> str | None:
    """The value of the named input in the page's main content (the header has forms of its own)."""
    main = html[html.index("<main") :]
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', main)
    if match is None:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


@pytest.fixture
def officer_client(make_user) -> Client:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    response = client.post(
        "/login/",
        {
            "username": "hanna",
            "password": TEST_PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    return client


def test_a_counterpart_form_with_a_stale_token_comes_back_with_what_was_typed(officer_client) -> None:
    refused = officer_client.post(
        "/organisation/counterparts/new/", {**RIGA, "csrfmiddlewaretoken": STALE}, HTTP_ORIGIN=ORIGIN
    )

    assert refused.status_code == 403
    page = refused.text
    assert 'lang="sv"' in page
    assert "Formuläret kunde inte skickas" in page
    assert "loggat in eller ut i en annan flik" in page
    assert "Det du skrev finns kvar nedan" in page
    assert _value(page, "name") == "Rigas stad"
    assert _value(page, "country") == "LV"
    assert _value(page, "city") == "Riga"
    assert '<option value="city" selected>' in page
    assert 'action="/organisation/counterparts/new/"' in page
    assert not Counterpart.objects.exists()

    # The fresh token is not the stale one, and sending the kept form again saves it.
    fresh = _token(page)
    assert fresh != STALE
    sent = officer_client.post(
        "/organisation/counterparts/new/", {**RIGA, "csrfmiddlewaretoken": fresh}, HTTP_ORIGIN=ORIGIN
    )
    assert sent.status_code == 302
    assert Counterpart.objects.get().name == "Rigas stad"


def test_a_login_form_with_a_stale_token_keeps_the_name_never_the_password(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    refused = client.post(
        "/login/",
        {"username": "hanna", "password": TEST_PASSWORD, "next": "/audit/", "csrfmiddlewaretoken": STALE},
        HTTP_ORIGIN=ORIGIN,
    )

    assert refused.status_code == 403
    page = refused.text
    assert _value(page, "username") == "hanna"
    assert _value(page, "password") == ""
    assert TEST_PASSWORD not in page
    assert STALE not in page
    assert "Lösenord sparas aldrig" in page
    assert _value(page, "next") == "/audit/"
    assert "autofocus" not in page  # the explanation is read first

    signed_in = client.post(
        "/login/",
        {
            "username": "hanna",
            "password": TEST_PASSWORD,
            "next": "/audit/",
            "csrfmiddlewaretoken": _token(page),
        },
        HTTP_ORIGIN=ORIGIN,
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/audit/"


def test_signed_in_in_another_tab_the_old_login_form_says_so(officer_client) -> None:
    refused = officer_client.post(
        "/login/", {"username": "hanna", "password": "x", "csrfmiddlewaretoken": STALE}, HTTP_ORIGIN=ORIGIN
    )
    assert refused.status_code == 403
    assert "Du är redan inloggad som hanna" in refused.text
    assert _value(refused.text, "username") is None


def test_signed_out_the_values_are_shown_to_copy_and_the_way_to_sign_in(make_user) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    refused = client.post(
        "/organisation/counterparts/new/", {**RIGA, "csrfmiddlewaretoken": STALE}, HTTP_ORIGIN=ORIGIN
    )
    assert refused.status_code == 403
    page = refused.text
    assert "Du är inte längre inloggad" in page
    assert "<dd>Rigas stad</dd>" in page
    assert _value(page, "name") is None  # text to copy, not a form that would lead to the login page
    assert 'href="/login/?next=/organisation/counterparts/new/"' in page


def test_signing_out_in_another_tab_makes_an_open_form_stale_and_keeps_what_was_typed(officer_client) -> None:
    form = officer_client.get("/organisation/counterparts/new/")
    token = _token(form.text)
    assert (
        officer_client.post("/logout/", {"csrfmiddlewaretoken": token}, HTTP_ORIGIN=ORIGIN).status_code == 302
    )

    # The form from before the sign-out: refused as stale, not sent anonymously and lost on the way to
    # the login page.
    refused = officer_client.post(
        "/organisation/counterparts/new/", {**RIGA, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=ORIGIN
    )
    assert refused.status_code == 403
    assert "Du är inte längre inloggad" in refused.text
    assert "<dd>Rigas stad</dd>" in refused.text
    assert not Counterpart.objects.exists()


def test_a_stale_sign_out_button_gets_one_that_works(officer_client) -> None:
    refused = officer_client.post("/logout/", {"csrfmiddlewaretoken": STALE}, HTTP_ORIGIN=ORIGIN)
    assert refused.status_code == 403
    main = refused.text[refused.text.index("<main") :]
    assert '<form method="post" action="/logout/"' in main
    assert "Logga ut</button>" in main
    signed_out = officer_client.post("/logout/", {"csrfmiddlewaretoken": _token(main)}, HTTP_ORIGIN=ORIGIN)
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in officer_client.session


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://evil.example"}, {}],
    ids=["another site", "no origin header"],
)
def test_a_post_not_known_to_come_from_this_site_is_never_echoed(officer_client, headers) -> None:
    refused = officer_client.post(
        "/organisation/counterparts/new/",
        {**RIGA, "name": "Planted by another site", "csrfmiddlewaretoken": STALE},
        **headers,
    )
    assert refused.status_code == 403
    assert "Formuläret kunde inte skickas" in refused.text
    assert "Planted by another site" not in refused.text
    assert _value(refused.text, "name") is None
    assert not Counterpart.objects.exists()


def test_without_the_csrf_cookie_the_page_says_cookies_are_needed(db) -> None:
    refused = Client(enforce_csrf_checks=True).post(
        "/login/", {"username": "hanna", "csrfmiddlewaretoken": STALE}, HTTP_ORIGIN=ORIGIN
    )
    assert refused.status_code == 403
    assert "tar emot kakor" in refused.text
    # A fresh cookie comes with the page, so the kept form can be sent.
    assert refused.cookies["csrftoken"].value


def test_the_api_gets_a_problem_body(officer_client) -> None:
    refused = officer_client.post("/api/docs/", {}, HTTP_ORIGIN=ORIGIN)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "csrf"
