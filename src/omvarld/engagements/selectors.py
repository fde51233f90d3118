"""Reading the register, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.engagements.models import Engagement, StoredAssessment
from omvarld.organisation.models import Unit


def engagement_list(*, user: User) -> QuerySet[Engagement]:
    """The engagements the user may see, newest number first, each with the outcome of its latest stored
    assessment (``latest_outcome``, ``latest_decided_by``; empty while it is a draft)."""
    latest = StoredAssessment.objects.filter(engagement=OuterRef("pk")).order_by("-assessed_at", "-pk")
    return (
        restrict(Engagement.objects.all(), user, Action.VIEW)
        .select_related("unit", "counterpart", "responsible")
        .annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            latest_decided_by=Subquery(latest.values("decided_by")[:1]),
        )
        .order_by("-year", "-number", "-pk")
    )


def latest_assessment(*, engagement: Engagement) -> StoredAssessment | None:
    return engagement.assessments.order_by("-assessed_at", "-pk").first()


def units_for_registration(*, user: User) -> QuerySet[Unit]:
    """The units the user may register engagements for, in the organisation's order."""
    units = Unit.objects.in_organisation_order()
    allowed = [unit.pk for unit in units if _may_register_in(user, unit)]
    return Unit.objects.in_organisation_order().filter(pk__in=allowed)


def _may_register_in(user: User, unit: Unit) -> bool:
    from omvarld.accounts.permissions import can

    return can(user, Action.CREATE, Engagement(unit=unit))
