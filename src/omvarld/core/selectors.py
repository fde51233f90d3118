"""What the start page shows, by role."""

from __future__ import annotations

from dataclasses import dataclass, field

from omvarld.accounts import permissions
from omvarld.accounts.models import Role
from omvarld.accounts.permissions import Action, User
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.organisation.models import Counterpart, Unit


@dataclass
class StartPage:
    roles: list[Role]
    units: list[Unit]
    unit_count: int = 0
    counterpart_count: int = 0
    recent_changes: list[AuditEntry] = field(default_factory=list)


def start_page(*, user: User) -> StartPage:
    held = permissions.describe(user)
    unit_ids = {unit_id for entry in held for unit_id in entry["units"]}
    page = StartPage(
        roles=[entry["role"] for entry in held],
        units=list(Unit.objects.filter(pk__in=unit_ids).order_by("name")),
    )
    page.unit_count = permissions.restrict(Unit.objects.all(), user, Action.VIEW).count()
    page.counterpart_count = permissions.restrict(Counterpart.objects.all(), user, Action.VIEW).count()
    # Changes to the register, not the sign-ins that now fill most of the log.
    page.recent_changes = list(
        permissions.restrict(AuditEntry.objects.all(), user, Action.VIEW)
        .filter(action__in=AuditAction.data_changes())
        .order_by("-timestamp", "-id")[:8]
    )
    return page
