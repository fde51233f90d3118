"""The shared test bases (``tests/bases.py``), run on the test app's matter — a resource that belongs to
units, so that every check has something to find — and shown to fail on a declaration that is wrong."""

from __future__ import annotations

from typing import ClassVar

import pytest
from tests.bases import (
    ALL_ROLES,
    HOME_UNIT,
    DetailPageTests,
    ListEndpointTests,
    ListPageTests,
    ResourceTests,
    RetrieveEndpointTests,
)
from tests.organisation.resources import CounterpartResource
from tests.testapp.models import Matter

from omvarld.accounts.models import Role
from omvarld.core.permissions import Action


class MatterResource(ResourceTests):
    """Officers and secretaries see the matters of their own units; the city-wide roles see them all."""

    model = Matter
    unit_field = "unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})


class TestMatterPages(ListPageTests, DetailPageTests, MatterResource):
    list_url = "/test/matters/"


class TestMatterEndpoints(ListEndpointTests, RetrieveEndpointTests, MatterResource):
    api_url = "/api/test/matters/"


# --- The bases fail when a declaration does not match what the system does ---


class WronglyOpenMatterPages(ListPageTests, DetailPageTests, MatterResource):
    """Claims that a user without a role may read matters, and that an officer sees every unit's."""

    __test__ = False
    list_url = "/test/matters/"
    allowed: ClassVar = {Action.VIEW: frozenset({*ALL_ROLES, None})}
    unit_scoped = frozenset()


class CounterpartsClaimedToBelongToUnits(ListPageTests, CounterpartResource):
    """Claims that an officer sees only some counterparts, though counterparts belong to no unit."""

    __test__ = False
    list_url = "/organisation/counterparts/"
    unit_scoped = frozenset({Role.OFFICER})


def test_a_role_declared_allowed_but_refused_fails_the_check(make_user) -> None:
    with pytest.raises(AssertionError):
        WronglyOpenMatterPages().test_the_list_page_answers_the_roles_allowed_and_refuses_the_others(
            make_user, None
        )


def test_a_reach_declared_limited_but_not_limited_fails_the_check(make_user) -> None:
    with pytest.raises(AssertionError):
        CounterpartsClaimedToBelongToUnits().test_the_list_page_leaves_out_what_lies_outside_the_users_units(
            make_user, Role.OFFICER
        )


def test_a_check_runs_once_for_each_role_it_concerns() -> None:
    list_check = TestMatterPages.test_the_list_page_answers_the_roles_allowed_and_refuses_the_others
    reach_check = TestMatterPages.test_the_list_page_leaves_out_what_lies_outside_the_users_units
    assert TestMatterPages.roles_for(list_check) == [*Role, None]
    assert TestMatterPages.roles_for(reach_check) == [Role.OFFICER, Role.SECRETARY]
    # Counterparts belong to no unit: the check does not apply, and is left out of the collection.
    assert CounterpartResource.roles_for(reach_check) == []


def test_the_home_unit_is_where_unit_bound_roles_are_held(make_user) -> None:
    officer = ResourceTests.user(make_user, Role.OFFICER)
    assert [assignment.unit.code for assignment in officer.role_assignments.all()] == [HOME_UNIT]
