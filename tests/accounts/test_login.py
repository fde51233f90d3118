"""Signing in: Argon2-hashed passwords, throttled guessing, sessions that expire."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
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
    assert settings.SESSION_SAVE_EVERY_REQUEST


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
