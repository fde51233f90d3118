"""Fixtures shared by the whole suite: the real Stockholm organisation and users in each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from tests.factories import TEST_PASSWORD

from omvarld.accounts.models import Role, User
from omvarld.accounts.services import role_assign, user_create
from omvarld.organisation.models import Unit
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

__all__ = ["TEST_PASSWORD"]


@pytest.fixture
def units(db: None) -> dict[str, Unit]:
    """The city's units, loaded from the bundled file the way ``omvarld load_units`` does."""
    units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    return {unit.code: unit for unit in Unit.objects.all()}


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(units: dict[str, Unit]) -> MakeUser:
    """Create a user holding one role (in a unit, for officers and secretaries)."""
    counter = iter(range(1, 10_000))

    def make(role: Role | None = None, unit_code: str | None = None, username: str | None = None) -> User:
        name = username or f"{role.value if role else 'norole'}{next(counter)}"
        user = user_create(actor=None, username=name, password=TEST_PASSWORD, check_password_strength=False)
        if role is not None:
            role_assign(actor=None, user=user, role=role, unit=units[unit_code] if unit_code else None)
        return user

    return make


@pytest.fixture(autouse=True)
def _test_settings(
    request: pytest.FixtureRequest, settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Production settings that tests replace.

    Static files are served from the source tree (production serves a hashed, collected copy); Argon2,
    deliberately slow, gives way to a fast hasher except in tests marked ``argon2``; and each test has a
    data folder of its own, so that a maintenance flag or the undo copies of a restore stay in it.
    """
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    """Each test starts in Swedish, as a command does: a request in English (the language switch) leaves
    its language active in the thread, and services word their refusals in the active language."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


# --- The shared test bases (tests/bases.py): one case per role, and no case where a check cannot apply ---


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "omvarld_not_applicable: a shared check that does not apply to its class (deselected)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    from tests.bases import NOT_APPLICABLE, role_id

    roles_for = getattr(metafunc.cls, "roles_for", None)
    if roles_for is None or not hasattr(metafunc.function, "omvarld_roles"):
        return
    roles = roles_for(metafunc.function)
    if roles:
        metafunc.parametrize("role", roles, ids=[role_id(role) for role in roles])
    else:
        metafunc.parametrize("role", [pytest.param(None, marks=NOT_APPLICABLE)], ids=["not-applicable"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    inapplicable = [item for item in items if item.get_closest_marker("omvarld_not_applicable")]
    if inapplicable:
        config.hook.pytest_deselected(items=inapplicable)
        items[:] = [item for item in items if not item.get_closest_marker("omvarld_not_applicable")]
