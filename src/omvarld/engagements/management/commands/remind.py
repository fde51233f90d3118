from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError
from omvarld.engagements.followup.reminders import Planned, reminders_send


def _day(raw: str | None) -> datetime.date:
    if raw is None:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ApplicationError(
            _("Give the day as YYYY-MM-DD, not “%(value)s”.") % {"value": raw[:40]}
        ) from None


class Command(OmvarldCommand):
    help = gettext_lazy(
        "Send the day's reminders by e-mail, each once: travel reports and membership reviews due, matters "
        "waiting too long for a decision, decisions not yet carried out. Run it daily (cron or a systemd "
        "timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("list what would be sent; send and record nothing"),
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help=gettext_lazy("remind as on this day (default: today)")
        )

    def _line(self, planned: Planned) -> str:
        engagement = planned.due.engagement
        to = ", ".join(planned.addresses) or _(
            "nobody (no responsible officer or unit officer with an e-mail address)"
        )
        return (
            f"{planned.due.due_on.isoformat()}  {planned.due.label}  "
            f"{engagement.registration_number} {engagement.title}  → {to}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options.get("today"))
        dry_run = bool(options["dry_run"])
        result = reminders_send(today=today, dry_run=dry_run)
        for planned in result.planned:
            self.stdout.write(self._line(planned))
        unsendable = sum(1 for planned in result.planned if not planned.addresses)
        sendable = len(result.planned) - unsendable
        messages = ngettext(
            "%(messages)d e-mail message", "%(messages)d e-mail messages", result.messages
        ) % {"messages": result.messages}
        if dry_run:
            summary = ngettext(
                "Dry run: %(count)d reminder would be sent (%(messages)s); nothing was sent.",
                "Dry run: %(count)d reminders would be sent (%(messages)s); nothing was sent.",
                sendable,
            ) % {"count": sendable, "messages": messages}
        else:
            summary = ngettext(
                "%(count)d reminder was sent (%(messages)s).",
                "%(count)d reminders were sent (%(messages)s).",
                len(result.sent),
            ) % {"count": len(result.sent), "messages": messages}
        if unsendable:
            summary += " " + ngettext(
                "%(count)d has nobody to go to and is sent once someone can receive it.",
                "%(count)d have nobody to go to and are sent once someone can receive them.",
                unsendable,
            ) % {"count": unsendable}
        self.stdout.write(summary)
