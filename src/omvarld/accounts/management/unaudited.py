"""Commands of Django's apps that would change accounts or lockouts behind the audit log.

They are replaced by commands of the same name that refuse and name the audited way (this app comes
before the others in ``INSTALLED_APPS``, so its commands win).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from omvarld.core.commands import OmvarldCommand
from omvarld.core.errors import ApplicationError


def refusing_command(name: str) -> type[BaseCommand]:
    class Command(OmvarldCommand):
        help = f"Replaced: use `omvarld user unlock`, which is audited (not django-axes' {name})."

        def add_arguments(self, parser: CommandParser) -> None:
            parser.add_argument("args", nargs="*")

        def handle(self, *args: Any, **options: Any) -> None:
            raise ApplicationError(
                _(
                    "%(name)s changes sign-in lockouts without a trace in the audit log and is turned off. "
                    "Use: omvarld user unlock USERNAME [--address IP]"
                )
                % {"name": name}
            )

    return Command
