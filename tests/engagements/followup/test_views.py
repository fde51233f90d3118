"""The follow-up pages, by the shared checks for every role, and what an officer and a secretary see on
them: the travel report beside what was promised and planned, the close that waits for it, the review of a
membership, the list of dates to follow up, and the calendar link with its feeds."""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone
from tests.bases import ALL_ROLES, CreatePageTests, ListPageTests, ResourceTests
from tests.engagements.followup.matters import membership, trip
from tests.factories import DecisionFactory, EngagementFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Action
from omvarld.engagements.followup.selectors import feed_of, feed_token
from omvarld.engagements.followup.services import calendar_feed_issue, travel_report_file
from omvarld.engagements.models import (
    CalendarFeed,
    Engagement,
    Kind,
    Lesson,
    MembershipReview,
    Status,
    TravelReport,
)
from omvarld.engagements.services import document_file, engagement_follow
from omvarld.organisation.models import Unit

WORKERS = frozenset({Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR})
UNIT_BOUND = frozenset({Role.OFFICER, Role.SECRETARY})


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The shared checks ---


class TestTravelReportPage(CreatePageTests, ResourceTests):
    """Those who may change a matter file its travel report; readers and users without a role do not."""

    model = TravelReport
    unit_field = "engagement__unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES, Action.CREATE: WORKERS}
    unit_scoped = UNIT_BOUND
    invalid_message = "Det här fältet är obligatoriskt."

    @pytest.fixture(autouse=True)
    def _matter(self, units: dict[str, Unit]) -> None:
        self.create_url = f"/register/{trip(units['MHN']).pk}/travel-report/"

    def create_url_for(self, unit: Unit) -> str:
        return f"/register/{trip(unit).pk}/travel-report/"

    def event(self, verb: str) -> str:
        return "travel_report.filed" if verb == "created" else super().event(verb)

    def valid_data(self) -> dict[str, Any]:
        return {
            "benefit_achieved": "Modellen för skyfallsvägar används i dagvattenstrategin.",
            "cost_city": "21800",
            "lessons": "Gröna tak fördröjer dagvatten.\nSkyfallsplanen behöver en ägare.",
        }

    def invalid_data(self) -> dict[str, Any]:
        return {**self.valid_data(), "benefit_achieved": ""}


class TestMembershipReviewPage(CreatePageTests, ResourceTests):
    """The secretary of the body the policy names records a review, as a decision; coordinators and
    administrators any body's; officers, readers and users without a role none."""

    model = MembershipReview
    unit_field = "body"
    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: frozenset({Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR}),
    }
    unit_scoped = UNIT_BOUND
    invalid_message = "Det här fältet är obligatoriskt."

    @pytest.fixture(autouse=True)
    def _matter(self, units: dict[str, Unit]) -> None:
        self.create_url = f"/register/{membership(units['MHN']).pk}/review/"

    def create_url_for(self, unit: Unit) -> str:
        return f"/register/{membership(unit).pk}/review/"

    def event(self, verb: str) -> str:
        return "membership_review.recorded" if verb == "created" else super().event(verb)

    def valid_data(self) -> dict[str, Any]:
        return {
            "decision": "continue",
            "reviewed_on": timezone.localdate().isoformat(),
            "minutes_reference": "Protokoll 2026:11, § 8",
            "benefit_seen": "Jämförelser av kollektivtrafikens klimatarbete.",
            "contribution_made": "Staden leder arbetsgruppen för klimatanpassning.",
            "fee_sek": "45000",
        }

    def invalid_data(self) -> dict[str, Any]:
        return {**self.valid_data(), "minutes_reference": ""}


class TestDueList(ListPageTests, ResourceTests):
    """Everyone with a role sees the dates to follow up in the matters they may see: officers and
    secretaries their units'."""

    model = Engagement
    unit_field = "unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = UNIT_BOUND
    list_url = "/register/due/"

    def make(self, unit: Unit) -> models.Model:
        # An approved trip, not yet carried out: due within the month after its decision.
        engagement = EngagementFactory(
            unit=unit, kind=Kind.TRIP, status=Status.DECIDED, ends_on=datetime.date(2026, 5, 10)
        )
        DecisionFactory(assessment__engagement=engagement)
        return engagement

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Engagement)
        return obj.title


# --- The matter's page: the travel report against what was promised and planned ---


def test_the_matter_shows_its_report_beside_the_promised_benefit_and_the_planned_costs(
    units, make_user
) -> None:
    engagement = trip(units["MHN"], funding={"city": 20000, "inviter": 4000})
    travel_report_file(
        actor=None,
        engagement=engagement,
        benefit_achieved="Modellen för skyfallsvägar används i dagvattenstrategin.",
        actual_costs={"city": 21800},
        lessons=["Gröna tak fördröjer dagvatten."],
    )
    page = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text

    assert 'id="travel-report-heading"' in page
    assert "Utlovad nytta" in page
    assert engagement.benefit in page
    assert "Modellen för skyfallsvägar används i dagvattenstrategin." in page
    costs = re.sub(r"\s+", " ", page.split('id="costs-caption"')[1].split("</table>")[0])
    assert '<th scope="row">Staden</th><td>20000</td><td>21800</td>' in costs
    assert '<th scope="row">Den som bjuder in</th><td>4000</td><td>–</td>' in costs
    assert '<th scope="row">Totalt</th><td>24000</td><td>21800</td>' in costs
    assert '<li class="wrap-anywhere">Gröna tak fördröjer dagvatten.</li>' in page
    assert "Lämna reserapporten" not in page


def test_an_officer_files_the_report_from_the_matter_and_the_lessons_are_kept_one_by_one(
    units, make_user
) -> None:
    engagement = trip(units["MHN"])
    client = _client(make_user(Role.OFFICER, "MHN"))
    page = client.get(engagement.get_absolute_url()).text
    assert f'href="/register/{engagement.pk}/travel-report/"' in page
    assert "Den skulle ha lämnats senast 2026-06-09." in page
    form = client.get(f"/register/{engagement.pk}/travel-report/").text
    assert "Planerat: 24\u00a0000 kr" in form
    assert "En lärdom per rad." in form

    response = client.post(
        f"/register/{engagement.pk}/travel-report/",
        {"benefit_achieved": "Ny modell för skyfall.", "cost_city": "23000", "lessons": "Ett\n\nTvå\n"},
    )

    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url() + "#travel-report-heading"
    assert list(Lesson.objects.order_by("pk").values_list("text", flat=True)) == ["Ett", "Två"]
    assert TravelReport.objects.get().actual_costs == {"city": 23000}


def test_a_second_report_or_one_on_a_draft_is_refused(units, make_user) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    draft = EngagementFactory(unit=units["MHN"], kind=Kind.TRIP)
    response = client.get(f"/register/{draft.pk}/travel-report/")
    assert response.status_code == 409
    assert "Ingen reserapport kan lämnas" in response.text


def test_closing_without_the_report_is_refused_on_the_matters_page(units, make_user) -> None:
    engagement = trip(units["MHN"])
    engagement_follow(actor=None, engagement=engagement, to=Status.CARRIED_OUT)
    engagement_follow(actor=None, engagement=engagement, to=Status.FOLLOWED_UP)
    client = _client(make_user(Role.OFFICER, "MHN"))
    page = client.get(engagement.get_absolute_url()).text
    assert "Ärendet kan avslutas när reserapporten har lämnats." in page

    response = client.post(f"/register/{engagement.pk}/follow/closed/", follow=True)

    assert response.status_code == 200
    assert "kan inte avslutas utan sin reserapport" in response.text
    engagement.refresh_from_db()
    assert engagement.status == Status.FOLLOWED_UP


# --- The membership's review ---


def test_the_membership_shows_its_next_review_with_the_source_of_the_interval(units, make_user) -> None:
    engagement = membership(units["MHN"])
    page = _client(make_user(Role.SECRETARY, "MHN")).get(engagement.get_absolute_url()).text
    assert "Nästa omprövning ska göras senast 2030-04-20." in page
    assert "Beviljat 2026-04-20; ska omprövas vart 4:e år." in page
    assert "Intervallet är policyparametern ”review_interval_years” i stockholm-2008" in page
    assert f'href="/register/{engagement.pk}/review/"' in page
    officer_page = _client(make_user(Role.OFFICER, "MHN")).get(engagement.get_absolute_url()).text
    assert f'href="/register/{engagement.pk}/review/"' not in officer_page


def test_a_secretary_records_a_review_and_it_is_listed(units, make_user) -> None:
    engagement = membership(units["MHN"])
    client = _client(make_user(Role.SECRETARY, "MHN"))
    form = client.get(f"/register/{engagement.pk}/review/").text
    assert "Beslutas av Miljö- och hälsoskyddsnämnden" in form

    response = client.post(
        f"/register/{engagement.pk}/review/",
        {
            "decision": "leave",
            "reviewed_on": "2026-11-02",
            "minutes_reference": "Protokoll 2026:11, § 8",
            "benefit_seen": "Liten",
            "contribution_made": "Ingen",
            "fee_sek": "45000",
        },
        follow=True,
    )

    assert "Omprövningen av" in response.text
    assert "Staden har beslutat att gå ur organisationen." in response.text
    assert "Gå ur organisationen" in response.text  # the review in the list


def test_a_review_dated_otherwise_than_yyyy_mm_dd_is_refused_not_turned_round(units, make_user) -> None:
    # 01/11/2026 is 1 November to a Swede; Django's Swedish formats would read it as 11 January.
    engagement = membership(units["MHN"])
    response = _client(make_user(Role.SECRETARY, "MHN")).post(
        f"/register/{engagement.pk}/review/",
        {
            "decision": "continue",
            "reviewed_on": "01/11/2026",
            "minutes_reference": "Protokoll 2026:11, § 8",
            "benefit_seen": "Jämförelser",
            "contribution_made": "Arbetsgrupp",
            "fee_sek": "45000",
        },
    )
    assert response.status_code == 400
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in response.text
    assert not MembershipReview.objects.exists()


def test_a_report_longer_than_a_text_may_be_is_refused_by_its_field(units, make_user) -> None:
    engagement = trip(units["MHN"])
    response = _client(make_user(Role.OFFICER, "MHN")).post(
        f"/register/{engagement.pk}/travel-report/", {"benefit_achieved": "n" * 10_001, "cost_city": "1"}
    )
    assert response.status_code == 400
    assert "som mest 10000 tecken (den har 10001)" in response.text
    assert not TravelReport.objects.exists()


# --- The list of dates to follow up ---


def test_the_list_shows_whats_overdue_and_filters_by_what_is_due(units, make_user) -> None:
    trip(units["MHN"], title="Studieresa till Köpenhamn")
    client = _client(make_user(Role.OFFICER, "MHN"))
    page = client.get("/register/due/").text
    overdue = page.split('id="overdue-heading"')[1].split('id="coming-heading"')[0]
    assert "Reserapport ska lämnas" in overdue
    assert "Beslut ännu inte genomfört" in overdue
    only_reports = client.get("/register/due/", {"kind": "travel_report"}).text
    assert "Beslut ännu inte genomfört" not in only_reports.split('id="overdue-heading"')[1]
    unknown = client.get("/register/due/", {"kind": "planet"}).text  # an unknown kind filters nothing
    assert "Beslut ännu inte genomfört" in unknown.split('id="overdue-heading"')[1]


# --- The calendar link ---


@pytest.mark.parametrize("role", list(Role))
def test_every_role_creates_sees_replaces_and_revokes_its_own_link(units, make_user, role) -> None:
    user = make_user(role, "MHN" if role in Role.unit_bound() else None)
    client = _client(user)
    assert "Du har ingen kalenderlänk." in client.get("/register/calendar/").text

    assert client.post("/register/calendar/issue/").status_code == 302
    feed = feed_of(user=user)
    assert feed is not None
    page = client.get("/register/calendar/").text
    assert f"http://testserver/register/calendar/{feed_token(feed)}.ics" in page
    assert 'data-copy="personal-url"' in page

    client.post("/register/calendar/issue/")
    replaced = feed_of(user=user)
    assert replaced is not None
    assert feed_token(replaced) != feed_token(feed)
    client.post("/register/calendar/revoke/")
    assert feed_of(user=user) is None
    entries = AuditEntry.objects.filter(object_type="engagements.calendarfeed", actor=user).order_by("pk")
    assert [(entry.event, entry.channel) for entry in entries] == [
        ("calendar_feed.issued", "web"),
        ("calendar_feed.revoked", "web"),
        ("calendar_feed.issued", "web"),
        ("calendar_feed.revoked", "web"),
    ]


def test_a_user_without_a_role_has_no_calendar_and_a_visitor_must_sign_in(units, make_user) -> None:
    client = _client(make_user(None))
    assert client.get("/register/calendar/").status_code == 403
    assert client.post("/register/calendar/issue/").status_code == 403
    assert not CalendarFeed.objects.exists()
    response = Client().post("/register/calendar/issue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def _events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_read_without_signing_in_and_parses_back_as_icalendar(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = trip(units["MHN"], title="Studieresa till Köpenhamn")
    token = feed_token(calendar_feed_issue(actor=officer))

    response = Client().get(f"/register/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    events = _events(response)
    report = events[f"Reserapport ska lämnas: {engagement.registration_number} Studieresa till Köpenhamn"]
    assert report["dtstart"].dt == datetime.date(2026, 6, 9)
    assert report["dtend"].dt == datetime.date(2026, 6, 10)
    assert str(report["uid"]) == f"travel_report-{engagement.pk}-20260609@omvarld.stockholm"
    assert str(report["url"]) == f"http://127.0.0.1:8000/register/{engagement.pk}/"
    assert len(events) == 2  # and the decision not yet carried out


def test_a_revoked_or_unknown_token_is_a_404(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    token = feed_token(calendar_feed_issue(actor=officer))
    _client(officer).post("/register/calendar/revoke/")
    assert Client().get(f"/register/calendar/{token}.ics").status_code == 404
    assert Client().get(f"/register/calendar/{token}/MHN.ics").status_code == 404
    assert Client().get(f"/register/calendar/{'0' * 64}.ics").status_code == 404
    assert Client().get("/register/calendar/inte-en-nyckel.ics").status_code == 404


def test_the_feed_shows_only_what_its_owner_may_see_and_never_a_document(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    own = trip(units["MHN"], title="Vår resa")
    trip(units["TN"], title="Trafiknämndens resa")
    document_file(
        actor=None,
        engagement=own,
        upload=SimpleUploadedFile("bedomning.txt", b"Hemlig bedomning\n"),
        title="Säkerhetsbedömning Köpenhamn",
        secret=True,
        secrecy_ground_text="18 kap. 8 §",
    )
    token = feed_token(calendar_feed_issue(actor=officer))

    personal = Client().get(f"/register/calendar/{token}.ics")
    unit = Client().get(f"/register/calendar/{token}/MHN.ics")
    other_unit = Client().get(f"/register/calendar/{token}/TN.ics")

    for response in (personal, unit):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Vår resa" in text
        assert "Trafiknämndens resa" not in text
        assert "Säkerhetsbedömning" not in text
    assert other_unit.status_code == 404
    # A coordinator's link opens any unit's calendar.
    coordinator_token = feed_token(calendar_feed_issue(actor=make_user(Role.COORDINATOR)))
    assert "Trafiknämndens resa" in Client().get(f"/register/calendar/{coordinator_token}/TN.ics").text


def test_the_calendar_page_lists_the_feeds_of_the_users_units(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "KS")
    client = _client(officer)
    client.post("/register/calendar/issue/")
    page = client.get("/register/calendar/").text
    token = feed_token(CalendarFeed.objects.get(user=officer))
    assert f"/register/calendar/{token}/KS.ics" in page
    assert f"/register/calendar/{token}/KS-IB.ics" in page  # a unit below KS
    assert f"/register/calendar/{token}/TN.ics" not in page
