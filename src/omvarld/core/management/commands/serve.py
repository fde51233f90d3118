from __future__ import annotations

from typing import Any

from django.core.checks import WARNING, run_checks
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _

# What to set for each deployment warning, so that the refusal says how to fix it.
ADVICE = {
    "security.W004": "OMVARLD_HTTPS=true (HTTPS bakom en omvänd proxy: HSTS, säkra kakor, omdirigering)",
    "security.W008": "OMVARLD_HTTPS=true (HTTPS bakom en omvänd proxy: HSTS, säkra kakor, omdirigering)",
    "security.W009": "SECRET_KEY till en lång slumpmässig sträng, eller ta bort den så skapas en",
    "security.W012": "OMVARLD_HTTPS=true (HTTPS bakom en omvänd proxy: HSTS, säkra kakor, omdirigering)",
    "security.W016": "OMVARLD_HTTPS=true (HTTPS bakom en omvänd proxy: HSTS, säkra kakor, omdirigering)",
    "security.W018": "DEBUG=false",
    "security.W020": "ALLOWED_HOSTS till webbplatsens värdnamn",
    "mail.E001": (
        "EMAIL_HOST (och vid behov EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) "
        "till stadens e-postserver"
    ),
}


class Command(OmvarldCommand):
    help = _("Serve Omvärld in production with gunicorn. Refuses to start with an insecure configuration.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to bind (default 127.0.0.1)"))
        parser.add_argument("--port", type=int, default=8000, help=_("port to bind (default 8000)"))
        parser.add_argument("--workers", type=int, default=2, help=_("gunicorn worker processes (default 2)"))

    def handle(self, *args: Any, **options: Any) -> None:
        problems = [
            message for message in run_checks(include_deployment_checks=True) if message.is_serious(WARNING)
        ]
        if problems:
            advice: dict[str, list[str]] = {}
            for message in problems:
                advice.setdefault(ADVICE.get(message.id or "", message.msg), []).append(message.id or "?")
            lines = [f"  - {text}  [{', '.join(sorted(ids))}]" for text, ids in advice.items()]
            raise CommandError(
                "Omvärld startar inte med en osäker eller ofullständig konfiguration. "
                "Sätt dessa miljövariabler:\n"
                + "\n".join(lines)
                + "\n(Se docs/operations.md. För att prova systemet lokalt: uv run omvarld demo)"
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Databasen är inte uppgraderad. Kör först: omvarld migrate")
        call_command("collectstatic", interactive=False, verbosity=0)
        from omvarld.core.server import serve

        self.stdout.write(f"Omvärld på http://{options['host']}:{options['port']}/ (avsluta med Ctrl-C)")
        serve(host=options["host"], port=options["port"], workers=options["workers"])
