"""Following matters up: filing a journey's travel report with its lessons, recording the review of a
membership by the body the policy names, keeping which reminders were sent, and issuing and revoking a
user's secret calendar link.

As the register's services (``engagements.services``): the acting user first (``None`` for the system),
the permission point asked, every problem reported at once in an ``ApplicationError``, and every write
through the audit helpers with its typed event.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.services import create_with_audit, delete_with_audit
from omvarld.core.dates import years_after
from omvarld.core.errors import ApplicationError, ErrorDetail, PermissionDenied
from omvarld.engagements import services
from omvarld.engagements.followup.selectors import (
    DueDate,
    approved_decision,
    feed_token,
    journey_end,
    last_review_of,
    review_interval,
    review_schedule,
    reviewable,
    token_digest,
    travel_report_due_on,
    travel_report_may_be_filed,
)
from omvarld.engagements.models import (
    CalendarFeed,
    Engagement,
    FundingSource,
    Lesson,
    MembershipReview,
    Reminder,
    ReviewDecision,
    TravelReport,
)
from omvarld.organisation.models import Unit
from omvarld.policy.interchange import MAX_SEK

MAX_LESSONS: Final = 20
MAX_LESSON_LENGTH: Final = 2000


def _locked(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update(of=("self",)).select_related("unit").get(pk=engagement.pk)


def _user_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _own_id(actor: User) -> int:
    """The signed-in acting user's id: a calendar link is its owner's own."""
    if not actor.is_authenticated or actor.pk is None:
        raise PermissionDenied()
    owner: int = actor.pk
    return owner


def _moment(day: datetime.date) -> datetime.datetime:
    """Now, or noon of ``day`` for a record entered afterwards (the demo's history)."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _amount_problem(field: str, amount: Any) -> ErrorDetail | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_SEK:
        return ErrorDetail(
            _("Give an amount in whole kronor from 0 to %(max)s.")
            % {"max": f"{MAX_SEK:,}".replace(",", " ")},
            field=field,
        )
    return None


def _cost_problems(costs: Mapping[str, Any]) -> list[ErrorDetail]:
    problems = []
    for source, amount in costs.items():
        if source not in FundingSource.values:
            problems.append(
                ErrorDetail(
                    _("Unknown source of funding “%(source)s”.") % {"source": str(source)[:40]},
                    field="actual_costs",
                )
            )
        elif problem := _amount_problem(f"cost_{source}", amount):
            problems.append(problem)
    return problems


def _lesson_problems(lessons: Sequence[str]) -> list[ErrorDetail]:
    if len(lessons) > MAX_LESSONS:
        return [
            ErrorDetail(
                _("At most %(count)s lessons can be recorded with one report.") % {"count": MAX_LESSONS},
                field="lessons",
            )
        ]
    if any(len(lesson) > MAX_LESSON_LENGTH for lesson in lessons):
        return [
            ErrorDetail(
                _("A lesson may be at most %(count)s characters.") % {"count": MAX_LESSON_LENGTH},
                field="lessons",
            )
        ]
    return []


# --- Travel reports ------------------------------------------------------------------------------------


@transaction.atomic
def travel_report_file(
    *,
    actor: User | None,
    engagement: Engagement,
    benefit_achieved: str,
    summary: str = "",
    actual_costs: Mapping[str, int | None] | None = None,
    lessons: Sequence[str] = (),
    today: datetime.date | None = None,
) -> TravelReport:
    """File the travel report of an approved journey once it has ended: the benefit achieved (shown
    against the benefit promised), what was done, the actual costs by source of funding (against the
    planned ones), and the lessons learnt, each kept as a ``Lesson`` of its own.

    ``today`` is the day it is filed (today when not given; the demo files its history on the day)."""
    report = TravelReport(engagement=engagement, filed_by_id=_user_id(actor))
    require_actor(actor, Action.CREATE, report)
    engagement = _locked(engagement)
    day = today or timezone.localdate()
    if TravelReport.objects.filter(engagement=engagement).exists():
        raise ApplicationError(
            _("%(number)s already has its travel report.") % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    if not travel_report_may_be_filed(engagement):
        raise ApplicationError(
            _(
                "A travel report is filed for an approved invitation, trip or visit that is not yet closed; "
                "%(number)s is not one."
            )
            % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    costs = dict(actual_costs or {})
    # A lesson written twice is one lesson (each is kept for others to find).
    texts = list(dict.fromkeys(lesson.strip() for lesson in lessons if lesson and lesson.strip()))
    problems = _cost_problems(costs) + _lesson_problems(texts)
    if not benefit_achieved.strip():
        problems.append(
            ErrorDetail(
                _("Describe the benefit the journey achieved for the people of Stockholm."),
                field="benefit_achieved",
            )
        )
    end = journey_end(engagement)
    if end is not None and end > day:
        problems.append(
            ErrorDetail(
                _("The journey ends on %(day)s: its report is filed after that.") % {"day": end.isoformat()}
            )
        )
    if problems:
        raise ApplicationError(_("The travel report could not be filed."), details=problems)
    decision = approved_decision(engagement)
    report.benefit_achieved = benefit_achieved.strip()
    report.summary = summary.strip()
    report.actual_costs = {source: amount for source, amount in costs.items() if amount}
    report.due_on = travel_report_due_on(engagement, decided_on=decision.decided_on if decision else None)
    report.filed_on, report.filed_at = day, _moment(day)
    create_with_audit(actor=actor, obj=report, event=events.TRAVEL_REPORT_FILED, data={"lessons": len(texts)})
    for text in texts:
        lesson = Lesson(
            engagement=engagement,
            travel_report=report,
            text=text,
            subject_area=engagement.subject_area,
            recorded_at=report.filed_at,
            recorded_by_id=_user_id(actor),
        )
        create_with_audit(actor=actor, obj=lesson, event=events.LESSON_RECORDED)
    return report


# --- Membership reviews --------------------------------------------------------------------------------


def review_body(engagement: Engagement, *, today: datetime.date | None = None) -> Unit | None:
    """The body the policy in force names to decide on the membership (as it would decide on joining):
    KS for a city-wide membership, the committee or board for its own."""
    assessment = services.assess(engagement, as_of=today)
    return services.deciding_unit(engagement, assessment.decided_by or "") or engagement.deciding_body


def _review_problems(
    engagement: Engagement,
    *,
    reviewed_on: datetime.date | None,
    last_reviewed: datetime.date | None,
    day: datetime.date,
    benefit_seen: str,
    contribution_made: str,
    fee_sek: Any,
    decision: str,
    minutes_reference: str,
) -> list[ErrorDetail]:
    problems = []
    if reviewed_on is None:
        problems.append(ErrorDetail(_("Give the day the review was decided."), field="reviewed_on"))
    elif reviewed_on > day:
        problems.append(ErrorDetail(_("A review cannot be dated in the future."), field="reviewed_on"))
    elif last_reviewed and reviewed_on <= last_reviewed:
        problems.append(
            ErrorDetail(
                _("The membership was last reviewed on %(day)s: a new review comes after it.")
                % {"day": last_reviewed.isoformat()},
                field="reviewed_on",
            )
        )
    elif engagement.starts_on and reviewed_on < engagement.starts_on:
        problems.append(
            ErrorDetail(
                _("The membership began on %(day)s: it cannot be reviewed before that.")
                % {"day": engagement.starts_on.isoformat()},
                field="reviewed_on",
            )
        )
    if not benefit_seen.strip():
        problems.append(
            ErrorDetail(_("Describe the benefit the membership has given."), field="benefit_seen")
        )
    if not contribution_made.strip():
        problems.append(
            ErrorDetail(
                _("Describe the active contribution the city has made in the organisation."),
                field="contribution_made",
            )
        )
    if fee_sek is None:
        problems.append(ErrorDetail(_("Give the membership fee (0 if there is none)."), field="fee_sek"))
    elif problem := _amount_problem("fee_sek", fee_sek):
        problems.append(problem)
    if decision not in ReviewDecision.values:
        problems.append(ErrorDetail(_("Choose to continue the membership or to leave."), field="decision"))
    if not minutes_reference.strip():
        problems.append(
            ErrorDetail(_("Give the minutes the decision is recorded in."), field="minutes_reference")
        )
    return problems


@transaction.atomic
def membership_review_record(
    *,
    actor: User | None,
    engagement: Engagement,
    reviewed_on: datetime.date | None,
    benefit_seen: str,
    contribution_made: str,
    fee_sek: int | None,
    decision: str,
    minutes_reference: str,
    motivation: str = "",
    today: datetime.date | None = None,
) -> MembershipReview:
    """Record the review of a membership, decided by the body the policy names (its secretary records it,
    as a decision): the benefit seen, the active contribution made, the fee, and whether to continue or
    to leave. A review to continue sets the next by the policy's interval in force that day, kept with
    its source; after a review to leave, none follows and the matter may be closed.

    The review is a record of its own: the decided matter keeps the facts and the assessment it was
    decided on (its ``last_review`` is what was registered), as every decided matter does."""
    day = today or timezone.localdate()
    body = review_body(engagement, today=day)
    if body is None:
        raise ApplicationError(
            _("The policy names no body to review this membership."), code="conflict", status=409
        )
    review = MembershipReview(engagement=engagement, body=body, recorded_by_id=_user_id(actor))
    require_actor(actor, Action.CREATE, review)
    engagement = _locked(engagement)
    if not reviewable(engagement):
        raise ApplicationError(
            _(
                "%(number)s is not a membership under way: only an approved membership not yet left is "
                "reviewed."
            )
            % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    last_reviewed = last_review_of(engagement)
    problems = _review_problems(
        engagement,
        reviewed_on=reviewed_on,
        last_reviewed=last_reviewed,
        day=day,
        benefit_seen=benefit_seen,
        contribution_made=contribution_made,
        fee_sek=fee_sek,
        decision=decision,
        minutes_reference=minutes_reference,
    )
    if problems or reviewed_on is None or fee_sek is None:
        raise ApplicationError(_("The review could not be recorded."), details=problems)
    decided = approved_decision(engagement)
    schedule = review_schedule(
        engagement,
        today=reviewed_on,
        decided_on=decided.decided_on if decided else None,
        reviewed_on=last_reviewed,
    )
    interval = review_interval(reviewed_on)
    review.reviewed_on = reviewed_on
    review.due_on = schedule.due_on if schedule else None
    review.benefit_seen, review.contribution_made = benefit_seen.strip(), contribution_made.strip()
    review.fee_sek, review.decision = fee_sek, decision
    review.minutes_reference, review.motivation = minutes_reference.strip(), motivation.strip()
    review.interval = interval.to_dict() if interval else {}
    if decision == ReviewDecision.CONTINUE and interval is not None:
        review.next_review_on = years_after(reviewed_on, interval.years)
    return create_with_audit(
        actor=actor, obj=review, event=events.MEMBERSHIP_REVIEW_RECORDED, data={"decision": decision}
    )


# --- Reminders -----------------------------------------------------------------------------------------


@transaction.atomic
def reminders_record(
    *, actor: User | None, sent: Sequence[tuple[DueDate, Sequence[str]]], at: datetime.datetime | None = None
) -> list[Reminder]:
    """Keep that each reminder was sent, to whom: it is then not sent again (``omvarld remind``). Only the
    system sends reminders. A reminder kept already (two runs at once) is refused by the database
    (``one_reminder_per_kind_matter_and_day``): then nothing of this run is kept, and it says why."""
    require_actor(actor, Action.CREATE, Reminder)
    moment = at or timezone.now()
    try:
        with transaction.atomic():
            return [
                create_with_audit(
                    actor=actor,
                    obj=Reminder(
                        kind=due.kind,
                        engagement=due.engagement,
                        due_on=due.due_on,
                        sent_at=moment,
                        recipients=sorted(addresses),
                    ),
                    event=events.REMINDER_SENT,
                )
                for due, addresses in sent
            ]
    except IntegrityError:
        raise ApplicationError(
            _(
                "Another run of omvarld remind has kept some of these reminders already: run it once a day, "
                "never two at once. Nothing of this run was kept."
            ),
            code="conflict",
            status=409,
        ) from None


# --- Calendar feeds ------------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_issue(*, actor: User) -> CalendarFeed:
    """Give the acting user a secret calendar link, or a new one in place of the one they had: the old
    link stops working at once (it is revoked, then the new one issued: two audit entries)."""
    owner = _own_id(actor)
    old = CalendarFeed.objects.select_for_update().filter(user_id=owner).first()
    if old is not None:
        require_actor(actor, Action.DELETE, old)
        delete_with_audit(actor=actor, obj=old, event=events.CALENDAR_FEED_REVOKED)
    feed = CalendarFeed(user_id=owner, feed_key=secrets.token_hex(32))
    require_actor(actor, Action.CREATE, feed)
    feed.token_digest = token_digest(feed_token(feed))
    return create_with_audit(actor=actor, obj=feed, event=events.CALENDAR_FEED_ISSUED)


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> None:
    """Revoke the acting user's calendar link: it stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user_id=_own_id(actor)).first()
    if feed is None:
        raise ApplicationError(_("You have no calendar link to revoke."), code="conflict", status=409)
    require_actor(actor, Action.DELETE, feed)
    delete_with_audit(actor=actor, obj=feed, event=events.CALENDAR_FEED_REVOKED)
