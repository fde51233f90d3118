from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import DEFAULT_DB_ALIAS

from omvarld.core.backup import database_backup
from omvarld.core.commands import OmvarldCommand


def size_text(size: int) -> str:
    """A file size the Swedish way: ``1,2 MB``."""
    value = float(size)
    for unit in ("byte", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "byte" else f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    raise AssertionError("unreachable")


def number_text(number: int) -> str:
    """A whole number with a space between thousands: ``12 345``."""
    return f"{number:,}".replace(",", " ")


class Command(OmvarldCommand):
    help = (
        "Write a consistent copy of the whole database to FILE while the site runs "
        "(SQLite: the online backup API; PostgreSQL: pg_dump --format=custom)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database to use (default: default)"
        )
        parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    def handle(self, *args: Any, **options: Any) -> None:
        result = database_backup(path=options["file"], force=options["force"], using=options["database"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopia skriven: {result.path} ({size_text(result.size)}, {result.backend.label}, "
                f"{number_text(result.tables)} tabeller, {number_text(result.rows)} rader)."
            )
        )
