from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file


class Command(OmvarldCommand):
    help = _(
        "Load or update the city's units from a CSV file (code, name, name_en, type, parent, and optionally "
        "valid_from, valid_to, successor). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            default=DEFAULT_UNITS_FILE,
            help=_("CSV file (default: Stockholm's units)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = units_load_file(actor=None, path=options["file"])
        self.stdout.write(
            f"Enheter: {result.created} nya, {result.updated} ändrade, {result.unchanged} oförändrade."
        )
