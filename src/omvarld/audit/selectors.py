from django.db.models import QuerySet

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.audit.models import AuditEntry


def audit_entry_list(*, user: User) -> QuerySet[AuditEntry]:
    return (
        restrict(AuditEntry.objects.all(), user, Action.VIEW)
        .select_related("unit")
        .order_by("-timestamp", "-id")
    )


def history_of(*, user: User, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """One object's full history, oldest first."""
    return (
        audit_entry_list(user=user)
        .filter(object_type=object_type, object_id=object_id)
        .order_by("timestamp", "id")
    )
