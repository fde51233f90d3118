"""The filters shared by the lists and the API."""

from __future__ import annotations

import pytest
from tests.factories import UnitFactory

from omvarld.organisation.filtersets import unit_choices
from omvarld.organisation.models import Unit, UnitType

pytestmark = pytest.mark.django_db


def test_the_unit_choices_are_the_units_in_the_organisations_order() -> None:
    # Every type, declared out of order, with names that sort across the types and a name shared by two
    # units (then the code decides), Swedish letters included.
    names = ["Östermalm", "Älvsjö", "Åby", "Bromma", "bromma", "Aktiebolaget", "Åby"]
    for number, unit_type in enumerate(reversed(UnitType.values)):
        for name in names[number % 3 : number % 3 + 3]:
            UnitFactory(name=name, type=unit_type)

    expected = list(Unit.objects.in_organisation_order().values_list("code", "name"))

    assert unit_choices() == expected
    assert len(expected) == 3 * len(UnitType.values)
