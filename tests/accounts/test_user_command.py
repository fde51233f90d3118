"""``omvarld user``: accounts and roles from the command line, audited as the CLI channel."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from omvarld.accounts.models import Role, RoleAssignment, User
from omvarld.audit.models import AuditEntry


def _run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    import sys

    original = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("user", *args, stdout=out)
    finally:
        sys.stdin = original
    return out.getvalue()


def test_add_creates_an_officer_in_a_unit(units) -> None:
    output = _run(
        "add",
        "hanna",
        "--role",
        "officer",
        "--unit",
        "MHN",
        "--password-stdin",
        stdin="ett-bra-lösenord-99\n",
    )
    user = User.objects.get(username="hanna")
    assert user.check_password("ett-bra-lösenord-99")
    assert RoleAssignment.objects.get(user=user).unit == units["MHN"]
    assert "hanna" in output
    assert set(
        AuditEntry.objects.filter(actor_name="system", channel="cli").values_list("object_type", flat=True)
    ) >= {
        "accounts.user",
        "accounts.roleassignment",
    }


def test_a_weak_password_is_refused_and_no_account_is_made(units, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        _run("add", "hanna", "--role", "reader", "--password-stdin", stdin="123\n")
    assert raised.value.code == 2
    assert "Lösenordet är för svagt" in capsys.readouterr().err
    assert not User.objects.filter(username="hanna").exists()


@pytest.mark.parametrize(
    ("args", "field", "said"),
    [
        (("u" * 151,), "username", "som mest 150 tecken"),
        (("bad name!",), "username", "Fyll i ett giltigt användarnamn"),
        (("hanna", "--email", "notanemail"), "email", "Ange en giltig mejladress"),
        (("hanna", "--first-name", "f" * 151), "first_name", "som mest 150 tecken"),
    ],
)
def test_an_account_the_model_would_not_hold_is_refused_by_its_field(
    units, capsys, args, field, said
) -> None:
    with pytest.raises(SystemExit) as raised:
        _run("add", *args, "--role", "reader", "--password-stdin", stdin="ett-bra-lösenord-99\n")
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "Kontot kunde inte skapas." in err
    assert f"fält {field}" in err
    assert said in err
    assert not User.objects.exists()


def test_an_officer_without_a_unit_is_refused(units, capsys) -> None:
    with pytest.raises(SystemExit):
        _run("add", "hanna", "--role", "officer", "--password-stdin", stdin="ett-bra-lösenord-99\n")
    assert "välj enhet" in capsys.readouterr().err
    assert not User.objects.filter(username="hanna").exists()


def test_grant_and_revoke(make_user) -> None:
    make_user(Role.READER, username="rolf")
    _run("grant", "rolf", "coordinator")
    assert Role.COORDINATOR in {
        Role(r) for r in RoleAssignment.objects.filter(user__username="rolf").values_list("role", flat=True)
    }
    _run("revoke", "rolf", "coordinator")
    assert not RoleAssignment.objects.filter(user__username="rolf", role="coordinator").exists()
    assert "rolf" in _run("list")


def test_an_unknown_role_is_refused_in_swedish(make_user, capsys) -> None:
    make_user(Role.READER, username="rolf")
    with pytest.raises(SystemExit) as raised:
        _run("grant", "rolf", "kung")
    assert raised.value.code == 2
    assert "Okänd roll" in capsys.readouterr().err
