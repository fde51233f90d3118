"""The register's window of dates, and day arithmetic that stops at the last day there is."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from omvarld.core.dates import EARLIEST, LATEST, days_after, within_window, years_after


def test_the_window_holds_its_first_and_last_days_and_nothing_beyond() -> None:
    assert within_window(EARLIEST)
    assert within_window(LATEST)
    assert not within_window(EARLIEST - datetime.timedelta(days=1))
    assert not within_window(LATEST + datetime.timedelta(days=1))


def test_a_year_after_29_february_is_28_february() -> None:
    assert years_after(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert years_after(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


def test_days_and_years_beyond_the_last_day_there_is_stop_at_it() -> None:
    assert days_after(datetime.date(9999, 12, 31), 30) == datetime.date.max
    assert days_after(datetime.date(9999, 12, 1), 30) == datetime.date(9999, 12, 31)
    assert years_after(datetime.date(9998, 6, 1), 4) == datetime.date.max
    assert years_after(datetime.date(9996, 2, 29), 3) == datetime.date(9999, 2, 28)


@given(st.dates(), st.integers(min_value=0, max_value=4000))
def test_days_after_is_plain_addition_where_there_is_room(day: datetime.date, days: int) -> None:
    found = days_after(day, days)
    if day.toordinal() + days <= datetime.date.max.toordinal():
        assert found == day + datetime.timedelta(days=days)
    else:
        assert found == datetime.date.max
