"""The follow-up dates as an iCalendar feed (RFC 5545, with the ``icalendar`` library): one all-day event
per date — a travel report due, a membership review, a decision waiting too long, a decision not carried
out — named by the matter's registration number and title, with a link to its page.

The feed says no more than the matter's page: no document, secret or not, and nothing of a matter the
feed's owner may not see (the selectors choose the dates).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

import icalendar
from django.utils import timezone

from omvarld.core.dates import days_after
from omvarld.engagements.followup.reminders import matter_url, what_is_due
from omvarld.engagements.followup.selectors import DueDate

PRODUCT: Final = "-//Stockholms stad//Omvärld//SV"
UID_DOMAIN: Final = "omvarld.stockholm"


def event_of(due: DueDate, *, stamp: datetime.datetime) -> icalendar.Event:
    """One follow-up date as an all-day event. Its UID stays the same for the same kind, matter and day,
    so that a calendar program updates the event rather than adding it again."""
    engagement = due.engagement
    event = icalendar.Event()
    event.add("uid", f"{due.kind}-{engagement.pk}-{due.due_on:%Y%m%d}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", due.due_on)
    event.add("dtend", days_after(due.due_on, 1))
    event.add("summary", f"{due.label}: {engagement.registration_number} {engagement.title}")
    event.add("description", f"{what_is_due(due)}.\n{matter_url(engagement)}")
    event.add("url", matter_url(engagement))
    event.add("categories", [due.label])
    event.add("transp", "TRANSPARENT")
    return event


def calendar_of(dates: Sequence[DueDate], *, name: str, now: datetime.datetime | None = None) -> bytes:
    """The dates as an iCalendar file named ``name``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    for due in dates:
        calendar.add_component(event_of(due, stamp=stamp))
    data: bytes = calendar.to_ical()
    return data
