"""Following a matter up through its pages, as an officer would: find the journey whose travel report is
overdue, carry it out, be told it cannot be closed without its report, file the report with its lessons,
and close the matter; then take the calendar link. Each page is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp
from tests.engagements.followup.matters import membership, trip

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import CalendarFeed, Lesson, Status, TravelReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_files_the_travel_report_of_a_past_trip_and_then_closes_the_matter(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    problems = watch_csp(page)
    officer = role_user(Role.OFFICER)
    engagement = trip(officer.role_assignments.get().unit, title="Studieresa till Köpenhamn om skyfall")
    login(page, officer.username)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Att följa upp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att följa upp")
    assert_accessible(page, "the dates to follow up")
    page.get_by_role("link", name=re.compile("Studieresa till Köpenhamn")).first.click()
    expect(page.get_by_role("region", name="Reserapport")).to_contain_text("skulle ha lämnats senast")
    assert_accessible(page, "an approved journey without its report")

    page.get_by_role("button", name="Markera som genomfört").click()
    page.get_by_role("button", name="Markera som uppföljt").click()
    expect(page.get_by_text("Ärendet kan avslutas när reserapporten har lämnats.")).to_be_visible()
    page.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_role("status")).to_contain_text("kan inte avslutas utan sin reserapport")
    assert_accessible(page, "a refused closing")

    page.get_by_role("link", name="Lämna reserapporten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reserapport för")
    assert_accessible(page, "the travel report form")
    page.get_by_role("button", name="Lämna reserapporten").click()
    expect(page.get_by_role("alert")).to_contain_text("Det här fältet är obligatoriskt")  # the benefit
    assert_accessible(page, "the travel report form with its error")
    page.get_by_label("Uppnådd nytta").fill("Modellen för skyfallsvägar används nu i dagvattenstrategin.")
    page.get_by_label("Verklig kostnad: Staden (kr)").fill("21800")
    page.get_by_label("Lärdomar").fill("Gröna tak fördröjer dagvatten.\nSkyfallsplanen behöver en ägare.")
    page.get_by_role("button", name="Lämna reserapporten").click()

    expect(page.get_by_role("status")).to_contain_text("Reserapporten för")
    report = page.get_by_role("region", name="Reserapport")
    expect(report).to_contain_text("Modellen för skyfallsvägar")
    expect(report.get_by_role("list", name="Lärdomar").get_by_role("listitem")).to_have_count(2)
    assert_accessible(page, "the matter with its travel report")

    page.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_role("status")).to_contain_text("är nu avslutat")
    engagement.refresh_from_db()
    assert engagement.status == Status.CLOSED
    assert TravelReport.objects.get().engagement == engagement
    assert Lesson.objects.count() == 2
    assert problems == []


def test_a_secretary_reviews_a_membership_and_an_officer_takes_the_calendar_link(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    problems = watch_csp(page)
    secretary = role_user(Role.SECRETARY)
    engagement = membership(secretary.role_assignments.get().unit)
    login(page, secretary.username)
    page.goto(engagement.get_absolute_url())
    expect(page.get_by_role("region", name="Omprövning av medlemskapet")).to_contain_text(
        "review_interval_years"
    )
    page.get_by_role("link", name="Registrera en omprövning").click()
    assert_accessible(page, "the membership review form")
    page.get_by_label("Nytta som medlemskapet gett").fill("Jämförelser av kollektivtrafikens klimatarbete.")
    page.get_by_label("Aktiv insats som gjorts").fill("Staden leder arbetsgruppen för klimatanpassning.")
    page.get_by_label("Medlemsavgift (kr per år)").fill("45000")
    page.get_by_label("Protokoll").fill("Protokoll 2026:11, § 8")
    page.get_by_role("button", name="Registrera omprövningen").click()
    expect(page.get_by_role("status")).to_contain_text("har registrerats")
    expect(page.get_by_role("region", name="Omprövning av medlemskapet")).to_contain_text(
        "Fortsätta medlemskapet"
    )
    assert_accessible(page, "a reviewed membership")

    page.get_by_role("button", name="Logga ut").click()
    officer = role_user(Role.OFFICER)
    login(page, officer.username)
    page.goto("/register/calendar/")
    assert_accessible(page, "the calendar page without a link")
    page.get_by_role("button", name="Skapa en kalenderlänk").click()
    expect(page.get_by_role("status")).to_contain_text("Din kalenderlänk har skapats")
    link = page.get_by_label("Kalenderlänk")
    expect(link).to_have_value(re.compile(r"/register/calendar/[0-9a-f]{64}\.ics$"))
    assert_accessible(page, "the calendar page with its link")
    page.get_by_role("button", name="Återkalla länken").click()
    expect(page.get_by_role("status")).to_contain_text("har återkallats")
    assert not CalendarFeed.objects.exists()
    assert problems == []
