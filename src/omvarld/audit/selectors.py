"""Reading the audit log, restricted to what the user may see.

The audit log sits below ``accounts`` (CONTRIBUTING.md, "Layers"), so it asks the permission point through
``core.permissions``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.core.permissions import Action, User, restrict


def audit_entry_list(*, user: User) -> QuerySet[AuditEntry]:
    return (
        restrict(AuditEntry.objects.all(), user, Action.VIEW)
        .select_related("unit")
        .order_by("-timestamp", "-id")
    )


def recent_changes(*, user: User, limit: int) -> QuerySet[AuditEntry]:
    """The latest changes to the register the user may see: creations, changes and deletions, no sign-ins."""
    return audit_entry_list(user=user).filter(action__in=AuditAction.data_changes())[:limit]


def history_of(*, user: User, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """One object's full history, oldest first."""
    return (
        audit_entry_list(user=user)
        .filter(object_type=object_type, object_id=object_id)
        .order_by("timestamp", "id")
    )
