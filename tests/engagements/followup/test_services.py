"""Following matters up: a journey's travel report with its lessons, the close that waits for it, the review
of a membership by the body the policy names, and the calendar link that is issued, replaced and revoked."""

from __future__ import annotations

import datetime

import pytest
from tests.engagements.followup.matters import decided, membership, trip

from omvarld import policy
from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.engagements.followup.selectors import (
    feed_of,
    feed_owner,
    feed_token,
    last_review_of,
    review_schedule,
)
from omvarld.engagements.followup.services import (
    calendar_feed_issue,
    calendar_feed_revoke,
    membership_review_record,
    reminders_record,
    travel_report_file,
)
from omvarld.engagements.models import (
    CalendarFeed,
    Engagement,
    Kind,
    Lesson,
    MembershipReview,
    Reminder,
    Status,
    TravelReport,
)
from omvarld.engagements.services import engagement_follow

TODAY = datetime.date(2026, 11, 27)
LESSONS = ["Gröna tak fördröjer dagvatten.", "  ", "Skyfallsplanen behöver en ägare i varje förvaltning."]


def _fields(error: ApplicationError) -> list[str | None]:
    return [detail.field for detail in error.details]


def _file(engagement: Engagement, actor=None, **values) -> TravelReport:
    values.setdefault(
        "benefit_achieved", "Modellen för skyfallsvägar används nu i Stockholms dagvattenstrategi."
    )
    values.setdefault("actual_costs", {"city": 21800})
    values.setdefault("lessons", LESSONS)
    return travel_report_file(actor=actor, engagement=engagement, today=TODAY, **values)


# --- Travel reports ---


def test_an_officer_files_the_report_with_lessons_each_kept_on_its_own(units, make_user) -> None:
    engagement = trip(units["MHN"])
    officer = make_user(Role.OFFICER, "MHN")

    report = _file(engagement, officer, summary="Besök hos Köpenhamns kommun och HOFOR.")

    assert (report.filed_by, report.filed_on, report.actual_costs) == (officer, TODAY, {"city": 21800})
    # Due 30 days (OMVARLD_TRAVEL_REPORT_DAYS) after the journey ended on 10 May.
    assert report.due_on == datetime.date(2026, 6, 9)
    lessons = list(Lesson.objects.order_by("pk"))
    assert [lesson.text for lesson in lessons] == [LESSONS[0], LESSONS[2]]
    assert {(lesson.engagement, lesson.travel_report, lesson.subject_area) for lesson in lessons} == {
        (engagement, report, "klimatanpassning")
    }
    filed = AuditEntry.objects.get(event="travel_report.filed")
    assert (filed.actor, filed.unit, filed.data) == (officer, units["MHN"], {"lessons": 2})
    assert AuditEntry.objects.filter(event="lesson.recorded", actor=officer).count() == 2


def test_a_lesson_written_twice_is_kept_once(units) -> None:
    _file(trip(units["MHN"]), lessons=[LESSONS[0], f"  {LESSONS[0]} ", LESSONS[2], LESSONS[0]])
    assert list(Lesson.objects.order_by("pk").values_list("text", flat=True)) == [LESSONS[0], LESSONS[2]]


def test_a_report_is_refused_with_every_problem_and_nothing_is_kept(units) -> None:
    engagement = trip(units["MHN"])
    entries = AuditEntry.objects.count()

    with pytest.raises(ApplicationError) as refused:
        _file(
            engagement, benefit_achieved=" ", actual_costs={"city": -5, "lottery": 100}, lessons=["x" * 2001]
        )

    assert set(_fields(refused.value)) == {"benefit_achieved", "cost_city", "actual_costs", "lessons"}
    assert refused.value.message == "Reserapporten kunde inte lämnas."
    assert not TravelReport.objects.exists()
    assert not Lesson.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_journey_is_reported_after_it_ends(units) -> None:
    engagement = trip(units["MHN"], starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 3))
    with pytest.raises(ApplicationError) as refused:
        _file(engagement)
    assert "Resan slutar 2026-12-03" in refused.value.details[0].message
    assert not TravelReport.objects.exists()


def test_a_matter_has_one_report(units) -> None:
    engagement = trip(units["MHN"])
    _file(engagement)
    with pytest.raises(ApplicationError) as refused:
        _file(engagement)
    assert refused.value.status == 409
    assert TravelReport.objects.count() == 1


def test_no_report_is_filed_on_a_rejected_matter_or_a_membership(units) -> None:
    rejected = trip(units["MHN"], outcome="rejected")
    joined = membership(units["MHN"])
    for engagement in (rejected, joined):
        with pytest.raises(ApplicationError) as refused:
            _file(engagement)
        assert refused.value.status == 409
    assert not TravelReport.objects.exists()


@pytest.mark.parametrize(("role", "unit"), [(Role.READER, None), (Role.OFFICER, "TN")])
def test_a_reader_or_another_units_officer_files_no_report(units, make_user, role, unit) -> None:
    engagement = trip(units["MHN"])
    with pytest.raises(PermissionDenied):
        _file(engagement, make_user(role, unit))
    assert not TravelReport.objects.exists()


# --- Closing waits for the travel report ---


def test_an_approved_journey_cannot_be_closed_without_its_report(units) -> None:
    engagement = trip(units["MHN"])
    engagement_follow(actor=None, engagement=engagement, to=Status.CARRIED_OUT)
    engagement_follow(actor=None, engagement=engagement, to=Status.FOLLOWED_UP)

    with pytest.raises(ApplicationError) as refused:
        engagement_follow(actor=None, engagement=engagement, to=Status.CLOSED)

    assert refused.value.status == 409
    assert refused.value.message.startswith(
        f"{engagement.registration_number} kan inte avslutas utan sin reserapport"
    )
    engagement.refresh_from_db()
    assert engagement.status == Status.FOLLOWED_UP
    assert not AuditEntry.objects.filter(event="engagement.closed").exists()

    _file(engagement)
    engagement_follow(actor=None, engagement=engagement, to=Status.CLOSED)
    engagement.refresh_from_db()
    assert engagement.status == Status.CLOSED


def test_a_matter_without_a_journey_or_a_rejected_one_closes_without_a_report(units) -> None:
    reception = decided(
        units["MHN"],
        kind=Kind.INVITATION,
        title="Mottagning för Oslos miljöborgarråd i Stadshuset",
        travel_paid_by="none",
        goals=["attraktiv"],
        benefit="Erfarenhetsutbyte om trängselskatt",
    )
    assert "travel_report" not in reception.decision.assessment.result["requirements"]
    engagement_follow(actor=None, engagement=reception, to=Status.CARRIED_OUT)
    engagement_follow(actor=None, engagement=reception, to=Status.FOLLOWED_UP)
    engagement_follow(actor=None, engagement=reception, to=Status.CLOSED)

    rejected = trip(units["MHN"], outcome="rejected")
    engagement_follow(actor=None, engagement=rejected, to=Status.CLOSED)
    assert Engagement.objects.filter(status=Status.CLOSED).count() == 2


# --- Membership reviews ---


def _review(engagement: Engagement, actor=None, **values) -> MembershipReview:
    values.setdefault("reviewed_on", datetime.date(2026, 11, 12))
    values.setdefault("benefit_seen", "Jämförelser av kollektivtrafikens klimatarbete i tolv storstäder.")
    values.setdefault("contribution_made", "Staden leder arbetsgruppen för klimatanpassning sedan 2024.")
    values.setdefault("fee_sek", 45000)
    values.setdefault("decision", "continue")
    values.setdefault("minutes_reference", "Miljö- och hälsoskyddsnämnden, protokoll 2026:11, § 8")
    return membership_review_record(actor=actor, engagement=engagement, today=TODAY, **values)


def test_the_secretary_of_the_body_records_a_review_and_the_next_is_set_by_the_policys_interval(
    units, make_user
) -> None:
    engagement = membership(units["MHN"])
    secretary = make_user(Role.SECRETARY, "MHN")
    parameter = policy.default_version(TODAY).parameters["review_interval_years"]

    before = {field.name: getattr(engagement, field.attname) for field in Engagement._meta.concrete_fields}

    review = _review(engagement, secretary)

    engagement.refresh_from_db()
    assert (review.body, review.recorded_by, review.decision) == (units["MHN"], secretary, "continue")
    assert review.due_on == datetime.date(2030, 4, 20)  # four years after the decision to join
    assert review.next_review_on == datetime.date(2030, 11, 12)
    assert review.interval == {
        "parameter": "review_interval_years",
        "years": parameter.at(TODAY),
        "policy_version": "stockholm-2008",
        "valid_from": "2008-12-03",
        "source": parameter.entry_at(TODAY).source.to_dict(),
    }
    assert review.interval["source"]["passage"] == "strategi.verksamhet.omprovning"
    # The next review follows this one; the decided matter keeps what it was decided on.
    schedule = review_schedule(
        engagement,
        today=TODAY,
        decided_on=engagement.decision.decided_on,
        reviewed_on=last_review_of(engagement),
    )
    assert schedule is not None
    assert (schedule.since, schedule.since_what, schedule.due_on) == (
        datetime.date(2026, 11, 12),
        "review",
        datetime.date(2030, 11, 12),
    )
    assert {
        field.name: getattr(engagement, field.attname) for field in Engagement._meta.concrete_fields
    } == before
    recorded = AuditEntry.objects.get(event="membership_review.recorded")
    assert (recorded.actor, recorded.unit, recorded.data) == (
        secretary,
        units["MHN"],
        {"decision": "continue"},
    )
    assert not AuditEntry.objects.filter(event="engagement.updated", object_id=str(engagement.pk)).exists()


def test_after_leaving_no_review_follows_and_the_matter_may_be_closed(units) -> None:
    engagement = membership(units["MHN"])
    engagement_follow(actor=None, engagement=engagement, to=Status.CARRIED_OUT)

    review = _review(engagement, decision="leave", motivation="Nyttan står inte i proportion till avgiften.")

    assert review.next_review_on is None
    with pytest.raises(ApplicationError) as refused:
        _review(engagement, reviewed_on=datetime.date(2026, 11, 20))
    assert refused.value.status == 409
    engagement_follow(actor=None, engagement=engagement, to=Status.FOLLOWED_UP)
    engagement_follow(actor=None, engagement=engagement, to=Status.CLOSED)


@pytest.mark.parametrize(
    ("role", "unit"), [(Role.SECRETARY, "TN"), (Role.OFFICER, "MHN"), (Role.READER, None)]
)
def test_only_the_named_bodys_secretary_records_a_review(units, make_user, role, unit) -> None:
    engagement = membership(units["MHN"])
    with pytest.raises(PermissionDenied):
        _review(engagement, make_user(role, unit))
    assert not MembershipReview.objects.exists()


def test_a_city_wide_membership_is_reviewed_by_ks(units, make_user) -> None:
    engagement = membership(units["MHN"], scope="citywide", title="Medlemskap i Eurocities")
    with pytest.raises(PermissionDenied):
        _review(engagement, make_user(Role.SECRETARY, "MHN"))
    review = _review(engagement, make_user(Role.SECRETARY, "KS"))
    assert review.body.code == "KS"


def test_a_review_is_refused_with_every_problem_and_nothing_changes(units) -> None:
    engagement = membership(units["MHN"])
    entries = AuditEntry.objects.count()

    with pytest.raises(ApplicationError) as refused:
        _review(
            engagement,
            reviewed_on=datetime.date(2027, 1, 5),
            benefit_seen="",
            contribution_made=" ",
            fee_sek=-1,
            decision="maybe",
            minutes_reference="",
        )

    assert set(_fields(refused.value)) == {
        "reviewed_on",
        "benefit_seen",
        "contribution_made",
        "fee_sek",
        "decision",
        "minutes_reference",
    }
    assert not MembershipReview.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_review_comes_after_the_last_one_and_after_the_start(units) -> None:
    engagement = membership(units["MHN"])
    with pytest.raises(ApplicationError) as before_start:
        _review(engagement, reviewed_on=datetime.date(2022, 12, 1))
    assert "inleddes 2023-02-01" in before_start.value.details[0].message
    _review(engagement)
    with pytest.raises(ApplicationError) as again:
        _review(engagement, reviewed_on=datetime.date(2026, 11, 12))
    assert "omprövades senast 2026-11-12" in again.value.details[0].message


# --- Reminders kept ---


def test_a_reminder_is_kept_once_and_only_the_system_keeps_them(units, make_user) -> None:
    from omvarld.engagements.followup.selectors import DueDate

    engagement = trip(units["MHN"])
    due = DueDate("travel_report", engagement, datetime.date(2026, 6, 9))
    with pytest.raises(PermissionDenied):
        reminders_record(actor=make_user(Role.ADMINISTRATOR), sent=[(due, ["a@stockholm.example"])])

    reminders_record(actor=None, sent=[(due, ["b@stockholm.example", "a@stockholm.example"])])

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.due_on, reminder.recipients) == (
        "travel_report",
        datetime.date(2026, 6, 9),
        ["a@stockholm.example", "b@stockholm.example"],
    )
    entry = AuditEntry.objects.get(event="reminder.sent")
    assert (entry.actor_name, entry.unit) == ("system", units["MHN"])

    # A second run at the same time keeps nothing of its own, and says why.
    other = DueDate("not_carried_out", engagement, datetime.date(2026, 6, 9))
    with pytest.raises(ApplicationError) as refused:
        reminders_record(actor=None, sent=[(other, ["a@stockholm.example"]), (due, ["a@stockholm.example"])])
    assert "två" in refused.value.message
    assert Reminder.objects.count() == 1
    assert AuditEntry.objects.filter(event="reminder.sent").count() == 1


# --- The calendar link ---


def test_a_user_creates_replaces_and_revokes_their_calendar_link(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")

    first = calendar_feed_issue(actor=officer)
    first_token = feed_token(first)
    assert feed_owner(first_token) == officer
    second = calendar_feed_issue(actor=officer)
    assert feed_owner(first_token) is None  # the old link stops working
    assert feed_owner(feed_token(second)) == officer
    calendar_feed_revoke(actor=officer)
    assert feed_owner(feed_token(second)) is None
    assert feed_of(user=officer) is None

    entries = AuditEntry.objects.filter(object_type="engagements.calendarfeed").order_by("pk")
    assert list(entries.values_list("event", flat=True)) == [
        "calendar_feed.issued",
        "calendar_feed.revoked",
        "calendar_feed.issued",
        "calendar_feed.revoked",
    ]
    # The key and the digest that give the link are never in the log.
    for entry in AuditEntry.objects.filter(object_type="engagements.calendarfeed"):
        assert "feed_key" not in (entry.before or {}) | (entry.after or {})
        assert "token_digest" not in (entry.before or {}) | (entry.after or {})
        assert first.feed_key not in str(entry.before) + str(entry.after)


def test_revoking_a_link_one_does_not_have_is_refused(units, make_user) -> None:
    with pytest.raises(ApplicationError) as refused:
        calendar_feed_revoke(actor=make_user(Role.OFFICER, "MHN"))
    assert refused.value.status == 409
    assert not CalendarFeed.objects.exists()


def test_a_token_made_under_another_secret_key_or_misshapen_opens_nothing(units, make_user, settings) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    token = feed_token(calendar_feed_issue(actor=officer))
    assert feed_owner(token.upper()) is None
    assert feed_owner(token[:-1]) is None
    assert feed_owner("../" + token[3:]) is None
    settings.SECRET_KEY = "en-helt-annan-nyckel-" * 3
    assert feed_owner(token) is None


def test_a_deactivated_users_link_opens_nothing(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    token = feed_token(calendar_feed_issue(actor=officer))
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert feed_owner(token) is None
