"""Writing the audit log, as a hash chain. Only services call this, inside their own transaction.

A service that creates, changes or deletes a model calls ``create_with_audit``, ``update_with_audit`` or
``delete_with_audit``: each does the whole sequence (snapshot, change, compare, save, record), and writes no
entry when nothing changed. ``audit_record`` records one change the caller made itself; ``audit_event``
records an event that changes no object's fields (a sign-in, an unlock, a restore). Every entry names its
event (``audit.events``).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from omvarld.audit import events
from omvarld.audit.chain import values_digest
from omvarld.audit.events import AuditEvent
from omvarld.audit.models import AuditAction, AuditChainHead, AuditEntry
from omvarld.core import bulk
from omvarld.core.context import current_channel
from omvarld.core.maintenance import refuse_writes_during_maintenance
from omvarld.core.permissions import unit_id_of
from omvarld.core.sensitive import SECRET_FIELD_NAMES


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):  # a stored file is history by its name in the storage
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# Values that are JSON as they are.
_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})


@cache
def _history_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """The (name, attribute) of each field a snapshot records: every concrete field but a secret."""
    return tuple(
        (field.name, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in SECRET_FIELD_NAMES  # a password hash is not history
    )


@cache
def _history_attnames(model: type[models.Model]) -> dict[str, str]:
    return dict(_history_fields(model))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored values as JSON-ready data: foreign keys by id, dates as ISO text."""
    data: dict[str, Any] = {}
    for name, attname in _history_fields(type(obj)):
        value = getattr(obj, attname)
        data[name] = value if type(value) in _AS_THEY_ARE else _plain(value)
    return data


def snapshot_changed(base: Mapping[str, Any], obj: models.Model, names: Collection[str]) -> dict[str, Any]:
    """``snapshot(obj)`` for an object that differs from the one ``base`` was taken of only in the fields
    ``names``: those read again, the rest copied (a bulk writer snapshots each step of many objects)."""
    data = dict(base)
    attnames = _history_attnames(type(obj))
    for name in names:
        value = getattr(obj, attnames[name])
        data[name] = value if type(value) in _AS_THEY_ARE else _plain(value)
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


def _entry_values(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    actor_name: str | None = None,
    event: AuditEvent,
    object_type: str,
    object_id: str,
    object_repr: str,
    unit_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    data: Mapping[str, Any] | None,
    previous_hash: str,
) -> dict[str, Any]:
    """A new entry's values by attribute name, chained to ``previous_hash`` (its ``entry_hash`` included),
    its event and data checked against the event's declaration."""
    if object_type != event.object_type:
        raise ValueError(f"The audit event {event.name} is about {event.object_type}, not {object_type}.")
    given = set(data or {})
    if given != set(event.data):
        raise ValueError(f"The audit event {event.name} carries {sorted(event.data)}, not {sorted(given)}.")
    values = {
        "timestamp": timezone.now(),
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "actor_name": (actor_name or _actor_name(actor))[:200],
        "channel": current_channel().value,
        "action": event.action,
        "event": event.name,
        "object_type": object_type,
        "object_id": object_id[:64],
        "object_repr": object_repr[:300],
        "unit_id": unit_id,
        "before": before,
        "after": after,
        "data": _plain(dict(data or {})),
        "previous_hash": previous_hash,
    }
    values["entry_hash"] = values_digest(values)
    return values


@transaction.atomic
def _append(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    actor_name: str | None = None,
    event: AuditEvent,
    object_type: str,
    object_id: str,
    object_repr: str,
    unit_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    data: Mapping[str, Any] | None,
) -> AuditEntry:
    """Append one entry to the hash chain.

    The head row is locked before the entry's time and predecessor are read, so entries are chained in
    the order they are written, even with concurrent writers; the lock lasts until the caller's
    transaction commits. While a restore runs, the write is refused here, inside the transaction, so
    that no change can slip in between the maintenance flag and the restore (core.maintenance).
    """
    head = _chain_head()
    refuse_writes_during_maintenance()
    values = _entry_values(
        actor=actor,
        actor_name=actor_name,
        event=event,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        unit_id=unit_id,
        before=before,
        after=after,
        data=data,
        previous_hash=head.head_hash,
    )
    entry = AuditEntry(**values)
    entry.save()
    head.head_hash = entry.entry_hash
    head.last_entry_id = entry.pk
    head.entries += 1
    head.save(update_fields=["head_hash", "last_entry_id", "entries"])
    return entry


def _event(event: AuditEvent | str | None, action: AuditAction | None, object_type: str) -> AuditEvent:
    """The event to record: the one named, or the plain one of ``action`` (``counterpart.updated``)."""
    if event is None:
        if action is None:
            raise ValueError("Name the audit event (event=events.…) or the action of a plain change.")
        return events.for_change(object_type, action)
    declared = events.get(event) if isinstance(event, str) else event
    if declared is not events.EVENTS.get(declared.name):
        raise events.UnknownAuditEvent(f"The audit event {declared.name} is not declared in audit.events.")
    if action is not None and action != declared.action:
        raise ValueError(f"The audit event {declared.name} is the action {declared.action}, not {action}.")
    return declared


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | None = None,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    unit_id: int | None = None,
    event: AuditEvent | str | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry about ``obj``. ``before`` is None for a creation, ``after`` None for a deletion.

    ``event`` is what happened (``audit.events``); without it, ``action`` names a plain creation, change
    or deletion and the event is ``<model_name>.created`` (``.updated``, ``.deleted``). ``data`` is what
    the event carries. The entry is filed under the unit the object belongs to
    (``core.permissions.unit_id_of``: ``UNIT_FIELDS`` of the permission point); ``unit_id`` is still
    accepted from older callers, and must then agree.

    Prefer the helpers below, which take the snapshots, compare and save as well.
    """
    declared = _event(event, action, obj._meta.label_lower)
    own_unit = unit_id_of(obj)
    if unit_id is not None and own_unit is not None and unit_id != own_unit:
        raise ValueError(f"{obj._meta.label} {obj.pk} belongs to unit {own_unit}, not {unit_id}.")
    return _append(
        actor=actor,
        event=declared,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj),
        unit_id=own_unit if own_unit is not None else unit_id,
        before=before,
        after=after,
        data=data,
    )


def audit_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | None = None,
    event: AuditEvent | str | None = None,
    object_type: str | None = None,
    object_id: str = "",
    object_repr: str,
    data: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditEntry:
    """Append one entry for an event that does not change one object's fields.

    Sign-ins, lockouts, unlocks, password changes and restores: ``data`` holds what the event carries (an
    address, a count, a file and its checksum), never a secret; ``details`` is its older name.
    ``object_type`` defaults to the event's. Without ``event``, the one event declared for ``action`` on
    ``object_type`` is used. ``actor_name`` names an actor who is no Omvärld user (the operating-system
    account that ran a restore, the name someone tried to sign in with).
    """
    if data is not None and details is not None:
        raise ValueError("Pass the event's data once: data= (details= is its older name).")
    if event is None:
        if action is None or object_type is None:
            raise ValueError("Name the audit event (event=events.…).")
        candidates = [
            declared
            for declared in events.EVENTS.values()
            if declared.object_type == object_type and declared.action == action
        ]
        if len(candidates) != 1:
            raise events.UnknownAuditEvent(f"Name the audit event of {action} on {object_type}.")
        event = candidates[0]
    declared = _event(event, action, object_type or "")
    return _append(
        actor=actor,
        actor_name=actor_name,
        event=declared,
        object_type=object_type or declared.object_type,
        object_id=object_id,
        object_repr=object_repr,
        unit_id=None,
        before=None,
        after=None,
        data=data if data is not None else details,
    )


# --- The sequence every service repeats ------------------------------------------------------------------


def create_with_audit[M: models.Model](
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    obj: M,
    event: AuditEvent | None = None,
    data: Mapping[str, Any] | None = None,
) -> M:
    """Save the new, unsaved ``obj`` and record its creation, with its stored values as ``after``."""
    if obj.pk is not None and not obj._state.adding:
        raise ValueError(f"{obj._meta.label} {obj.pk} is saved already; create_with_audit creates.")
    obj.save(force_insert=True)
    audit_record(
        actor=actor,
        action=None if event else AuditAction.CREATE,
        event=event,
        obj=obj,
        before=None,
        after=snapshot(obj),
        data=data,
    )
    return obj


def update_with_audit(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    obj: models.Model,
    values: Mapping[str, Any],
    event: AuditEvent | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry | None:
    """Snapshot, change, compare, save, audit: set ``values`` (field name → value) on ``obj``, and if that
    changed any stored value, save the changed fields and record the change with before and after.

    Returns the entry, or None when nothing changed: then nothing is saved and no entry is written. The
    caller has checked the permission, locked the row (``select_for_update``) and validated the values.
    """
    fields = {field.name: field for field in obj._meta.concrete_fields}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValueError(f"{obj._meta.label} has no fields {', '.join(unknown)}.")
    secret = sorted(set(values) & SECRET_FIELD_NAMES)
    if secret:
        # A secret never enters the log, so its change would compare as no change: record it as an event.
        raise ValueError(f"{', '.join(secret)} is secret; change it in a service that records its event.")
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    after = snapshot(obj)
    if after == before:
        return None
    changed = [name for name in fields if name in values and before.get(name) != after.get(name)]
    obj.save(update_fields=changed or None)
    return audit_record(
        actor=actor,
        action=None if event else AuditAction.UPDATE,
        event=event,
        obj=obj,
        before=before,
        after=after,
        data=data,
    )


def delete_with_audit(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    obj: models.Model,
    event: AuditEvent | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record ``obj``'s last stored values as ``before``, then delete it."""
    entry = audit_record(
        actor=actor,
        action=None if event else AuditAction.DELETE,
        event=event,
        obj=obj,
        before=snapshot(obj),
        after=None,
        data=data,
    )
    obj.delete()
    return entry


# --- Many entries at once (an import) -------------------------------------------------------------------

# One entry to append: what happened, the object, its values before and after, and the event's data.
Recorded = tuple[
    AuditEvent, models.Model, dict[str, Any] | None, dict[str, Any] | None, Mapping[str, Any] | None
]


class AuditAppender:
    """``audit_record`` for many changes at once, in one transaction: the entries it would append one by
    one, in the order given, each checked against its event's declaration and filed under its object's
    unit. The chain's head is locked when the appender is made (so nobody else appends meanwhile) and
    moved on by ``close``, which the caller must call before its transaction ends.

    For an import, which writes many objects in one transaction and records each change its services
    would have recorded, with the same before and after (``imports.services``): its entries are written as
    rows (``core.bulk``), by the import's copier when it gives one, with ids it took beforehand."""

    def __init__(self, *, actor: AbstractBaseUser | AnonymousUser | None) -> None:
        self.actor = actor
        self._head = _chain_head()
        refuse_writes_during_maintenance()
        self._previous = self._head.head_hash
        self._written = 0
        self._last_id: int | None = None

    def record(
        self,
        records: Sequence[Recorded],
        *,
        ids: Sequence[int] | None = None,
        copier: bulk.Copier | None = None,
    ) -> None:
        entries = []
        previous = self._previous
        for event, obj, before, after, data in records:
            declared = _event(event, None, obj._meta.label_lower)
            entry = _entry_values(
                actor=self.actor,
                event=declared,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj),
                unit_id=unit_id_of(obj),
                before=before,
                after=after,
                data=data,
                previous_hash=previous,
            )
            previous = entry["entry_hash"]
            entries.append(entry)
        if not entries:
            return
        written = bulk.insert_values(AuditEntry, entries, ids=ids, copier=copier)
        self._previous = previous
        self._written += len(entries)
        self._last_id = written[-1]

    def close(self) -> None:
        if not self._written:
            return
        head = self._head
        head.head_hash = self._previous
        head.last_entry_id = self._last_id
        head.entries += self._written
        head.save(update_fields=["head_hash", "last_entry_id", "entries"])
        self._written = 0


def audit_record_many(*, actor: AbstractBaseUser | AnonymousUser | None, records: Sequence[Recorded]) -> None:
    """``audit_record`` for many changes at once, under one lock of the chain's head (``AuditAppender``)."""
    if not records:
        return
    appender = AuditAppender(actor=actor)
    appender.record(records)
    appender.close()
