"""Reading the organisation, restricted to what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.organisation.models import Counterpart, Unit, UnitStatus, in_force_on


def in_period(queryset: QuerySet[Unit], *, on: datetime.date, status: str) -> QuerySet[Unit]:
    """The units of ``queryset`` in force on ``on`` (``CURRENT``), ceased before it (``ENDED``), or all."""
    if status == UnitStatus.CURRENT:
        return queryset.filter(in_force_on(on))
    if status == UnitStatus.ENDED:
        return queryset.filter(valid_to__lt=on)
    return queryset


def unit_list(
    *, user: User, on: datetime.date | None = None, status: str = UnitStatus.CURRENT
) -> QuerySet[Unit]:
    """The units in the organisation's order: by default those in force today; ``on`` another day, and
    ``status`` ``ENDED`` for the history (units that had ceased by then) or ``ALL``."""
    queryset = (
        restrict(Unit.objects.in_organisation_order(), user, Action.VIEW)
        .select_related("parent", "successor")
        .prefetch_related(Prefetch("predecessors", queryset=Unit.objects.in_organisation_order()))
        .annotate(child_count=Count("children"))
    )
    return in_period(queryset, on=on or timezone.localdate(), status=status)


def unit_detail(*, user: User) -> QuerySet[Unit]:
    """Every unit the user may see, whatever its period, with what a unit's page shows of its relations."""
    return unit_list(user=user, status=UnitStatus.ALL).prefetch_related(
        Prefetch("children", queryset=Unit.objects.in_organisation_order())
    )


def counterpart_list(*, user: User) -> QuerySet[Counterpart]:
    return restrict(Counterpart.objects.all(), user, Action.VIEW).order_by("name")


def unit_by_code(*, user: User, code: str) -> Unit | None:
    """The unit with that code, in force or not."""
    return unit_list(user=user, status=UnitStatus.ALL).filter(code=code).first()


def units_by_id(*, user: User, ids: Iterable[int]) -> QuerySet[Unit]:
    """The units with these ids that the user may see, by name (a user's own units, for example)."""
    return restrict(Unit.objects.all(), user, Action.VIEW).filter(pk__in=list(ids)).order_by("name")
