"""The register's filters read what they are given as the schema says, and refuse the rest."""

from __future__ import annotations

import pytest

from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["2020", " 2020 ", ""])
def test_a_year_in_digits_is_read(year) -> None:
    assert EngagementFilterSet({"year": year}, queryset=Engagement.objects.all()).is_valid()


@pytest.mark.parametrize("year", ["2020.5", "2020.0", "٢٠٢٠", "2e3", "tjugo", "1899", "3000"])
def test_a_year_otherwise_written_or_out_of_range_is_refused(year) -> None:
    filters = EngagementFilterSet({"year": year}, queryset=Engagement.objects.all())
    assert not filters.is_valid()
    assert list(filters.errors) == ["year"]
