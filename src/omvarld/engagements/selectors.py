"""Reading the register, restricted to what the user may see."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from omvarld.accounts.permissions import Action, User, can, restrict
from omvarld.engagements.models import Decision, Engagement, Status, StoredAssessment
from omvarld.organisation.models import Unit


def with_latest_assessment(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """``queryset`` with its latest stored assessment's day, outcome and deciding body (``latest_as_of``,
    ``latest_outcome``, ``latest_decided_by``; empty while a matter is a draft), in one query."""
    latest = StoredAssessment.objects.filter(engagement=OuterRef("pk"))  # newest first (Meta.ordering)
    return queryset.annotate(
        latest_as_of=Subquery(latest.values("as_of")[:1]),
        latest_outcome=Subquery(latest.values("outcome")[:1]),
        latest_decided_by=Subquery(latest.values("decided_by")[:1]),
    )


def engagement_list(*, user: User) -> QuerySet[Engagement]:
    """The engagements the user may see, newest number first, each with its latest assessment's outcome."""
    return with_latest_assessment(
        restrict(Engagement.objects.all(), user, Action.VIEW).select_related(
            "unit", "counterpart", "responsible", "deciding_body", "decision", "decision__body"
        )
    ).order_by("-year", "-number", "-pk")


def latest_assessment(*, engagement: Engagement) -> StoredAssessment | None:
    return engagement.assessments.first()  # newest first (Meta.ordering)


def decision_of(*, engagement: Engagement) -> Decision | None:
    decisions = Decision.objects.select_related("body", "expected_body", "recorded_by")
    return decisions.filter(engagement=engagement).first()


def _units_where(allowed: Callable[[Unit], bool]) -> QuerySet[Unit]:
    chosen = [unit.pk for unit in Unit.objects.in_organisation_order() if allowed(unit)]
    return Unit.objects.in_organisation_order().filter(pk__in=chosen)


def units_for_registration(*, user: User) -> QuerySet[Unit]:
    """The units the user may register engagements for, in the organisation's order."""
    return _units_where(lambda unit: can(user, Action.CREATE, Engagement(unit=unit)))


def deciding_bodies(*, user: User) -> QuerySet[Unit]:
    """The bodies the user may record decisions for (a secretary: their own), in the organisation's order."""
    return _units_where(lambda unit: can(user, Action.CREATE, Decision(body=unit)))


def body_by_code(*, code: str) -> Unit | None:
    """A deciding body (any unit) by its code; the whole organisation is visible to every role."""
    return Unit.objects.filter(code=code).first()


def queue(*, user: User, body: Unit) -> QuerySet[Engagement]:
    """The submitted matters waiting for ``body`` to decide them, that the user may see."""
    newest_first = StoredAssessment.objects.all()  # Meta.ordering: newest first
    return (
        engagement_list(user=user)
        .filter(status=Status.SUBMITTED, deciding_body=body)
        .prefetch_related(Prefetch("assessments", queryset=newest_first, to_attr="newest_assessments"))
    )


def queues(*, user: User) -> list[tuple[Unit, int]]:
    """Each body with submitted matters waiting for it (that the user may see), and how many."""
    submitted = Engagement.objects.filter(status=Status.SUBMITTED, deciding_body__isnull=False)
    waiting = (
        restrict(submitted, user, Action.VIEW).values("deciding_body").annotate(count=Count("pk")).order_by()
    )
    counts = {row["deciding_body"]: row["count"] for row in waiting}
    bodies = Unit.objects.in_organisation_order().filter(pk__in=counts)
    return [(body, counts[body.pk]) for body in bodies]


def my_open_matters(*, user: User) -> QuerySet[Engagement]:
    """The matters the user is responsible for that are not yet decided."""
    return engagement_list(user=user).filter(
        responsible_id=user.pk, status__in=[Status.DRAFT, Status.SUBMITTED]
    )


def queues_to_decide(*, user: User) -> list[tuple[Unit, int]]:
    """The queues of the bodies whose decisions the user records (a secretary: their own body's)."""
    return [
        (body, count) for body, count in queues(user=user) if can(user, Action.CREATE, Decision(body=body))
    ]
