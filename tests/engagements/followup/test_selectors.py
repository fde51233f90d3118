"""The dates to follow up: a travel report after the journey, a membership review by the policy's interval,
a decision waited for too long, a decision not carried out — who is reminded of each, and which are due."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.engagements.followup.matters import decided, membership, trip

from omvarld import policy
from omvarld.accounts.models import Role
from omvarld.engagements import interchange
from omvarld.engagements.followup.calendar import calendar_of
from omvarld.engagements.followup.selectors import (
    Officers,
    due_dates,
    due_dates_for_unit,
    due_dates_for_user,
    reminders_due,
    review_interval,
    review_schedule,
)
from omvarld.engagements.followup.services import membership_review_record, travel_report_file
from omvarld.engagements.models import Engagement, Kind, Reminder, ReminderKind, Status
from omvarld.engagements.services import engagement_follow, engagement_register, engagement_submit

TODAY = datetime.date(2026, 11, 27)


def _kinds(dates) -> set[tuple[str, str, datetime.date]]:
    return {(due.kind, due.engagement.title, due.due_on) for due in dates}


def test_each_kind_of_date_falls_where_the_settings_put_it(units, settings) -> None:
    settings.OMVARLD_TRAVEL_REPORT_DAYS = 20
    settings.OMVARLD_DECISION_WAIT_DAYS = 45
    settings.OMVARLD_CARRY_OUT_DAYS = 10
    journey = trip(units["MHN"], title="Resa")  # ended 10 May 2026, decided 20 April
    joined = membership(units["MHN"], title="Medlemskap")  # decided 20 April 2026
    waiting = engagement_register(actor=None, kind=Kind.TRIP, title="Väntar", unit=units["MHN"])
    engagement_submit(actor=None, engagement=waiting, as_of=datetime.date(2026, 9, 1))

    found = _kinds(due_dates(Engagement.objects.all(), today=TODAY))

    assert found == {
        (ReminderKind.TRAVEL_REPORT, "Resa", datetime.date(2026, 5, 30)),
        (ReminderKind.NOT_CARRIED_OUT, "Resa", datetime.date(2026, 5, 20)),  # ten days after the end
        (ReminderKind.NOT_CARRIED_OUT, "Medlemskap", datetime.date(2026, 4, 30)),
        (ReminderKind.MEMBERSHIP_REVIEW, "Medlemskap", datetime.date(2030, 4, 20)),
        (ReminderKind.DECISION_WAITING, "Väntar", datetime.date(2026, 10, 16)),
    }
    assert journey.status == joined.status == Status.DECIDED


def test_what_is_done_is_no_longer_due(units) -> None:
    journey = trip(units["MHN"], title="Resa")
    engagement_follow(actor=None, engagement=journey, to=Status.CARRIED_OUT)
    travel_report_file(actor=None, engagement=journey, benefit_achieved="Nytta", today=TODAY)
    rejected = trip(units["MHN"], title="Avslagen", outcome="rejected")

    found = _kinds(due_dates(Engagement.objects.all(), today=TODAY))

    assert found == set()
    assert rejected.status == Status.DECIDED


def test_a_journey_without_travel_needs_no_report(units) -> None:
    reception = decided(
        units["MHN"],
        kind=Kind.INVITATION,
        title="Mottagning",
        travel_paid_by="none",
        goals=["attraktiv"],
        benefit="Erfarenhetsutbyte",
    )
    kinds = {due.kind for due in due_dates(Engagement.objects.filter(pk=reception.pk), today=TODAY)}
    assert kinds == {ReminderKind.NOT_CARRIED_OUT}


# --- The review interval: the policy's parameter, with its source ---


def test_the_interval_is_the_policy_parameter_in_force_with_its_source() -> None:
    version = policy.default_version(TODAY)
    parameter = version.parameters["review_interval_years"]

    interval = review_interval(TODAY)

    assert interval is not None
    assert (interval.years, interval.policy_version, interval.valid_from) == (
        parameter.at(TODAY),
        version.id,
        parameter.entry_at(TODAY).valid_from,
    )
    assert interval.source == parameter.entry_at(TODAY).source.to_dict()
    assert interval.source["section"]  # the passage of the strategy it reads


def test_no_policy_in_force_sets_no_interval() -> None:
    assert review_interval(datetime.date(1990, 1, 1)) is None


@pytest.mark.parametrize(
    ("last_review", "as_of"),
    [(datetime.date(2021, 6, 30), datetime.date(2024, 1, 15)), (None, datetime.date(2026, 1, 15))],
)
def test_the_review_falls_due_on_the_day_the_engine_names(units, last_review, as_of) -> None:
    """The schedule and the engine's rule ``membership.regular_review`` read the interval the same way."""
    engagement = engagement_register(
        actor=None,
        kind=Kind.MEMBERSHIP,
        title="Medlemskap",
        unit=units["MHN"],
        starts_on=datetime.date(2019, 3, 1),
        last_review=last_review,
    )
    result = policy.assess(interchange.facts_of(engagement, as_of=as_of), as_of=as_of)
    finding = next(f for f in result.findings if f.rule.id == "membership.regular_review")
    schedule = review_schedule(engagement, today=as_of)
    assert schedule is not None
    assert schedule.due_on.isoformat() in finding.reason


def test_a_review_recorded_restarts_the_interval(units) -> None:
    engagement = membership(units["MHN"])
    membership_review_record(
        actor=None,
        engagement=engagement,
        reviewed_on=datetime.date(2026, 6, 2),
        benefit_seen="Nytta",
        contribution_made="Insats",
        fee_sek=1000,
        decision="continue",
        minutes_reference="Protokoll 2026:6, § 3",
        today=TODAY,
    )
    found = _kinds(due_dates(Engagement.objects.filter(pk=engagement.pk), today=TODAY))
    assert (ReminderKind.MEMBERSHIP_REVIEW, engagement.title, datetime.date(2030, 6, 2)) in found


# --- Who is reminded ---


def test_the_responsible_officer_is_reminded_else_the_units_officers_else_the_coordinators(
    units, make_user
) -> None:
    own = make_user(Role.OFFICER, "MHN", username="anna")
    colleague = make_user(Role.OFFICER, "MHN", username="bertil")
    coordinator = make_user(Role.COORDINATOR, username="cecilia")
    below = make_user(Role.OFFICER, "KS", username="david")
    with_officer = trip(units["MHN"], responsible=own)
    without = trip(units["MHN"])
    below_ks = trip(units["KS-IB"])  # no officer at internationella beredningen: KS's, above it
    nobody = trip(units["TN"])
    officers = Officers()

    assert officers.to_remind(with_officer) == [own]
    assert officers.to_remind(without) == [own, colleague]
    assert officers.to_remind(below_ks) == [below]
    assert officers.to_remind(nobody) == [coordinator]

    type(own).objects.filter(pk=own.pk).update(is_active=False)
    with_officer.refresh_from_db()
    assert Officers().to_remind(with_officer) == [colleague]


def test_the_reminders_due_today_are_those_due_or_soon_due_and_not_yet_sent(units, settings) -> None:
    settings.OMVARLD_REMIND_DAYS_AHEAD = 14
    trip(units["MHN"], title="Resa")  # report due 9 June
    membership(units["MHN"], title="Medlemskap")  # review due 20 April 2030; not carried out since 20 May
    early = reminders_due(today=datetime.date(2026, 5, 27))
    assert {(due.kind, due.engagement.title) for due in early} == {
        (ReminderKind.NOT_CARRIED_OUT, "Medlemskap"),
        (ReminderKind.TRAVEL_REPORT, "Resa"),  # within two weeks of 9 June
    }
    report = next(due for due in early if due.kind == ReminderKind.TRAVEL_REPORT)
    Reminder.objects.create(kind=report.kind, engagement=report.engagement, due_on=report.due_on)

    later = reminders_due(today=datetime.date(2026, 6, 30))
    assert (ReminderKind.TRAVEL_REPORT, "Resa") not in {(due.kind, due.engagement.title) for due in later}


# --- The calendar feeds' dates: what the user may see ---


def test_a_users_dates_are_those_they_are_reminded_of_in_the_matters_they_may_see(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    other = make_user(Role.OFFICER, "TN")
    trip(units["MHN"], title="Vår resa")
    trip(units["TN"], title="Trafiknämndens resa")

    assert {due.engagement.title for due in due_dates_for_user(user=officer, today=TODAY)} == {"Vår resa"}
    assert {due.engagement.title for due in due_dates_for_user(user=other, today=TODAY)} == {
        "Trafiknämndens resa"
    }
    assert due_dates_for_user(user=make_user(Role.READER), today=TODAY) == []


def test_a_units_dates_are_its_own_and_those_below_it_for_those_who_reach_it(units, make_user) -> None:
    trip(units["KS-IB"], title="Beredningens resa")
    trip(units["TN"], title="Trafiknämndens resa")
    ks_officer, coordinator = make_user(Role.OFFICER, "KS"), make_user(Role.COORDINATOR)

    ks = due_dates_for_unit(user=ks_officer, unit=units["KS"], today=TODAY)
    assert ks is not None
    assert {due.engagement.title for due in ks} == {"Beredningens resa"}
    assert due_dates_for_unit(user=ks_officer, unit=units["TN"], today=TODAY) is None
    anywhere = due_dates_for_unit(user=coordinator, unit=units["TN"], today=TODAY)
    assert anywhere is not None
    assert {due.engagement.title for due in anywhere} == {"Trafiknämndens resa"}


def test_the_dates_are_read_in_as_many_queries_for_many_matters_as_for_few(units) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            due_dates(Engagement.objects.all(), today=TODAY)
        return len(captured.captured_queries)

    trip(units["MHN"])
    membership(units["MHN"])
    few = queries()
    for number in range(4):
        trip(units["MHN"], title=f"Resa {number}")
        membership(units["MHN"], title=f"Medlemskap {number}")
    assert queries() == few


def test_a_matter_dated_at_the_end_of_time_is_due_on_the_last_day_there_is(units) -> None:
    # The register refuses such dates; one that came in otherwise (an old database, a hand-made row)
    # must still leave the lists, feeds and reminders working.
    journey = trip(units["MHN"], title="Resa")
    Engagement.objects.filter(pk=journey.pk).update(
        starts_on=datetime.date(9999, 12, 1), ends_on=datetime.date(9999, 12, 31)
    )

    found = _kinds(due_dates(Engagement.objects.all(), today=TODAY))

    assert found == {
        (ReminderKind.TRAVEL_REPORT, "Resa", datetime.date.max),
        (ReminderKind.NOT_CARRIED_OUT, "Resa", datetime.date.max),
    }
    feed = calendar_of(due_dates(Engagement.objects.all(), today=TODAY), name="MHN")
    assert feed.count(b"BEGIN:VEVENT") == 2
