"""What the audit log does when core announces a restore (``core.signals``): core sits below the log and
does not import it. The receivers stay thin: they call the log's writer."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from omvarld.audit import events
from omvarld.audit.services import audit_event, audit_writers_wait
from omvarld.core import signals


@receiver(signals.restore_starting, dispatch_uid="omvarld.audit.restore_starting")
def wait_for_writers(sender: Any, **kwargs: Any) -> None:
    audit_writers_wait()


@receiver(signals.database_restored, dispatch_uid="omvarld.audit.database_restored")
def record_restore(
    sender: Any, operator: str, backup_name: str, sha256: str, details: dict[str, Any], **kwargs: Any
) -> None:
    audit_event(
        actor=None,
        actor_name=operator,
        event=events.BACKUP_RESTORED,
        object_id=sha256,
        object_repr=backup_name,
        data=details,
    )
