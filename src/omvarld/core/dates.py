"""The days the register works with: the window of dates it accepts, and day arithmetic that cannot
overflow.

Python's dates end on 9999-12-31, and a due date is a stated date plus a number of days: a matter
"ending" on 9999-12-31 (an officer's way of writing "until further notice") would make every list,
feed and reminder that works out its due dates fail. So the register accepts its matters' dates only
within a window that any real engagement fits, and its follow-up arithmetic stops at the last day
Python knows for data that came in otherwise.
"""

from __future__ import annotations

import datetime
from typing import Final

from django.utils.translation import gettext as _

EARLIEST: Final = datetime.date(1900, 1, 1)
"""The first day the register accepts for an engagement's dates (its start, end, last review)."""

LATEST: Final = datetime.date(2199, 12, 31)
"""The last such day: an engagement without an end is left without one, not dated far ahead."""


def within_window(day: datetime.date) -> bool:
    """Whether ``day`` lies in the window the register accepts."""
    return EARLIEST <= day <= LATEST


def window_message() -> str:
    """The refusal of a day outside the window, in the user's language."""
    return _("Give a date between %(first)s and %(last)s (leave it empty if there is none).") % {
        "first": EARLIEST.isoformat(),
        "last": LATEST.isoformat(),
    }


def days_after(day: datetime.date, days: int) -> datetime.date:
    """``day`` plus ``days``, or the last (first) day there is when that would lie beyond it."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (28 February for a 29 February in a year without one, as the
    engine's ``membership_review_due``), or the last day there is when that would lie beyond it."""
    year = day.year + years
    if year > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
