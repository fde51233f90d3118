"""``core.permissions``: the layers below ``accounts`` ask the permission point that settings name."""

from __future__ import annotations

import pytest
from django.conf import settings

from omvarld.accounts import permissions as accounts_permissions
from omvarld.accounts.models import Role, RoleAssignment
from omvarld.audit.models import AuditEntry
from omvarld.core import permissions
from omvarld.core.errors import PermissionDenied
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import counterpart_create


def test_the_point_settings_name_is_accounts_permissions_and_answers_every_question() -> None:
    assert settings.OMVARLD_PERMISSION_POINT == "omvarld.accounts.permissions"
    point = permissions.permission_point()
    assert point is accounts_permissions
    for question in ("can", "restrict", "unit_id_of"):
        assert callable(getattr(point, question)), question
    assert accounts_permissions.Action is permissions.Action


def test_an_object_belongs_to_the_unit_its_kind_names(make_user, units) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    assignment = RoleAssignment.objects.get(user=officer)
    counterpart = counterpart_create(actor=None, name="Riga stad", type="city", country="LV", city="Riga")
    assert permissions.unit_id_of(units["MHN"]) == units["MHN"].pk  # a unit belongs to itself
    assert permissions.unit_id_of(assignment) == units["MHN"].pk
    assert permissions.unit_id_of(counterpart) is None


def test_the_questions_get_the_answers_of_accounts_permissions(make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    reader = make_user(Role.READER)
    assert permissions.can(officer, permissions.Action.CREATE, Counterpart)
    assert not permissions.can(reader, permissions.Action.CREATE, Counterpart)
    with pytest.raises(PermissionDenied):
        permissions.require(reader, permissions.Action.CREATE, Counterpart)
    everything = AuditEntry.objects.count()
    view = permissions.Action.VIEW
    assert permissions.restrict(AuditEntry.objects.all(), reader, view).count() == everything
    mine = permissions.restrict(AuditEntry.objects.all(), officer, view)
    assert 0 < mine.count() < everything
