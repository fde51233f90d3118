from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from omvarld.core.backup import backup_check, database_restore, number_text
from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _


class Command(OmvarldCommand):
    help = _(
        "Replace the whole database with a backup written by `omvarld backup`, all or nothing, after "
        "checking its manifest and checksum. The current database is kept aside first, so that the "
        "restore can be undone. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("the backup file to restore"))
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("the database to use (default: default)")
        )
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="yes",
            help=_("do not ask for confirmation (required when not run in a terminal)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        checked = backup_check(path=options["file"], using=using)
        manifest = checked.manifest
        self.stdout.write(
            f"Säkerhetskopian är kontrollerad: gjord {manifest.created} på {manifest.host} "
            f"(Omvärld {manifest.version}), {number_text(len(manifest.tables))} tabeller, "
            f"{number_text(manifest.rows)} rader, SHA-256 {manifest.sha256}."
        )
        if not options["yes"]:
            self.confirm(checked.path, connections[using].settings_dict["NAME"])
        result = database_restore(path=checked.path, using=using)
        self.stdout.write(
            self.style.SUCCESS(
                f"Databasen är återställd från {result.path} ({result.backend.label}, "
                f"{number_text(result.tables)} tabeller, {number_text(result.rows)} rader)."
            )
        )
        self.stdout.write(
            f"Databasen som den var före återställningen sparades i {result.set_aside}\n"
            f"Ångra återställningen med: omvarld restore {result.set_aside}"
        )
        if result.tables_not_in_backup:
            self.stdout.write(
                self.style.WARNING(
                    "Dessa tabeller finns inte i säkerhetskopian och lämnades orörda: "
                    + ", ".join(result.tables_not_in_backup)
                )
            )
        if result.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "Säkerhetskopian kommer från en nyare version av Omvärld (okända migreringar: "
                    + ", ".join(result.unknown_migrations)
                    + "). Uppgradera Omvärld innan webbplatsen startas."
                )
            )
        elif result.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING("Säkerhetskopian är från en äldre version. Kör nu: omvarld migrate")
            )
        if not result.recorded:
            self.stdout.write(
                self.style.WARNING(
                    "Återställningen kunde inte skrivas i granskningsloggen, eftersom databasens schema är "
                    "av en annan version. Anteckna den: " + str(result.path)
                )
            )

    def confirm(self, path: Path, database: object) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                "Återställningen ersätter hela databasen och måste bekräftas. "
                "Lägg till --yes när kommandot körs utan terminal. Databasen är oförändrad."
            )
        self.stdout.write(
            f"Detta ersätter HELA databasen {database} med innehållet i {path}.\n"
            "Allt som ändrats sedan säkerhetskopian gjordes går förlorat (men den nuvarande databasen "
            "sparas först, så att återställningen kan ångras)."
        )
        answer = input("Skriv ja för att fortsätta: ")
        if answer.strip().lower() != "ja":
            raise CommandError("Återställningen avbröts. Databasen är oförändrad.")
