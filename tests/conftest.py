"""Fixtures shared by the whole suite: the real Stockholm organisation and users in each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from omvarld.accounts.models import Role, User
from omvarld.accounts.services import role_assign, user_create
from omvarld.organisation.models import Unit
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

TEST_PASSWORD = "ett-långt-testlösenord-2026"


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
