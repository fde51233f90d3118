"""The permission point as the layers below ``accounts`` ask it: the questions, not who answers them.

The rules live in ``accounts.permissions`` (roles, units, the rules table), and ``accounts`` sits above
``core`` and the audit log (CONTRIBUTING.md, "Layers"). What lies below it and must still ask — core's base
views and the API's permission class, the audit log's pages and its writer — asks here; the setting
``OMVARLD_PERMISSION_POINT`` names the module that answers, as ``AUTHENTICATION_BACKENDS`` names Django's
backends. Apps at or above ``accounts`` import ``accounts.permissions`` itself.

The vocabulary (``Action``, ``User``) is defined here, so that both sides share it;
``accounts.permissions`` re-exports it.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from importlib import import_module
from typing import Protocol, cast

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from omvarld.core.errors import PermissionDenied


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"


User = AbstractBaseUser | AnonymousUser


class PermissionPoint(Protocol):
    """What the module named by ``OMVARLD_PERMISSION_POINT`` provides (``accounts.permissions`` does)."""

    def can(self, user: User, action: Action, target: models.Model | type[models.Model]) -> bool: ...

    def restrict[M: models.Model](
        self, queryset: models.QuerySet[M], user: User, action: Action
    ) -> models.QuerySet[M]: ...

    def unit_id_of(self, obj: models.Model) -> int | None: ...


@functools.cache
def _load(path: str) -> PermissionPoint:
    return cast(PermissionPoint, import_module(path))


def permission_point() -> PermissionPoint:
    return _load(settings.OMVARLD_PERMISSION_POINT)


def can(user: User, action: Action, target: models.Model | type[models.Model]) -> bool:
    """May ``user`` do ``action`` to ``target`` (an object, or a model: to some object of it)?"""
    return permission_point().can(user, action, target)


def require(user: User, action: Action, target: models.Model | type[models.Model]) -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDenied()


def restrict[M: models.Model](queryset: models.QuerySet[M], user: User, action: Action) -> models.QuerySet[M]:
    """Narrow ``queryset`` to the objects ``user`` may do ``action`` to."""
    return permission_point().restrict(queryset, user, action)


def unit_id_of(obj: models.Model) -> int | None:
    """The id of the unit ``obj`` belongs to, or None for what belongs to no unit (a counterpart)."""
    return permission_point().unit_id_of(obj)
