"""The ``omvarld`` command: Omvärld's own commands first, and Django's with Omvärld's settings.

``assess``, ``compare``, ``policy`` and ``prioritise`` go straight to the policy engine's own command
line without loading Django, so that they start fast and need no database. ``omvarld help`` lists
Omvärld's own commands, one line each, without loading Django either; ``omvarld help --all`` adds
Django's long list.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

POLICY_COMMANDS = frozenset({"assess", "compare", "policy", "prioritise"})

# One Swedish line per command of Omvärld's own (a test keeps this in step with the commands).
COMMANDS: dict[str, str] = {
    "demo": "starta Omvärld med demodata på SQLite, på http://127.0.0.1:8000",
    "serve": "kör Omvärld i produktion med gunicorn; vägrar en osäker konfiguration",
    "assess": "bedöm ärenden mot strategin (JSON eller JSON Lines; --format text ger en promemoria)",
    "compare": "jämför bedömningen under två policyversioner",
    "prioritise": "rangordna ärenden med en poäng som förklaras term för term",
    "policy": "policyversionerna: list, show ID, check",
    "load_units": "läs in eller uppdatera organisationen från en CSV-fil (allt eller inget)",
    "unit": "organisationen över tid: merge slår samman enheter ett visst datum, show visar en enhet",
    "user": "konton och roller: add, grant, revoke, list, unlock, password",
    "backup": "ta en konsistent säkerhetskopia av databasen medan webbplatsen är i gång",
    "restore": "återställ databasen från en säkerhetskopia, efter kontroll av dess manifest",
    "audit": "revisionsloggen: verify hittar den första posten där kedjan är bruten",
    "export": "exportera diariet: register som CSV, XLSX, JSON eller motorns utbytesformat",
    "remind": "skicka dagens påminnelser per e-post om det som ska följas upp, var och en en gång",
    "reassess": "bedöm alla ärenden som väntar på beslut på nytt enligt gällande policy (bakgrundsjobb)",
    "worker": "kör bakgrundsjobben (ny bedömning, stora exporter, importer) när de köas; en per maskin",
    "citations": "bygg om registret över passagerna som ärendenas bedömningar citerar (riktlinjesidorna)",
    "import": "läs in ett befintligt register från XLSX eller CSV, allt eller inget; provkör först",
    "changepassword": "byt lösenord för ett konto (Djangos kommando, men loggat i revisionsloggen)",
    "createsuperuser": "skapa ett administratörskonto (Djangos kommando, men loggat i revisionsloggen)",
}
# Replacements of django-axes' commands that only refuse (lifting a lockout must be audited: use
# `omvarld user unlock`); they are not listed.
HIDDEN = frozenset({"axes_reset", "axes_reset_ip", "axes_reset_ip_username", "axes_reset_username"})
HELP_WORDS = frozenset({"help", "--help", "-h"})


def own_commands() -> list[str]:
    """The names of Omvärld's own commands: the policy commands and every management command in
    Omvärld's apps (found on disk, so that ``help`` needs no Django)."""
    package = Path(__file__).parent
    found = {p.stem for p in package.glob("*/management/commands/*.py") if not p.stem.startswith("_")}
    return sorted((found - HIDDEN) | POLICY_COMMANDS)


def help_text() -> str:
    names = own_commands()
    width = max(len(n) for n in names)
    lines = [
        "Omvärld: stadens internationella arbete enligt dess egen strategi.",
        "",
        "Användning: omvarld KOMMANDO [argument …]",
        "            omvarld help KOMMANDO    visar ett kommandos argument",
        "",
        "Omvärlds kommandon:",
        *(f"  {name.ljust(width)}  {COMMANDS.get(name, '')}".rstrip() for name in names),
        "",
        "Djangos egna kommandon (migrate, createsuperuser, …) med Omvärlds inställningar: omvarld help --all",
    ]
    return "\n".join(lines) + "\n"


def _django_commands() -> list[str]:
    """Every command Django knows. Django must be set up first: before that ``get_commands`` knows
    only Django's core commands (not ``createsuperuser`` or ``collectstatic``), and caches that."""
    import django
    from django.core.management import get_commands

    django.setup()
    return list(get_commands())


def _unknown(command: str) -> int:
    """Refuse an unknown command in Swedish, suggesting the nearest known one."""
    known = sorted({*own_commands(), *_django_commands()})
    guess = difflib.get_close_matches(command, known, n=1) if len(command) <= 100 else []
    hint = f" Menar du ”{guess[0]}”?" if guess else ""
    print(
        f"omvarld: okänt kommando ”{command[:60]}”.{hint} omvarld help listar kommandona.",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader of standard output went away (``omvarld help --all | head``): stop quietly.
        from omvarld.policy.cli import silence_stdout

        silence_stdout()
        return 0


def _main(argv: list[str] | None) -> int:
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else "help"
    rest = args[2:]
    if command in HELP_WORDS and (not rest or rest[0] in HELP_WORDS):
        sys.stdout.write(help_text())
        return 0
    if command in HELP_WORDS and rest and rest[0] in POLICY_COMMANDS:
        command, rest = rest[0], ["--help"]
    if command in POLICY_COMMANDS:
        from omvarld.policy.cli import main as policy_main

        return policy_main([command, *rest])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omvarld.settings")
    if command == "demo":
        # The demo runs background jobs at once, in the request that starts them: no worker to start.
        os.environ.setdefault("OMVARLD_TASKS", "immediate")
    from omvarld.env import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        if command in HELP_WORDS and rest == ["--all"]:
            sys.stdout.write(help_text() + "\n")
            execute_from_command_line(["omvarld", "help"])
        elif command in HELP_WORDS and rest[0] not in _django_commands():
            return _unknown(rest[0])
        elif command not in HELP_WORDS and command not in _django_commands():
            return _unknown(command)
        else:
            execute_from_command_line(["omvarld", command, *rest])
    except ConfigurationError as exc:
        print(f"omvarld: felaktig konfiguration: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
