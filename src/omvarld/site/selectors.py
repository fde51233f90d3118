"""What the start page shows, by role: asked of each app's own selectors, never of their models."""

from __future__ import annotations

from dataclasses import dataclass, field

from omvarld.accounts import permissions
from omvarld.accounts.models import Role
from omvarld.accounts.permissions import User
from omvarld.audit import selectors as audit_selectors
from omvarld.audit.models import AuditEntry
from omvarld.engagements import selectors as engagement_selectors
from omvarld.organisation import selectors as organisation_selectors
from omvarld.organisation.models import Unit

RECENT_CHANGES = 8
# The roles whose start page is the city-wide overview.
CITY_WIDE_ROLES = frozenset({Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR})


@dataclass
class StartPage:
    roles: list[Role]
    units: list[Unit]
    unit_count: int = 0
    counterpart_count: int = 0
    recent_changes: list[AuditEntry] = field(default_factory=list)
    my_open_matters: int = 0
    queues: list[tuple[Unit, int]] = field(default_factory=list)
    # Every body's queue that the user may see (the city-wide roles' overview).
    waiting: list[tuple[Unit, int]] = field(default_factory=list)
    engagement_count: int = 0


def start_page(*, user: User) -> StartPage:
    held = permissions.describe(user)
    unit_ids = {unit_id for entry in held for unit_id in entry["units"]}
    city_wide = any(entry["role"] in CITY_WIDE_ROLES for entry in held)
    return StartPage(
        roles=[entry["role"] for entry in held],
        units=list(organisation_selectors.units_by_id(user=user, ids=unit_ids)),
        unit_count=organisation_selectors.unit_list(user=user).count(),
        counterpart_count=organisation_selectors.counterpart_list(user=user).count(),
        # Changes to the register, not the sign-ins that fill most of the log.
        recent_changes=list(audit_selectors.recent_changes(user=user, limit=RECENT_CHANGES)),
        my_open_matters=engagement_selectors.my_open_matters(user=user).count(),
        queues=engagement_selectors.queues_to_decide(user=user),
        waiting=engagement_selectors.queues(user=user) if city_wide else [],
        engagement_count=engagement_selectors.engagement_list(user=user).count(),
    )
