"""While a restore runs, the site refuses writes with a clear 503 and changes nothing; reads go on."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.maintenance import RETRY_AFTER_SECONDS, MaintenanceInProgress, flag_path, maintenance
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import counterpart_create

COPENHAGEN = {"name": "Köpenhamns kommun", "type": "city", "country": "DK", "city": "Köpenhamn"}


@pytest.fixture
def restore_elsewhere(db) -> None:
    """The flag as another process (a restore on the server) leaves it in the shared data folder."""
    flag_path().write_text(
        json.dumps(
            {
                "reason": "restore x",
                "started": "2026-11-26T10:00:00+00:00",
                "host": "server",
                "pid": 4242,
                "token": "other",
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, "MHN")


@pytest.fixture
def officer_client(officer) -> Client:
    """Signed in before the restore began (signing in is itself a write, refused during one)."""
    client = Client()
    client.force_login(officer)
    return client


def test_a_form_post_gets_the_swedish_503_page_with_retry_after(officer_client, restore_elsewhere) -> None:
    client = officer_client
    entries = AuditEntry.objects.count()

    response = client.post("/organisation/counterparts/new/", COPENHAGEN)

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "återställs" in response.text
    assert 'lang="sv"' in response.text
    assert not Counterpart.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_an_api_write_gets_a_503_problem_with_retry_after(officer, restore_elsewhere) -> None:
    client = APIClient()
    client.force_authenticate(officer)

    response = client.post("/api/counterparts/", COPENHAGEN, format="json")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["code"] == "maintenance"
    assert not Counterpart.objects.exists()


def test_signing_in_is_a_write_and_waits_too(officer, restore_elsewhere) -> None:
    response = Client().post("/login/", {"username": officer.username, "password": "x"})
    assert response.status_code == 503


def test_reading_goes_on(officer_client, restore_elsewhere) -> None:
    assert officer_client.get("/organisation/").status_code == 200
    assert Client().get("/login/").status_code == 200


def test_a_write_that_got_past_the_door_is_refused_inside_its_transaction(officer, restore_elsewhere) -> None:
    """A request that passed the middleware just before the flag appeared, or a command on the server."""
    with pytest.raises(MaintenanceInProgress):
        counterpart_create(actor=officer, **COPENHAGEN)
    assert not Counterpart.objects.exists()


def test_the_process_holding_the_flag_may_write(officer) -> None:
    with maintenance("test"):
        counterpart_create(actor=officer, **COPENHAGEN)
    assert Counterpart.objects.count() == 1
    assert not flag_path().exists()


def test_an_unreadable_flag_still_refuses_writes(officer) -> None:
    flag_path().write_text("{ kaputt", encoding="utf-8")
    with pytest.raises(MaintenanceInProgress):
        counterpart_create(actor=officer, **COPENHAGEN)


def test_writes_resume_when_the_flag_is_gone(officer_client, restore_elsewhere) -> None:
    flag_path().unlink()
    assert officer_client.post("/organisation/counterparts/new/", COPENHAGEN).status_code == 302
