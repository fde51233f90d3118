from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from omvarld.audit.chain import chain_verify
from omvarld.core.backup import number_text
from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _
from omvarld.core.errors import ApplicationError


class Command(OmvarldCommand):
    help = _("The audit log: `verify` checks its hash chain and names the first entry where it breaks.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "verify", help=_("check that no entry was changed, removed or added behind Omvärld's back")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain_verify()
        if report.first_break is not None:
            intact = (
                f" De {number_text(report.entries - 1)} posterna före den är oförändrade."
                if report.first_break.entry_id is not None
                else ""
            )
            raise ApplicationError(
                "Granskningsloggen har ändrats utanför Omvärld. "
                f"Kedjan bryts vid {report.first_break}{intact}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Granskningsloggen är hel: {number_text(report.entries)} poster, kedjan obruten."
            )
        )
        self.stdout.write(
            f"Kedjans slut: {report.head_hash}\n"
            "(Spara den utanför servern; den visar senare att loggen inte har kortats eller skrivits om.)"
        )
