from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import DEFAULT_DB_ALIAS

from omvarld.core.backup import database_backup, number_text, size_text
from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _


class Command(OmvarldCommand):
    help = _(
        "Write a consistent copy of the whole database to FILE while the site runs "
        "(SQLite: the online backup API; PostgreSQL: pg_dump --format=custom), with a manifest of its "
        "schema, rows and checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("the backup file to write"))
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("the database to use (default: default)")
        )
        parser.add_argument("--force", action="store_true", help=_("overwrite FILE if it exists"))

    def handle(self, *args: Any, **options: Any) -> None:
        result = database_backup(path=options["file"], force=options["force"], using=options["database"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopia skriven: {result.path} ({size_text(result.size)}, {result.backend.label}, "
                f"{number_text(result.tables)} tabeller, {number_text(result.rows)} rader)."
            )
        )
        if result.manifest is not None:
            self.stdout.write(f"SHA-256 för databasen i säkerhetskopian: {result.manifest.sha256}")
