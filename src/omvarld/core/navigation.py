"""The main navigation. Each capability adds its entry here; an entry shows only to those who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omvarld.accounts.permissions import Action, User, can


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    model: Callable[[], type[models.Model]] | None = None

    def visible_to(self, user: User) -> bool:
        return self.model is None or can(user, Action.VIEW, self.model())


def _unit() -> type[models.Model]:
    from omvarld.organisation.models import Unit

    return Unit


def _counterpart() -> type[models.Model]:
    from omvarld.organisation.models import Counterpart

    return Counterpart


def _audit_entry() -> type[models.Model]:
    from omvarld.audit.models import AuditEntry

    return AuditEntry


MAIN_NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Start"), "home"),
    NavItem(_("Organisation"), "organisation:unit_list", _unit),
    NavItem(_("Counterparts"), "organisation:counterpart_list", _counterpart),
    NavItem(_("Audit log"), "audit:entry_list", _audit_entry),
)


def navigation_for(user: User) -> list[NavItem]:
    return [item for item in MAIN_NAVIGATION if item.visible_to(user)]
