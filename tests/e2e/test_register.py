"""The register through its pages, as an officer would: choose the kind, fill in what is known, read the
strategy's verdict with its quoted passages, answer what it asks, and submit the matter for decision."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import Engagement, Status, StoredAssessment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_registers_an_invitation_reads_the_verdict_and_submits_it(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.OFFICER).username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Diarium").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium")
    assert_accessible(page, "the register list")

    page.get_by_role("link", name="Registrera ett ärende").click()
    assert_accessible(page, "the choice of kind")
    page.get_by_role("link", name="Inbjudan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt ärende: Inbjudan")
    assert_accessible(page, "the invitation form")

    page.get_by_label("Rubrik").fill("Inbjudan till C40:s möte om klimatanpassning i Köpenhamn")
    page.get_by_label("Resan betalas av").select_option(label="Den som bjuder in")
    goals = page.get_by_role("group", name="Inriktningsmål")
    goals.get_by_label("En attraktiv, trygg och växande stad").check()
    page.get_by_label("Nytta för stockholmarna").fill("Erfarenheter av skyfallsplanering")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status")).to_contain_text("registrerades som utkast")
    engagement = Engagement.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(engagement.registration_number)
    # The verdict, with the strategy's own words, and the questions still open, each leading to its field.
    assessment = page.get_by_role("region", name="Bedömning mot strategin")
    expect(assessment).to_contain_text("Beslutas av")
    expect(assessment.locator("blockquote").first).to_be_visible()
    expect(assessment.get_by_role("heading", name="Frågor att besvara")).to_be_visible()
    assert_accessible(page, "a draft's page with its assessment")

    page.get_by_role("button", name="Lämna för beslut").click()
    expect(page.get_by_role("status")).to_contain_text("lämnades för beslut")
    expect(page.get_by_role("row", name=re.compile(r"^Status ")).get_by_role("cell")).to_have_text("Inlämnat")
    assert_accessible(page, "a submitted matter's page")

    engagement.refresh_from_db()
    assert engagement.status == Status.SUBMITTED
    assert StoredAssessment.objects.filter(engagement=engagement).count() == 1
