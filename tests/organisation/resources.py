"""What the organisation's pages and endpoints declare to the shared test bases (``tests/bases.py``)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from tests.bases import ALL_ROLES, ResourceTests
from tests.factories import AuditEntryFactory, UnitFactory

from omvarld.accounts.models import Role
from omvarld.core.permissions import Action
from omvarld.organisation.models import Counterpart, Unit

EDITORS = frozenset({Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR})


class UnitResource(ResourceTests):
    """Everyone with a role sees the whole organisation; only administrators change it (in the admin)."""

    model = Unit
    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: frozenset({Role.ADMINISTRATOR}),
        Action.CHANGE: frozenset({Role.ADMINISTRATOR}),
        Action.DELETE: frozenset({Role.ADMINISTRATOR}),
    }

    def make(self, unit: Unit) -> models.Model:
        return UnitFactory()

    def grow(self, obj: models.Model, count: int) -> None:
        # A unit's page shows its history and its sub-units.
        AuditEntryFactory.create_batch(count, obj=obj, event="unit.updated")
        UnitFactory.create_batch(count, parent=obj)


class CounterpartResource(ResourceTests):
    """Counterparts belong to no unit: every role sees them all, editors change them, few delete them."""

    model = Counterpart
    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: EDITORS,
        Action.CHANGE: EDITORS,
        Action.DELETE: frozenset({Role.COORDINATOR, Role.ADMINISTRATOR}),
    }

    def grow(self, obj: models.Model, count: int) -> None:
        # A counterpart's page shows its history.
        AuditEntryFactory.create_batch(count, obj=obj, event="counterpart.updated")

    @staticmethod
    def fields_of(counterpart: Counterpart, **changes: Any) -> dict[str, Any]:
        fields = {name: getattr(counterpart, name) for name in ("name", "type", "country", "city")}
        return fields | changes
