"""What a matter's page shows of its follow-up: the travel report against what was promised and planned,
the membership's next review with the source of its interval, and what may be done next."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from omvarld.accounts.permissions import Action, User, can
from omvarld.engagements.followup import selectors
from omvarld.engagements.followup.services import review_body
from omvarld.engagements.models import (
    Decision,
    Engagement,
    FundingSource,
    Kind,
    MembershipReview,
    ReviewDecision,
    TravelReport,
)


@dataclass(frozen=True)
class CostRow:
    label: str
    planned: int | None
    actual: int | None


def cost_rows(engagement: Engagement, report: TravelReport) -> list[CostRow]:
    """The planned and the actual cost of each source that has either, then the totals."""
    rows = [
        CostRow(str(label), engagement.funding.get(source), report.actual_costs.get(source))
        for source, label in FundingSource.choices
        if engagement.funding.get(source) or report.actual_costs.get(source)
    ]
    return rows


@dataclass
class FollowUp:
    """The follow-up part of a matter's page."""

    shows_report: bool = False
    report: TravelReport | None = None
    report_required: bool = False
    report_due_on: datetime.date | None = None
    costs: list[CostRow] = field(default_factory=list)
    planned_total: int = 0
    can_file_report: bool = False
    close_needs_report: bool = False
    is_membership: bool = False
    schedule: selectors.ReviewSchedule | None = None
    reviews: list[MembershipReview] = field(default_factory=list)
    left: bool = False
    can_review: bool = False
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def report_overdue(self) -> bool:
        return self.report is None and self.report_due_on is not None and self.report_due_on < self.today

    @property
    def review_overdue(self) -> bool:
        return self.schedule is not None and not self.left and self.schedule.due_on < self.today


def _report_part(part: FollowUp, user: User, engagement: Engagement, decision: Decision) -> None:
    if engagement.kind not in selectors.REPORTED_KINDS and not part.report_required:
        return
    part.report = selectors.travel_report_of(engagement=engagement)
    part.shows_report = part.report is not None or engagement.status in selectors.UNDER_WAY
    part.report_due_on = selectors.travel_report_due_on(engagement, decided_on=decision.decided_on)
    if part.report is not None:
        part.costs = cost_rows(engagement, part.report)
        part.planned_total = sum(engagement.funding.values())
    part.can_file_report = selectors.travel_report_may_be_filed(engagement) and can(
        user, Action.CREATE, TravelReport(engagement=engagement)
    )


def _review_part(part: FollowUp, user: User, engagement: Engagement, decision: Decision) -> None:
    part.is_membership = True
    part.reviews = selectors.reviews_of(engagement=engagement)
    part.left = any(review.decision == ReviewDecision.LEAVE for review in part.reviews)
    if part.left:
        return
    part.schedule = selectors.review_schedule(
        engagement,
        today=part.today,
        decided_on=decision.decided_on,
        reviewed_on=max((review.reviewed_on for review in part.reviews), default=None),
    )
    if engagement.status in selectors.UNDER_WAY:
        body = review_body(engagement, today=part.today)
        part.can_review = body is not None and can(
            user, Action.CREATE, MembershipReview(engagement=engagement, body=body)
        )


def follow_up(*, user: User, engagement: Engagement, may_change: bool) -> FollowUp:
    """The follow-up of ``engagement`` as ``user`` may see and act on it: nothing until it is approved."""
    part = FollowUp()
    decision = selectors.approved_decision(engagement)
    if decision is None:
        return part
    part.report_required = selectors.requires_report(decision)
    if engagement.kind == Kind.MEMBERSHIP:
        _review_part(part, user, engagement, decision)
    else:
        _report_part(part, user, engagement, decision)
    part.close_needs_report = may_change and part.report_required and part.report is None
    return part


def context(*, user: User, engagement: Engagement, may_change: bool) -> dict[str, Any]:
    return {"follow_up": follow_up(user=user, engagement=engagement, may_change=may_change)}
