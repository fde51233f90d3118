"""Writing the audit log, as a hash chain. Only services call this, inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from omvarld.audit.chain import entry_digest
from omvarld.audit.models import AuditAction, AuditChainHead, AuditEntry
from omvarld.core.context import current_channel
from omvarld.core.maintenance import refuse_writes_during_maintenance
from omvarld.core.sensitive import SECRET_FIELD_NAMES


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored values as JSON-ready data: foreign keys by id, dates as ISO text."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELD_NAMES:  # a password hash is not history
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def _actor_name(actor: AbstractBaseUser | AnonymousUser | None) -> str:
    if actor is None or not actor.is_authenticated:
        return "system"
    return actor.get_username()


def _chain_head() -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (made on first use)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # After a database flush; ignore_conflicts makes two first writers agree on one row.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_writers_wait() -> None:
    """Return once every write that has begun appending to the log has committed or rolled back.

    Every audited write holds the chain head's lock until it commits; taking and releasing it here waits
    them out. A restore calls this after raising the maintenance flag: writes that come later see the flag
    under the same lock and are refused, so none can commit during the restore.
    """
    with transaction.atomic():
        _chain_head()


@transaction.atomic
def _append(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    actor_name: str | None = None,
    action: AuditAction,
    object_type: str,
    object_id: str,
    object_repr: str,
    unit_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Append one entry to the hash chain.

    The head row is locked before the entry's time and predecessor are read, so entries are chained in
    the order they are written, even with concurrent writers; the lock lasts until the caller's
    transaction commits. While a restore runs, the write is refused here, inside the transaction, so
    that no change can slip in between the maintenance flag and the restore (core.maintenance).
    """
    head = _chain_head()
    refuse_writes_during_maintenance()
    entry = AuditEntry(
        timestamp=timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_name=(actor_name or _actor_name(actor))[:200],
        channel=current_channel().value,
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        object_repr=object_repr[:300],
        unit_id=unit_id,
        before=before,
        after=after,
        previous_hash=head.head_hash,
    )
    entry.entry_hash = entry_digest(entry)
    entry.save()
    head.head_hash = entry.entry_hash
    head.last_entry_id = entry.pk
    head.entries += 1
    head.save(update_fields=["head_hash", "last_entry_id", "entries"])
    return entry


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    unit_id: int | None = None,
) -> AuditEntry:
    """Append one entry. ``before`` is None for a creation, ``after`` None for a deletion."""
    return _append(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj),
        unit_id=unit_id,
        before=before,
        after=after,
    )


def audit_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    object_type: str,
    object_id: str = "",
    object_repr: str,
    details: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditEntry:
    """Append one entry for something that is not a change of one object's fields.

    Sign-ins, lockouts, unlocks, password changes and restores: ``details`` holds what is worth keeping
    (an address, a count, a file and its checksum), never a secret. ``actor_name`` names an actor who is
    no Omvärld user (the operating-system account that ran a restore, the name someone tried to sign in
    with).
    """
    return _append(
        actor=actor,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        unit_id=None,
        before=None,
        after=_plain(details) if details is not None else None,
    )
