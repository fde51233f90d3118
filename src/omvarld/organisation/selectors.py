"""Reading the organisation, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.organisation.models import Counterpart, Unit


def unit_list(*, user: User) -> QuerySet[Unit]:
    return (
        restrict(Unit.objects.in_organisation_order(), user, Action.VIEW)
        .select_related("parent")
        .annotate(child_count=Count("children"))
    )


def counterpart_list(*, user: User) -> QuerySet[Counterpart]:
    return restrict(Counterpart.objects.all(), user, Action.VIEW).order_by("name")


def unit_by_code(*, user: User, code: str) -> Unit | None:
    return unit_list(user=user).filter(code=code).first()
