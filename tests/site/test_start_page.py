"""The start page: each role's work, the figures and the latest changes it may see, read through the apps'
selectors in a constant number of queries."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import ClassVar

from django.test import Client
from django.utils import timezone
from tests.audit.test_views import AuditEntryResource
from tests.bases import EVERYONE, ListPageTests
from tests.conftest import TEST_PASSWORD
from tests.factories import EngagementFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.core.permissions import Action
from omvarld.engagements.models import Status
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create
from omvarld.site import selectors

SITE = Path(selectors.__file__).resolve().parent


class TestStartPage(ListPageTests, AuditEntryResource):
    """Everyone signed in has a start page; its latest changes are those of the log the role may read."""

    list_url = "/"
    allowed: ClassVar = {Action.VIEW: EVERYONE}


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


def test_a_city_wide_role_is_led_to_every_bodys_queue(units, make_user) -> None:
    ks_matter = EngagementFactory(unit=units["KS"], status=Status.SUBMITTED, deciding_body=units["KS"])
    EngagementFactory(unit=units["MHN"], status=Status.SUBMITTED, deciding_body=units["MHN"])
    for role in (Role.COORDINATOR, Role.READER):
        page = _client(make_user(role)).get("/").text
        waiting = page.split('id="waiting-heading"')[1]
        assert 'href="/register/queues/KS/"' in waiting
        assert 'href="/register/queues/MHN/"' in waiting
    officer = _client(make_user(Role.OFFICER, "MHN")).get("/").text
    assert 'id="waiting-heading"' not in officer
    assert ks_matter.deciding_body == units["KS"]


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
