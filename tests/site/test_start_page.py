"""The start page: each role's work, the figures and the latest changes it may see, read through the apps'
selectors in a constant number of queries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create
from omvarld.site import selectors

SITE = Path(selectors.__file__).resolve().parent


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_sees_the_role_and_unit(make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    response = _client(officer).get("/")
    start = response.context["start"]
    assert start.roles == [Role.OFFICER]
    assert [unit.code for unit in start.units] == ["MHN"]
    assert "Miljö- och hälsoskyddsnämnden" in response.text
    assert "Stadsövergripande översikt" not in response.text


def test_a_city_wide_role_sees_the_figures_of_the_register(make_user) -> None:
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    start = _client(make_user(Role.COORDINATOR)).get("/").context["start"]
    assert start.units == []
    # The units in force today; those that ceased (Älvsjö, 2020) are history, not the organisation.
    assert start.unit_count == Unit.objects.in_force(timezone.localdate()).count() < Unit.objects.count()
    assert start.counterpart_count == Counterpart.objects.count() == 1


def test_a_user_without_a_role_is_told_to_ask_for_one(make_user) -> None:
    page = _client(make_user(None)).get("/").text
    assert "Du har ingen roll ännu" in page


def test_the_latest_changes_are_changes_not_sign_ins(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    client.post("/login/", {"username": "hanna", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()
    changes = client.get("/").context["start"].recent_changes
    assert changes
    assert all(entry.action in AuditAction.data_changes() for entry in changes)


def test_the_latest_changes_are_only_those_the_role_may_see(make_user) -> None:
    make_user(Role.OFFICER, "TN")  # a role granted in another unit: an entry filed under that unit
    changes = _client(make_user(Role.OFFICER, "MHN")).get("/").context["start"].recent_changes
    assert changes
    assert {entry.unit.code for entry in changes if entry.unit} == {"MHN"}


def _counterparts(count: int, offset: int = 0) -> None:
    for number in range(offset, offset + count):
        counterpart_create(actor=None, name=f"Partner {number}", type="organisation", country="DE", city="")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMINISTRATOR])
def test_the_start_page_runs_the_same_number_of_queries_for_few_and_many_rows(
    make_user, role, django_assert_num_queries
) -> None:
    client = _client(make_user(role, "MHN" if role is Role.OFFICER else None))
    _counterparts(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    _counterparts(30, offset=2)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/").status_code == 200


def test_the_start_page_reads_through_the_apps_selectors_not_their_models() -> None:
    """No ``Model.objects`` in the start page's code: what it shows, each app's selectors select."""
    for path in (SITE / "selectors.py", SITE / "views.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        managers = [
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
        ]
        assert managers == [], path
