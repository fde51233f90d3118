from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _
from omvarld.engagements.jobs import REASSESS
from omvarld.jobs.cli import add_wait_argument, start_from_command


class Command(OmvarldCommand):
    help = _(
        "Assess every matter waiting for a decision anew under the policy in force today, as a background "
        "job (run by omvarld worker): each gets a fresh stored assessment and waits in the queue of the body "
        "it names. Decided matters keep theirs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_wait_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        start_from_command(self, kind=REASSESS, params={}, wait=options["wait"])
