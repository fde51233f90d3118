"""Sending the day's reminders by e-mail (``omvarld remind``): each once.

What is due comes from ``selectors.reminders_due`` (what has a ``Reminder`` already is left out); each
reminder goes to the people ``selectors.Officers`` names — the matter's responsible officer, or its unit's
officers — one message per person with all their reminders, through Django's mail settings (the
console in the demo). Once every message has gone, each reminder is kept (``services.reminders_record``):
a second run sends nothing. Should sending fail half-way, nothing is kept, and the next run sends
everything again — a reminder may come twice, but is never lost.
"""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omvarld.accounts.models import User as Account
from omvarld.core.errors import ApplicationError
from omvarld.engagements.followup import services
from omvarld.engagements.followup.selectors import DueDate, Officers, reminders_due
from omvarld.engagements.models import Engagement, ReminderKind


@dataclass(frozen=True)
class Planned:
    """A reminder to send, and who it is for."""

    due: DueDate
    people: tuple[Account, ...]

    @property
    def addresses(self) -> list[str]:
        """The addresses it goes to: those of its people who have one."""
        return sorted({person.email for person in self.people if person.email})


def reminders_plan(*, today: datetime.date) -> list[Planned]:
    """The reminders due on ``today`` that have not been sent, each with the people it is for."""
    officers = Officers()
    return [Planned(due, tuple(officers.to_remind(due.engagement))) for due in reminders_due(today=today)]


def matter_url(engagement: Engagement) -> str:
    return settings.OMVARLD_BASE_URL + engagement.get_absolute_url()


def what_is_due(due: DueDate) -> str:
    """One line in Swedish (or the active language) saying what is due and when."""
    day = due.due_on.isoformat()
    if due.kind == ReminderKind.TRAVEL_REPORT:
        return _("The travel report is due on %(day)s") % {"day": day}
    if due.kind == ReminderKind.MEMBERSHIP_REVIEW:
        return _("The membership is to be reviewed by %(day)s") % {"day": day}
    if due.kind == ReminderKind.DECISION_WAITING:
        since = due.due_on - datetime.timedelta(days=settings.OMVARLD_DECISION_WAIT_DAYS)
        return _("Has waited for its decision since %(since)s") % {"since": since.isoformat()}
    return _("Approved, but not marked as carried out by %(day)s") % {"day": day}


def _body(reminders: Sequence[Planned]) -> str:
    lines = [
        _("Omvärld reminds you of these matters:"),
        "",
    ]
    for planned in reminders:
        engagement = planned.due.engagement
        lines += [
            f"* {engagement.registration_number} {engagement.title}",
            f"  {what_is_due(planned.due)}.",
            f"  {matter_url(engagement)}",
            "",
        ]
    lines += [
        _(
            "You receive this as the matters' responsible officer, or as an officer of their unit when they "
            "have none. Each reminder is sent once."
        ),
    ]
    return "\n".join(lines) + "\n"


def reminder_messages(plans: Sequence[Planned]) -> list[EmailMessage]:
    """One message per address, with every reminder for it, soonest first."""
    by_address: dict[str, list[Planned]] = defaultdict(list)
    for planned in plans:
        for address in planned.addresses:
            by_address[address].append(planned)
    return [
        EmailMessage(
            subject=ngettext("Omvärld: %(count)d reminder", "Omvärld: %(count)d reminders", len(reminders))
            % {"count": len(reminders)},
            body=_body(reminders),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        for address, reminders in sorted(by_address.items())
    ]


@dataclass(frozen=True)
class RemindResult:
    planned: list[Planned]  # every reminder due, sent or not
    sent: list[Planned]  # those sent (and kept); none on a dry run
    messages: int


def reminders_send(*, today: datetime.date, dry_run: bool = False) -> RemindResult:
    """Send the reminders due on ``today`` and keep that they were sent. A reminder with nobody to send it
    to (no responsible officer and no officer of its unit, or none with an e-mail address) is listed and
    not kept, so that it goes out once someone can receive it. ``dry_run`` sends and keeps nothing."""
    plans = reminders_plan(today=today)
    sendable = [planned for planned in plans if planned.addresses]
    if dry_run:
        return RemindResult(planned=plans, sent=[], messages=len(reminder_messages(sendable)))
    messages = reminder_messages(sendable)
    try:
        mailers.default.send_messages(messages)
    except (OSError, smtplib.SMTPException) as error:
        raise ApplicationError(
            _(
                "The reminders could not be sent (%(error)s). None is recorded as sent; the next run tries "
                "again."
            )
            % {"error": str(error)[:200] or type(error).__name__}
        ) from error
    services.reminders_record(actor=None, sent=[(planned.due, planned.addresses) for planned in sendable])
    return RemindResult(planned=plans, sent=sendable, messages=len(messages))
