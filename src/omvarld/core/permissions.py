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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Resource:
    """What the permission point answers for that is no model: a page that looks across models, such as the
    strategy's study pages or a what-if over the whole register. ``label`` is its key in the rules table, as
    a model's ``app_label.model_name`` is. It is asked about as a model is (may the user do the action to
    some of it?); what such a page then shows of the models comes from their own selectors."""

    label: str

    def __str__(self) -> str:
        return self.label


Target = models.Model | type[models.Model] | Resource


class PermissionPoint(Protocol):
    """What the module named by ``OMVARLD_PERMISSION_POINT`` provides (``accounts.permissions`` does)."""

    def can(self, user: User, action: Action, target: Target) -> bool: ...

    def restrict[M: models.Model](
        self, queryset: models.QuerySet[M], user: User, action: Action
    ) -> models.QuerySet[M]: ...

    def unit_id_of(self, obj: models.Model) -> int | None: ...


@functools.cache
def _load(path: str) -> PermissionPoint:
    return cast(PermissionPoint, import_module(path))


def permission_point() -> PermissionPoint:
    return _load(settings.OMVARLD_PERMISSION_POINT)


def can(user: User, action: Action, target: Target) -> bool:
    """May ``user`` do ``action`` to ``target`` (an object, a model: to some object of it, or a resource)?"""
    return permission_point().can(user, action, target)


def require(user: User, action: Action, target: Target) -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDenied()


def restrict[M: models.Model](queryset: models.QuerySet[M], user: User, action: Action) -> models.QuerySet[M]:
    """Narrow ``queryset`` to the objects ``user`` may do ``action`` to."""
    return permission_point().restrict(queryset, user, action)


def unit_id_of(obj: models.Model) -> int | None:
    """The id of the unit ``obj`` belongs to, or None for what belongs to no unit (a counterpart)."""
    return permission_point().unit_id_of(obj)
