"""The register through its pages, as an officer and a secretary would: choose the kind, fill in what is
known, read the strategy's verdict with its quoted passages, answer what it asks, submit the matter, and
record the committee's decision."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp
from tests.factories import PDF_BYTES

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import Engagement, Status, StoredAssessment
from omvarld.engagements.services import engagement_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_invitation_is_registered_completed_submitted_and_decided_by_its_committee(
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

    # The inviter pays: the strategy asks for special reasons and a bribery assessment. Answer them.
    page.get_by_role("link", name="Ändra").click()
    page.get_by_label("Synnerliga skäl").fill("Staden är inbjuden som talare om Stockholms klimatarbete")
    page.get_by_label("Mutbedömning gjord").select_option(label="Ja")
    page.get_by_label("Representantens roll").fill("talare")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("har sparats")

    page.get_by_role("button", name="Lämna för beslut").click()
    expect(page.get_by_role("status")).to_contain_text("lämnades för beslut")
    expect(page.get_by_role("row", name=re.compile(r"^Status ")).get_by_role("cell")).to_have_text("Inlämnat")
    assert_accessible(page, "a submitted matter's page")
    engagement.refresh_from_db()
    assert engagement.status == Status.SUBMITTED
    assert engagement.deciding_body is not None
    assert engagement.deciding_body.code == "MHN"  # the committee decides its own exception
    stored = StoredAssessment.objects.get(engagement=engagement)
    assert stored.facts["special_reasons"].startswith("Staden är inbjuden")

    # The committee's secretary finds it in the committee's queue and records the decision.
    page.get_by_role("button", name="Logga ut").click()
    login(page, role_user(Role.SECRETARY).username)
    page.goto("/register/queues/")
    page.get_by_role("link", name="Miljö- och hälsoskyddsnämnden").click()
    assert_accessible(page, "the committee's queue")
    page.get_by_role("link", name=f"Registrera beslutet {engagement.registration_number}").click()
    assert_accessible(page, "the decision form")
    page.get_by_role("radio", name="Bifall").check()
    page.get_by_label("Protokoll").fill("Miljö- och hälsoskyddsnämndens protokoll 2026:11, § 9")
    if stored.outcome != "approve":
        page.get_by_label("Skäl för avvikelse").fill("Nämnden bedömer att de synnerliga skälen räcker")
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_role("status")).to_contain_text("har registrerats")
    expect(page.get_by_role("region", name="Beslut")).to_contain_text("2026:11, § 9")
    assert_accessible(page, "a decided matter's page")
    engagement.refresh_from_db()
    assert engagement.status == Status.DECIDED


def test_the_assessment_beside_the_form_follows_what_is_typed(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    problems = watch_csp(page)
    login(page, role_user(Role.OFFICER).username)
    page.goto("/register/new/invitation/")
    aside = page.get_by_role("complementary", name="Bedömning mot strategin")
    expect(aside).to_contain_text("Frågor att besvara")
    expect(aside).not_to_contain_text("Har en mutbedömning gjorts")

    page.get_by_label("Resan betalas av").select_option(label="Den som bjuder in")
    # The inviter pays: without a page load, the assessment now asks for the bribery assessment.
    expect(aside).to_contain_text("Har en mutbedömning gjorts")
    aside.get_by_role("link", name="Har en mutbedömning gjorts", exact=False).click()
    expect(page.get_by_label("Mutbedömning gjord")).to_be_focused()
    assert_accessible(page, "the form with its live assessment")
    assert not Engagement.objects.exists()  # nothing is saved by assessing
    assert problems == []


def test_an_officer_files_a_secret_document_that_a_reader_never_sees(
    page: Page, role_user: Callable[[Role], User], tmp_path
) -> None:
    officer = role_user(Role.OFFICER)
    engagement = engagement_register(
        actor=None, unit=officer.role_assignments.get().unit, kind="trip", title="Studieresa till Tallinn"
    )
    letter = tmp_path / "hotbild.pdf"
    letter.write_bytes(PDF_BYTES)
    login(page, officer.username)
    page.goto(engagement.get_absolute_url())
    expect(page.get_by_role("region", name="Handlingar")).to_contain_text("Inga handlingar")

    page.get_by_role("link", name="Diarieför en handling").click()
    assert_accessible(page, "the form for filing a document")
    page.get_by_label("Fil").set_input_files(str(letter))
    page.get_by_label("Rubrik").fill("Hotbildsbedömning inför resan")
    page.get_by_label("Sekretess", exact=True).check()
    page.get_by_role("button", name="Diarieför handlingen").click()
    # Without its ground the secret document is refused, and the form keeps what was typed but the file.
    expect(page.get_by_role("alert")).to_contain_text("kapitel och paragraf i OSL")
    assert_accessible(page, "the filing form with its error")
    page.get_by_label("Fil").set_input_files(str(letter))
    page.get_by_label("Sekretessgrund").fill("18 kap. 8 §")
    page.get_by_role("button", name="Diarieför handlingen").click()

    expect(page.get_by_role("status")).to_contain_text("diariefördes")
    documents = page.get_by_role("region", name="Handlingar")
    expect(documents).to_contain_text("Hotbildsbedömning inför resan")
    expect(documents).to_contain_text("Sekretess enligt 18 kap. 8 § OSL")
    assert_accessible(page, "a matter's page with its documents")

    page.get_by_role("button", name="Logga ut").click()
    login(page, role_user(Role.READER).username)
    page.goto(engagement.get_absolute_url())
    expect(page.get_by_role("region", name="Handlingar")).to_contain_text("Inga handlingar")
    expect(page.locator("main")).not_to_contain_text("Hotbild")
