"""The main navigation. Each capability adds its entry here; an entry shows only to those who may use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omvarld.accounts.permissions import Action, User, can
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Resource
from omvarld.engagements.models import Engagement
from omvarld.jobs.models import Job
from omvarld.organisation.models import Counterpart, Unit
from omvarld.strategy.resources import GUIDELINES


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    model: type[models.Model] | Resource | None = None

    def visible_to(self, user: User) -> bool:
        return self.model is None or can(user, Action.VIEW, self.model)


MAIN_NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Start"), "home"),
    NavItem(_("Register"), "engagements:engagement_list", Engagement),
    NavItem(_("To follow up"), "engagements:due_list", Engagement),
    NavItem(_("Strategy"), "strategy:index", GUIDELINES),
    NavItem(_("Organisation"), "organisation:unit_list", Unit),
    NavItem(_("Counterparts"), "organisation:counterpart_list", Counterpart),
    NavItem(_("Audit log"), "audit:entry_list", AuditEntry),
    NavItem(_("Background jobs"), "jobs:job_list", Job),
)


def navigation_for(user: User) -> list[NavItem]:
    return [item for item in MAIN_NAVIGATION if item.visible_to(user)]
