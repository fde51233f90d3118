"""Reading how matters are followed up: travel reports and their lessons, membership reviews and when the
next is due, and every day a matter is due to be followed up on — the dates that ``omvarld remind`` sends
and that the calendar feeds show.

Four kinds of date (``ReminderKind``):

* a **travel report** is due ``OMVARLD_TRAVEL_REPORT_DAYS`` after the journey ends, for an approved matter
  whose assessment requires one (the catalogue's documentation table: invitations and trips that involve
  a journey);
* a **membership review** is due when the policy's ``review_interval_years`` has passed since the last
  review (or since the membership began), by the policy version in force;
* a submitted matter **waits too long for its decision** ``OMVARLD_DECISION_WAIT_DAYS`` after it was
  submitted;
* an approved matter **not yet carried out** is due ``OMVARLD_CARRY_OUT_DAYS`` after its decision, or
  after its end when that is later.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from django.conf import settings
from django.db.models import F, JSONField, Max, Min, Prefetch, QuerySet
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from django.utils.crypto import salted_hmac

from omvarld import policy
from omvarld.accounts.models import Role, RoleAssignment
from omvarld.accounts.models import User as Account
from omvarld.accounts.permissions import Action, User, restrict, roles, units_reached
from omvarld.core.dates import days_after, years_after
from omvarld.engagements.models import (
    CalendarFeed,
    Decision,
    DecisionOutcome,
    Engagement,
    Kind,
    Lesson,
    MembershipReview,
    Reminder,
    ReminderKind,
    ReviewDecision,
    Status,
    TravelReport,
)
from omvarld.organisation.models import Unit

# The kinds of matter a travel report may be filed for (it is required where the assessment says so).
REPORTED_KINDS: Final = (Kind.INVITATION, Kind.TRIP, Kind.VISIT)
# An approved matter on its way: decided, carried out or followed up, not yet closed.
UNDER_WAY: Final = (Status.DECIDED, Status.CARRIED_OUT, Status.FOLLOWED_UP)
# The requirement of the policy's documentation table that a travel report answers.
TRAVEL_REPORT: Final = "travel_report"
# The policy parameter that sets how often a membership is reviewed.
REVIEW_INTERVAL: Final = "review_interval_years"


# --- Travel reports ------------------------------------------------------------------------------------


def approved_decision(engagement: Engagement) -> Decision | None:
    """The matter's decision if it approved the matter, with the assessment it was taken on."""
    return (
        Decision.objects.select_related("assessment")
        .filter(engagement=engagement, outcome=DecisionOutcome.APPROVED)
        .first()
    )


def requires_report(decision: Decision | None) -> bool:
    """Whether an approval was taken on an assessment that requires a travel report."""
    return decision is not None and TRAVEL_REPORT in decision.assessment.result.get("requirements", [])


def travel_report_required(engagement: Engagement) -> bool:
    """Whether the matter must have a travel report: it was approved on an assessment that requires one."""
    return requires_report(approved_decision(engagement))


def travel_report_may_be_filed(engagement: Engagement) -> bool:
    """Whether a travel report may be filed now: the matter was approved, is not closed, has none yet,
    and is a journey (an invitation, a trip or a visit) or one whose assessment asks for a report."""
    if engagement.status not in UNDER_WAY or TravelReport.objects.filter(engagement=engagement).exists():
        return False
    decision = approved_decision(engagement)
    return decision is not None and (engagement.kind in REPORTED_KINDS or requires_report(decision))


def missing_travel_report(engagement: Engagement) -> bool:
    """Whether the matter lacks the travel report it must have before it is closed."""
    return (
        travel_report_required(engagement) and not TravelReport.objects.filter(engagement=engagement).exists()
    )


def journey_end(engagement: Engagement) -> datetime.date | None:
    """The day the journey ended: the matter's end, or its start when it lasted a day."""
    return engagement.ends_on or engagement.starts_on


def travel_report_due_on(engagement: Engagement, *, decided_on: datetime.date | None) -> datetime.date | None:
    """The day the travel report is due: ``OMVARLD_TRAVEL_REPORT_DAYS`` after the journey ended (after the
    decision, for a matter without dates)."""
    end = journey_end(engagement) or decided_on
    return days_after(end, settings.OMVARLD_TRAVEL_REPORT_DAYS) if end else None


def travel_report_of(*, engagement: Engagement) -> TravelReport | None:
    """The matter's travel report with its lessons (seen by whoever sees the matter)."""
    return (
        TravelReport.objects.select_related("filed_by")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("pk")))
        .filter(engagement=engagement)
        .first()
    )


# --- Membership reviews --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewInterval:
    """The policy's review interval in force on a day: its value and where it comes from."""

    years: int
    policy_version: str
    valid_from: datetime.date
    source: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": REVIEW_INTERVAL,
            "years": self.years,
            "policy_version": self.policy_version,
            "valid_from": self.valid_from.isoformat(),
            "source": dict(self.source),
        }


def review_interval(day: datetime.date) -> ReviewInterval | None:
    """The review interval of the policy version in force on ``day`` (its dated parameter, with the
    source of the value), or None when that version sets none."""
    try:
        version = policy.default_version(day)
    except policy.UnknownVersionError:
        return None
    parameter = version.parameters.get(REVIEW_INTERVAL)
    # A version applied before it took effect applies the values it took effect with (as the engine does).
    entry = parameter.entry_at(max(day, version.effective_from)) if parameter is not None else None
    if entry is None or entry.value is None:
        return None
    return ReviewInterval(
        years=int(entry.value),
        policy_version=version.id,
        valid_from=entry.valid_from,
        source=entry.source.to_dict(),
    )


class Since(StrEnum):
    """What the review interval runs from."""

    REVIEW = "review"  # the membership's last review
    DECISION = "decision"  # the decision that approved the membership (to join, or to continue it)
    START = "start"  # the day the membership began


@dataclass(frozen=True)
class ReviewSchedule:
    """When a membership is next to be reviewed: the interval after the latest decision on it."""

    since: datetime.date
    since_what: Since
    due_on: datetime.date
    interval: ReviewInterval


def review_schedule(
    engagement: Engagement,
    *,
    today: datetime.date,
    decided_on: datetime.date | None = None,
    reviewed_on: datetime.date | None = None,
) -> ReviewSchedule | None:
    """The membership's next review under the policy in force on ``today``: the interval after the latest
    of its last review (``reviewed_on``, the latest ``MembershipReview``, or the one registered with the
    matter), the decision that approved it (``decided_on``: an approval to join or to continue is a
    decision on the membership too), and its start.

    A date after ``today`` is not a fact yet, as the engine reads it."""
    interval = review_interval(today)
    candidates = [
        (day, what)
        for day, what in (
            (reviewed_on, Since.REVIEW),
            (engagement.last_review, Since.REVIEW),
            (decided_on, Since.DECISION),
            (engagement.starts_on, Since.START),
        )
        if day is not None and day <= today
    ]
    if interval is None or not candidates:
        return None
    since, what = max(candidates, key=lambda candidate: candidate[0])
    return ReviewSchedule(
        since=since, since_what=what, due_on=years_after(since, interval.years), interval=interval
    )


def last_review_of(engagement: Engagement) -> datetime.date | None:
    """The day of the membership's latest recorded review."""
    latest: datetime.date | None = engagement.reviews.aggregate(latest=Max("reviewed_on"))["latest"]
    return latest


def reviews_of(*, engagement: Engagement) -> list[MembershipReview]:
    """The membership's reviews, newest first, with the body that decided and who recorded them."""
    return list(engagement.reviews.select_related("body", "recorded_by"))


def has_left(engagement: Engagement) -> bool:
    """Whether a review decided to leave the organisation."""
    return engagement.reviews.filter(decision=ReviewDecision.LEAVE).exists()


def reviewable(engagement: Engagement) -> bool:
    """Whether the membership may be reviewed: approved, under way, and not left."""
    return (
        engagement.kind == Kind.MEMBERSHIP
        and engagement.status in UNDER_WAY
        and approved_decision(engagement) is not None
        and not has_left(engagement)
    )


# --- Every date to follow up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DueDate:
    """One day a matter is due to be followed up on, and what is due."""

    kind: str  # ReminderKind
    engagement: Engagement
    due_on: datetime.date

    @property
    def key(self) -> tuple[str, int, datetime.date]:
        """What a reminder of it is kept by: sent once for each kind, matter and day."""
        return (self.kind, self.engagement.pk, self.due_on)

    @property
    def label(self) -> str:
        return str(ReminderKind(self.kind).label)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _reports_due(matters: QuerySet[Engagement]) -> Iterable[DueDate]:
    rows = matters.filter(
        kind__in=REPORTED_KINDS,
        status__in=UNDER_WAY,
        decision__outcome=DecisionOutcome.APPROVED,
        travel_report__isnull=True,
    ).annotate(
        decided_on=F("decision__decided_on"),
        # The stored result is JSON kept as text (``JSONDocumentField``): read as JSON to take one key.
        requirements=KeyTransform("requirements", Cast("decision__assessment__result", JSONField())),
    )
    for row in rows:
        if TRAVEL_REPORT in (row.requirements or []):
            due = travel_report_due_on(row, decided_on=row.decided_on)
            if due is not None:
                yield DueDate(ReminderKind.TRAVEL_REPORT, row, due)


def _reviews_due(matters: QuerySet[Engagement], today: datetime.date) -> Iterable[DueDate]:
    rows = (
        matters.filter(kind=Kind.MEMBERSHIP, status__in=UNDER_WAY, decision__outcome=DecisionOutcome.APPROVED)
        .exclude(reviews__decision=ReviewDecision.LEAVE)
        .annotate(decided_on=F("decision__decided_on"), reviewed_on=Max("reviews__reviewed_on"))
    )
    for row in rows:
        schedule = review_schedule(row, today=today, decided_on=row.decided_on, reviewed_on=row.reviewed_on)
        if schedule is not None:
            yield DueDate(ReminderKind.MEMBERSHIP_REVIEW, row, schedule.due_on)


def _decisions_waiting(matters: QuerySet[Engagement]) -> Iterable[DueDate]:
    # A matter is submitted once (a withdrawn one stays withdrawn): its first stored assessment is dated
    # the day it was submitted.
    rows = matters.filter(status=Status.SUBMITTED).annotate(submitted_on=Min("assessments__as_of"))
    for row in rows:
        if row.submitted_on is not None:
            due = days_after(row.submitted_on, settings.OMVARLD_DECISION_WAIT_DAYS)
            yield DueDate(ReminderKind.DECISION_WAITING, row, due)


def _not_carried_out(matters: QuerySet[Engagement]) -> Iterable[DueDate]:
    rows = matters.filter(status=Status.DECIDED, decision__outcome=DecisionOutcome.APPROVED).annotate(
        decided_on=F("decision__decided_on")
    )
    for row in rows:
        decided_on: datetime.date = row.decided_on
        start = max(decided_on, journey_end(row) or decided_on)
        yield DueDate(ReminderKind.NOT_CARRIED_OUT, row, days_after(start, settings.OMVARLD_CARRY_OUT_DAYS))


def due_dates(matters: QuerySet[Engagement], *, today: datetime.date) -> list[DueDate]:
    """Every open follow-up date of ``matters`` (due or not yet), soonest first. Five queries, whatever
    the number of matters; each matter comes with its unit and its responsible officer."""
    rows = matters.select_related(None).select_related("unit", "responsible").order_by()
    found = [
        *_reports_due(rows),
        *_reviews_due(rows, today),
        *_decisions_waiting(rows),
        *_not_carried_out(rows),
    ]
    return sorted(found, key=lambda due: (due.due_on, due.kind, due.engagement.registration_number))


# --- Who is reminded -----------------------------------------------------------------------------------


class Officers:
    """Who is reminded of a matter, read once: its responsible officer; when it has none (or they have
    left), the officers of its unit — or of the nearest unit above it, or the unit it merged into, that
    has any; and when no unit has any, the international coordinators, who follow up the whole city."""

    def __init__(self) -> None:
        self.by_unit: dict[int, list[Account]] = {}
        self.coordinators: list[Account] = []
        for assignment in (
            RoleAssignment.objects.filter(role__in=[Role.OFFICER, Role.COORDINATOR], user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        ):
            if assignment.role == Role.COORDINATOR:
                self.coordinators.append(assignment.user)
            elif assignment.unit_id is not None:
                self.by_unit.setdefault(assignment.unit_id, []).append(assignment.user)
        self.next_up: dict[int, int | None] = {
            unit_id: successor_id or parent_id
            for unit_id, parent_id, successor_id in Unit.objects.values_list(
                "id", "parent_id", "successor_id"
            )
        }

    def of_unit(self, unit_id: int) -> list[Account]:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen:
            if self.by_unit.get(current):
                return sorted(self.by_unit[current], key=lambda user: user.username)
            seen.add(current)
            current = self.next_up.get(current)
        return []

    def to_remind(self, engagement: Engagement) -> list[Account]:
        """The people a reminder about ``engagement`` is for."""
        responsible = engagement.responsible
        if responsible is not None and responsible.is_active:
            return [responsible]
        return self.of_unit(engagement.unit_id) or self.coordinators


def reminders_due(*, today: datetime.date) -> list[DueDate]:
    """The follow-up dates to remind of on ``today`` that have not been reminded of yet: those that are due
    (reports and reviews ``OMVARLD_REMIND_DAYS_AHEAD`` before) and have no ``Reminder`` yet."""
    ahead: dict[str, datetime.timedelta] = {
        ReminderKind.TRAVEL_REPORT: _days(settings.OMVARLD_REMIND_DAYS_AHEAD),
        ReminderKind.MEMBERSHIP_REVIEW: _days(settings.OMVARLD_REMIND_DAYS_AHEAD),
    }
    due = [
        found
        for found in due_dates(Engagement.objects.all(), today=today)
        if found.due_on - ahead.get(found.kind, _days(0)) <= today
    ]
    sent = set(
        Reminder.objects.filter(due_on__lte=max((found.due_on for found in due), default=today)).values_list(
            "kind", "engagement_id", "due_on"
        )
    )
    return [found for found in due if found.key not in sent]


# --- Calendar feeds ------------------------------------------------------------------------------------

FEED_TOKEN_SALT: Final = "omvarld.engagements.calendar-feed"  # noqa: S105 - a salt's name, not a secret


def feed_token(feed: CalendarFeed) -> str:
    """The secret in the feed's URL: an HMAC of the feed's key under the site's ``SECRET_KEY`` (64 hex
    digits, 256 bits). Changing ``SECRET_KEY`` ends every feed's URL."""
    return salted_hmac(FEED_TOKEN_SALT, feed.feed_key, algorithm="sha256").hexdigest()


def token_digest(token: str) -> str:
    """What a feed is found by: the SHA-256 of its token (the token itself is not stored)."""
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()


def feed_owner(token: str) -> Account | None:
    """The active user whose feed ``token`` opens, or None (an unknown, revoked or malformed token, or a
    token made under an earlier ``SECRET_KEY``)."""
    if len(token) != 64 or any(c not in "0123456789abcdef" for c in token):
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_digest=token_digest(token)).first()
    if feed is None or not hmac.compare_digest(feed_token(feed), token) or not feed.user.is_active:
        return None
    return feed.user


def feed_of(*, user: User) -> CalendarFeed | None:
    """The user's own calendar feed, if they have one."""
    return CalendarFeed.objects.filter(user_id=user.pk or 0).first()


# --- The calendar feeds' dates -------------------------------------------------------------------------


def due_dates_for_user(*, user: User, today: datetime.date) -> list[DueDate]:
    """The follow-up dates the user is reminded of (``Officers.to_remind``), of the matters they may see."""
    officers = Officers()
    visible = restrict(Engagement.objects.all(), user, Action.VIEW)
    return [
        found for found in due_dates(visible, today=today) if user in officers.to_remind(found.engagement)
    ]


def units_with_feeds(*, user: User) -> QuerySet[Unit]:
    """The units whose calendar the user is offered: where they hold a unit-bound role (and the units
    below), or, for a city-wide role, every unit; in the organisation's order."""
    if any(role not in Role.unit_bound() for role in roles(user)):
        return Unit.objects.in_organisation_order()
    reached: set[int] = set()
    for role in Role.unit_bound():
        reached |= units_reached(user, role)
    return Unit.objects.in_organisation_order().filter(pk__in=reached)


def _unit_and_below(unit: Unit) -> set[int]:
    children: dict[int, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(unit_id)
    found, stack = set(), [unit.pk]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, ()))
    return found


def due_dates_for_unit(*, user: User, unit: Unit, today: datetime.date) -> list[DueDate] | None:
    """The follow-up dates of the matters of ``unit`` and the units below it that the user may see; None
    when the unit lies outside what the user may see (its calendar does not exist for them)."""
    if not units_with_feeds(user=user).filter(pk=unit.pk).exists():
        return None
    visible = restrict(Engagement.objects.filter(unit_id__in=_unit_and_below(unit)), user, Action.VIEW)
    return due_dates(visible, today=today)
