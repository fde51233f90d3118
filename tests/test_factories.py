"""Every model has a factory (``tests/factories.py``), and each factory makes a row its model accepts."""

from __future__ import annotations

import pytest
from django.apps import apps
from tests.factories import FACTORIES

OUR_APPS = ("omvarld.", "tests.")


def _our_models() -> list[type]:
    return [model for model in apps.get_models() if model.__module__.startswith(OUR_APPS)]


def test_every_model_of_omvarld_and_the_test_app_has_a_factory() -> None:
    missing = [model._meta.label for model in _our_models() if model not in FACTORIES]
    assert not missing, f"add a factory to tests/factories.py for {missing}"


@pytest.mark.parametrize("factory", FACTORIES.values(), ids=lambda factory: factory.__name__)
def test_each_factory_makes_a_row_that_validates_and_is_stored(db, factory) -> None:
    obj = factory()
    obj.full_clean()
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("factory", FACTORIES.values(), ids=lambda factory: factory.__name__)
def test_each_factory_makes_distinct_rows_when_called_twice(db, factory) -> None:
    first, second = factory(), factory()
    # The chain has one head, which the factory finds rather than duplicates.
    assert (first.pk == second.pk) is (factory._meta.django_get_or_create == ("id",))
