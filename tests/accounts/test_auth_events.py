"""Every write about accounts is audited, whatever the channel: sign-ins, lockouts, unlocks, passwords."""

from __future__ import annotations

import io
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.models import Role, RoleAssignment, User
from omvarld.audit.chain import chain_verify
from omvarld.audit.models import AuditAction, AuditEntry

NEW_PASSWORD = "ett-helt-nytt-lösenord-2027"


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1", path: str = "/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _entries(action: AuditAction) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def hanna(make_user) -> User:
    return make_user(Role.OFFICER, "MHN", username="hanna")


def test_a_sign_in_is_audited_with_the_address(hanna) -> None:
    assert _login(Client(), "hanna", TEST_PASSWORD, address="10.9.8.7").status_code == 302
    [entry] = _entries(AuditAction.LOGIN)
    assert entry.actor == hanna
    assert entry.channel == "web"
    assert entry.object_id == str(hanna.pk)
    assert entry.event == "auth.login_succeeded"
    assert entry.data == {"address": "10.9.8.7"}
    assert entry.after is None


def test_a_failed_sign_in_is_audited_without_the_password(hanna) -> None:
    _login(Client(), "hanna", "fel-lösenord-123")
    _login(Client(), "ingen-sadan", "fel-lösenord-456")
    known, unknown = _entries(AuditAction.LOGIN_FAILED)
    assert (known.object_id, known.object_repr, known.actor_id) == (str(hanna.pk), "hanna", None)
    assert known.event == unknown.event == "auth.login_failed"
    assert known.data == {"address": "10.0.0.1", "account_exists": True}
    assert unknown.data == {"address": "10.0.0.1", "account_exists": False}
    assert (unknown.object_id, unknown.object_repr) == ("", "ingen-sadan")
    everything = str(list(AuditEntry.objects.values()))
    assert "fel-lösenord" not in everything


def test_a_lockout_is_audited(hanna) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "hanna", "gissning")
    lockouts = _entries(AuditAction.LOCKOUT)
    assert lockouts
    assert lockouts[0].object_repr == "hanna"
    assert lockouts[0].event == "auth.locked_out"
    assert lockouts[0].data == {"address": "10.0.0.1"}


def test_signing_out_is_audited(hanna) -> None:
    client = Client()
    _login(client, "hanna", TEST_PASSWORD)
    client.post("/logout/")
    [entry] = _entries(AuditAction.LOGOUT)
    assert entry.actor == hanna
    assert entry.event == "auth.logged_out"


def test_the_admins_sign_in_page_is_audited_and_throttled_the_same_way(make_user) -> None:
    make_user(Role.ADMINISTRATOR, username="admin")
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    _login(Client(), "admin", "gissning", path="/admin/login/")
    assert _entries(AuditAction.LOGIN_FAILED)[0].object_repr == "admin"
    assert AccessAttempt.objects.filter(username="admin").exists()


# --- Command line ------------------------------------------------------------------------------------------


def _run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    real = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = real
    return out.getvalue()


def test_a_password_change_on_the_command_line_is_audited_and_ends_sessions(hanna) -> None:
    client = Client()
    _login(client, "hanna", TEST_PASSWORD)
    assert client.get("/").status_code == 200

    _run("user", "password", "hanna", "--password-stdin", stdin=NEW_PASSWORD + "\n")

    [entry] = _entries(AuditAction.PASSWORD_CHANGE)
    assert (entry.object_id, entry.channel, entry.actor_name) == (str(hanna.pk), "cli", "system")
    assert entry.event == "user.password_changed"
    assert (entry.before, entry.after, entry.data) == (None, None, {})
    assert User.objects.get(pk=hanna.pk).check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 302  # the old session is gone


def test_djangos_changepassword_goes_through_the_audited_service(hanna) -> None:
    _run("changepassword", "hanna", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert _entries(AuditAction.PASSWORD_CHANGE)[0].object_id == str(hanna.pk)
    assert User.objects.get(pk=hanna.pk).check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_and_nothing_changes(hanna, monkeypatch) -> None:
    before = User.objects.get(pk=hanna.pk).password
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("user", "password", "hanna", "--password-stdin", stderr=io.StringIO())
    assert exit_info.value.code == 2
    assert User.objects.get(pk=hanna.pk).password == before
    assert not _entries(AuditAction.PASSWORD_CHANGE)


def test_djangos_createsuperuser_makes_an_audited_administrator(units, monkeypatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    _run("createsuperuser", "--username", "anna", "--noinput")
    anna = User.objects.get(username="anna")
    assert anna.is_superuser
    assert RoleAssignment.objects.filter(user=anna, role=Role.ADMINISTRATOR).exists()
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, channel="cli")
    assert {entry.event for entry in created} >= {"user.created", "user.role_granted"}
    granted = created.get(event="user.role_granted")
    assert granted.data == {"user": anna.pk, "role": "administrator", "unit": None}


def test_unlocking_is_audited_and_lets_the_user_in(hanna) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "hanna", "gissning")
    assert _login(Client(), "hanna", TEST_PASSWORD).status_code == 429

    output = _run("user", "unlock", "hanna")

    assert "hävd" in output
    [entry] = _entries(AuditAction.UNLOCK)
    assert entry.object_id == str(hanna.pk)
    assert entry.event == "user.unlocked"
    assert entry.data["username"] == "hanna"
    assert entry.data["failures"] > settings.AXES_FAILURE_LIMIT  # the refused attempt while locked too
    assert entry.data["addresses"] == ["10.0.0.1"]
    assert _login(Client(), "hanna", TEST_PASSWORD).status_code == 302


def test_unlocking_an_address_is_audited(hanna) -> None:
    for name in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"):
        _login(Client(), name, "gissning", address="10.5.5.5")
    assert _login(Client(), "hanna", TEST_PASSWORD, address="10.5.5.5").status_code == 429
    _run("user", "unlock", "--address", "10.5.5.5")
    assert _entries(AuditAction.UNLOCK)[0].data["address"] == "10.5.5.5"
    assert _login(Client(), "hanna", TEST_PASSWORD, address="10.5.5.5").status_code == 302


def test_nothing_to_unlock_writes_no_entry(hanna) -> None:
    assert "inte spärrad" in _run("user", "unlock", "hanna")
    assert not _entries(AuditAction.UNLOCK)


@pytest.mark.parametrize(
    "command", ["axes_reset", "axes_reset_ip", "axes_reset_username", "axes_reset_ip_username"]
)
def test_axes_own_reset_commands_are_refused_and_name_the_audited_way(hanna, command, capsys) -> None:
    AccessAttempt.objects.create(
        username="hanna", ip_address="10.0.0.1", user_agent="", failures_since_start=5
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command(command, "hanna")
    assert exit_info.value.code == 2
    assert "omvarld user unlock" in capsys.readouterr().err
    assert AccessAttempt.objects.filter(username="hanna").exists()


def test_the_chain_holds_over_all_these_events(hanna) -> None:
    client = Client()
    _login(client, "hanna", "fel")
    _login(client, "hanna", TEST_PASSWORD)
    client.post("/logout/")
    _run("user", "password", "hanna", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert chain_verify().intact
