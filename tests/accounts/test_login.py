"""Signing in: Argon2-hashed passwords, throttled guessing, sessions that expire."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.models import Role, User


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.argon2
def test_passwords_are_stored_as_argon2_hashes(make_user) -> None:
    user = make_user(Role.OFFICER, "MHN")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(TEST_PASSWORD)


def test_the_login_page_is_swedish(db) -> None:
    response = Client().get("/login/")
    assert response.status_code == 200
    assert 'lang="sv"' in response.text
    assert "Logga in" in response.text


def test_a_correct_login_leads_to_the_start_page(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    response = _login(client, "hanna", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_swedish(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    response = _login(Client(), "hanna", "fel-lösenord")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text


def test_five_failures_lock_that_username_from_that_address(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "hanna", "gissning")
    locked = _login(client, "hanna", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "För många misslyckade inloggningsförsök" in locked.text
    assert "_auth_user_id" not in client.session


def test_the_lock_is_keyed_on_username_and_address_together(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    make_user(Role.OFFICER, "MHN", username="sven")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "hanna", "gissning", address="10.0.0.1")
    assert _login(Client(), "sven", TEST_PASSWORD, address="10.0.0.1").status_code == 302
    assert _login(Client(), "hanna", TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_sessions_end_when_the_browser_closes_and_after_two_idle_hours(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    _login(client, "hanna", TEST_PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 2 * 60 * 60


def _stored_expiry(client: Client) -> Any:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_ago(client: Client, seconds: float) -> None:
    from omvarld.accounts.middleware import RENEWED_AT

    session = client.session
    session[RENEWED_AT] -= seconds
    session.save()


def test_an_active_session_is_kept_alive_with_one_write_a_minute_not_one_per_page(make_user) -> None:
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in(make_user)
    client.get("/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _stored_expiry(client) < timezone.now() + timedelta(minutes=6)  # not renewed within the minute

    _renewed_ago(client, settings.OMVARLD_SESSION_RENEWAL.total_seconds())
    assert client.get("/").status_code == 200
    assert _stored_expiry(client) > timezone.now() + timedelta(hours=1, minutes=59)  # renewed


def test_a_session_idle_past_its_timeout_is_ended(make_user) -> None:
    from django.contrib.sessions.models import Session

    client = _signed_in(make_user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_signing_out_ends_the_session(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    _login(client, "hanna", TEST_PASSWORD)
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_a_deactivated_account_cannot_sign_in(make_user) -> None:
    user = make_user(Role.OFFICER, "MHN", username="hanna")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert _login(Client(), "hanna", TEST_PASSWORD).status_code == 200


def test_served_directly_a_forged_forwarded_header_does_not_change_the_address(rf) -> None:
    from axes.helpers import get_client_ip_address

    request = rf.get("/login/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert get_client_ip_address(request) == "203.0.113.7"


def test_behind_the_proxy_the_address_the_proxy_saw_is_used(rf, settings) -> None:
    from axes.helpers import get_client_ip_address

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    request = rf.get("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert get_client_ip_address(request) == "203.0.113.7"


def test_behind_the_proxy_a_forged_chain_is_not_believed(rf, settings) -> None:
    from axes.helpers import get_client_ip_address

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    request = rf.get("/login/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert get_client_ip_address(request) != "198.51.100.1"


# --- Throttling across names and across addresses ------------------------------------------------------


def test_one_address_may_not_try_16_guesses_over_8_names(make_user) -> None:
    names = [f"person{n}" for n in range(8)]
    for name in [*names, "sara"]:
        make_user(Role.OFFICER, "MHN", username=name)
    answers = [_login(Client(), name, "gissning").status_code for name in names for _ in range(2)]
    limit = settings.OMVARLD_LOCKOUT_LIMITS[("ip_address",)]
    assert answers[: limit - 1] == [200] * (limit - 1)  # each a plain "wrong password"
    assert set(answers[limit - 1 :]) == {429}  # the limit-th failure locks the address, whatever the name
    assert _login(Client(), "sara", TEST_PASSWORD).status_code == 429
    assert _login(Client(), "sara", TEST_PASSWORD, address="10.0.0.2").status_code == 302


def test_one_name_may_not_be_guessed_from_many_addresses(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    limit = settings.OMVARLD_LOCKOUT_LIMITS[("username",)]
    answers = [_login(Client(), "hanna", "gissning", address=f"10.1.0.{n}").status_code for n in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    assert _login(Client(), "hanna", TEST_PASSWORD, address="10.2.0.1").status_code == 429


def test_signing_in_to_ones_own_account_does_not_wipe_the_addresss_guesses(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="insider")
    for name in ("hanna", "sven", "sara"):
        make_user(Role.OFFICER, "MHN", username=name)
        for _ in range(3):
            _login(Client(), name, "gissning")
    assert _login(Client(), "insider", TEST_PASSWORD).status_code == 302
    assert _login(Client(), "hanna", "gissning").status_code == 429  # the address's tenth failure


# --- Session lifetime, cookies and caching -----------------------------------------------------------------


def _signed_in(make_user) -> Client:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    assert _login(client, "hanna", TEST_PASSWORD).status_code == 302
    return client


def _age_session(client: Client, seconds: float) -> None:
    from omvarld.accounts.middleware import SIGNED_IN_AT

    session = client.session
    session[SIGNED_IN_AT] -= seconds
    session.save()


def test_a_session_ends_a_working_day_after_sign_in_however_active(make_user) -> None:
    client = _signed_in(make_user)
    lifetime = settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds()
    _age_session(client, lifetime - 60)
    assert client.get("/").status_code == 200
    _age_session(client, 120)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    assert "arbetsdag" in client.get(response["Location"]).text


def test_an_api_session_past_its_lifetime_is_refused(make_user) -> None:
    client = _signed_in(make_user)
    _age_session(client, settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds() + 1)
    response = client.get("/api/units/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_the_absolute_lifetime_is_a_working_day_and_longer_than_the_idle_timeout() -> None:
    hours = settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds() / 3600
    assert 8 <= hours <= 10
    assert settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds() > settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/organisation/",
        "/organisation/counterparts/",
        "/organisation/counterparts/new/",
        "/audit/",
        "/api/units/",
        "/api/counterparts/",
        "/api/schema/",
        "/admin/",
        "/login/",
    ],
)
def test_every_page_behind_login_is_no_store(make_user, path) -> None:
    client = _signed_in(make_user)
    response = client.get(path)
    assert response.status_code in (200, 302, 403)
    assert "no-store" in response["Cache-Control"]


def test_with_https_the_cookies_are_host_only_and_secure(make_user, settings) -> None:
    settings.SESSION_COOKIE_NAME = "__Host-omvarld_session"
    settings.CSRF_COOKIE_NAME = "__Host-omvarld_csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client(enforce_csrf_checks=True)
    client.get("/login/", secure=True)
    token = client.cookies["__Host-omvarld_csrftoken"].value
    response = client.post(
        "/login/",
        {"username": "hanna", "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://testserver/login/",
    )
    assert response.status_code == 302
    for name in ("__Host-omvarld_session", "__Host-omvarld_csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"]
        assert cookie["path"] == "/"
        assert not cookie["domain"]


def test_the_https_configuration_names_the_cookies_host_only(tmp_path) -> None:
    program = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'omvarld.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, s.LANGUAGE_COOKIE_SECURE)"
    )
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "OMVARLD_DATA_DIR": str(tmp_path)}
    plain = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=environment, check=True
    )
    https = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={**environment, "OMVARLD_HTTPS": "true"},
        check=True,
    )
    assert https.stdout.split() == [
        "__Host-omvarld_session",
        "__Host-omvarld_csrftoken",
        "__Host-omvarld_language",
        "True",
    ]
    assert "__Host-" not in plain.stdout  # browsers drop __Host- cookies sent without HTTPS
