"""Writing the audit log. Only services call this, inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.core.context import current_channel
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
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
        channel=current_channel().value,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit_id=unit_id,
        before=before,
        after=after,
    )
