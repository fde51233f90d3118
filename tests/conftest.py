"""Fixtures shared by the whole suite: the real Stockholm organisation and users in each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, models, transaction
from django.utils import timezone, translation
from tests.factories import TEST_PASSWORD

from omvarld.accounts.models import Role, User
from omvarld.accounts.services import role_assign, user_create
from omvarld.audit.chain import entry_digest
from omvarld.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from omvarld.core.context import Channel, current_channel
from omvarld.organisation.models import Unit
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

__all__ = ["TEST_PASSWORD"]


@dataclass(frozen=True)
class _LoadedUnits:
    """What ``units_load_file`` writes into an empty database, kept to be written again per test."""

    language: str
    channel: Channel
    units: list[Unit]
    entries: list[AuditEntry]


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _pristine() -> bool:
    """Nothing yet that the load would find or chain to: no unit, no audit entry, the chain at genesis."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return (
        not Unit.objects.exists()
        and not AuditEntry.objects.exists()
        and (head is None or (head.head_hash == GENESIS_HASH and head.entries == 0))
    )


def _fresh[M: models.Model](row: M) -> M:
    """A new, unsaved instance with ``row``'s stored values (ids included)."""
    model = type(row)
    return model(**{field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields})


@pytest.fixture(scope="session")
def units_loaded_once(django_db_setup: None, django_db_blocker: Any) -> _LoadedUnits | None:
    """Load the bundled units once, through the real service, and keep the rows it wrote.

    Loading them is some 60 audited writes, and most tests start with them: writing the rows straight
    back (``units`` below) costs a few queries instead. The load runs in a transaction that is rolled back;
    if it wrote anything but units and their audit entries, the copy would not be faithful, so ``units``
    then loads the file in every test as before (None).
    """
    with (
        django_db_blocker.unblock(),
        translation.override(django_settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        if not _pristine():
            return None
        before = _row_counts()
        units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
        after = _row_counts()
        written = {label for label in after if after[label] != before[label]}
        loaded = _LoadedUnits(
            language=translation.get_language(),
            channel=current_channel(),
            units=list(Unit.objects.order_by("pk")),
            entries=list(AuditEntry.objects.order_by("pk")),
        )
        transaction.set_rollback(True)
    return (
        loaded if written <= {Unit._meta.label, AuditEntry._meta.label, AuditChainHead._meta.label} else None
    )


def _write_loaded_units(loaded: _LoadedUnits) -> None:
    """Write the kept rows as the load would now: same ids and values, entries stamped now and chained."""
    Unit.objects.bulk_create([_fresh(unit) for unit in loaded.units])
    # As if the load had just finished: its last entry now, the others as long before as they were.
    shift = timezone.now() - loaded.entries[-1].timestamp
    previous = GENESIS_HASH
    entries = []
    for kept in loaded.entries:
        entry = _fresh(kept)
        entry.timestamp = kept.timestamp + shift
        entry.previous_hash = previous
        entry.entry_hash = previous = entry_digest(entry)
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries)
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"head_hash": previous, "last_entry_id": entries[-1].pk, "entries": len(entries)}
    )
    if connection.vendor == "postgresql":
        # Rows inserted with their ids do not move the id sequences: move them past the ids, never back.
        with connection.cursor() as cursor:
            for model in (Unit, AuditEntry):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
                (sequence,) = cursor.fetchone()
                cursor.execute(
                    f"SELECT setval(%s, GREATEST((SELECT MAX(id) FROM {table}), last_value)) FROM {sequence}",  # noqa: S608
                    [sequence],
                )


@pytest.fixture
def units(units_loaded_once: _LoadedUnits | None, db: None) -> dict[str, Unit]:
    """The city's units, loaded from the bundled file the way ``omvarld load_units`` does.

    In a test that has written no unit and no audit entry yet, in the session's language and channel,
    the rows of the session's one real load are written instead (``units_loaded_once``): the same units, and
    the same audit entries stamped now, chained from the genesis hash.
    """
    if (
        units_loaded_once is not None
        and _pristine()
        and translation.get_language() == units_loaded_once.language
        and current_channel() == units_loaded_once.channel
    ):
        _write_loaded_units(units_loaded_once)
    else:
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
