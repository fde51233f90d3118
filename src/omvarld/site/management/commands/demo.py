from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _


def links_to(address: str, environ: Mapping[str, str], configured: str) -> str:
    """Where the demo's links (calendar feeds, reminders) point: where it serves, unless
    ``OMVARLD_BASE_URL`` says otherwise."""
    return configured if "OMVARLD_BASE_URL" in environ else address.rstrip("/")


class Command(OmvarldCommand):
    help = _("Set up the database with demo data and serve Omvärld on http://127.0.0.1:8000 until Ctrl-C.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help=_("port to serve on (default 8000)"))
        parser.add_argument("--host", default="127.0.0.1", help=_("address to serve on (default 127.0.0.1)"))
        parser.add_argument("--no-serve", action="store_true", help=_("load the demo data and exit"))

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from omvarld.site.demo import load_demo

        address = f"http://{options['host']}:{options['port']}/"
        settings.OMVARLD_BASE_URL = links_to(address, os.environ, settings.OMVARLD_BASE_URL)
        self.stdout.write("Förbereder databasen …")
        call_command("migrate", interactive=False, verbosity=0)
        summary = load_demo()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Omvärld är redo med demodata."))
        self.stdout.write(f"Databas: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {summary.password}):")
        for user in summary.users:
            unit = f", {user.unit_code}" if user.unit_code else ""
            self.stdout.write(f"  {user.username:<12} {user.role.label}{unit}")
        if options["no_serve"]:
            return
        self.stdout.write(f"Adress: {address}  (avsluta med Ctrl-C)")
        self.stdout.flush()
        from omvarld.core.server import serve

        serve(host=options["host"], port=options["port"])
