"""The base for Omvärld's own commands: the CLI channel in the audit log, exit code 2 on refusal, and
arguments refused and explained in Swedish, as the policy engine's commands do."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser, DjangoHelpFormatter
from django.db import OperationalError, ProgrammingError
from django.utils import translation
from django.utils.translation import gettext as _

from omvarld.core.context import Channel, channel
from omvarld.core.errors import ApplicationError
from omvarld.policy.cli import argparse_sv


def write_error_reason(error: OSError) -> str:
    """Why a file could not be written, in the user's language (``strerror`` is English)."""
    if isinstance(error, FileNotFoundError):
        return _("its folder does not exist")
    if isinstance(error, IsADirectoryError):
        return _("it is a folder")
    if isinstance(error, PermissionError):
        return _("permission denied")
    if error.errno == errno.ENOSPC:
        return _("the disk is full")
    return _("system error %(code)s") % {"code": errno.errorcode.get(error.errno or 0, error.errno)}


# The commands' help, translated when it is shown. Typed ``str``, as ``BaseCommand.help`` and argparse
# declare it: argparse formats argument help with %, and ``create_parser`` turns the description into text.
gettext_lazy = cast(Callable[[str], str], translation.gettext_lazy)


class SwedishHelpFormatter(DjangoHelpFormatter):
    """Django's help layout (the command's own arguments first) with a Swedish usage line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes prefix="" when it builds a subcommand's prog: keep that empty.
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishCommandParser(CommandParser):
    """Django's command parser with Swedish headings, help and refusals (exit code 2 and the usage on
    the command line; a ``CommandError`` when the command is called from code). Subcommands' parsers are
    of this class too (``CommandParser.add_subparsers`` makes them of the parser's own class)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(**kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def add_subparsers(self, **kwargs: Any) -> Any:
        # Named in usage and refusals by a word, not by the attribute it fills (``subcommand``, ``what``).
        kwargs.setdefault("metavar", "DELKOMMANDO")
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {argparse_sv(message)}\n")
        raise CommandError(argparse_sv(message))


class OmvarldCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Django's parser, in Swedish, without the options for developing Django itself in the help
        (``--settings``, ``--pythonpath``, ``--traceback``, colours, ``--skip-checks``: still accepted)."""
        parser = SwedishCommandParser(
            prog=f"{os.path.basename(prog_name)} {subcommand}",
            description=str(self.help) if self.help else None,  # the help may be lazy (translated)
            missing_args_message=getattr(self, "missing_args_message", None),
            called_from_command_line=getattr(self, "_called_from_command_line", None),
            **kwargs,
        )
        parser.add_argument(
            "-v",
            "--verbosity",
            default=1,
            type=int,
            choices=[0, 1, 2, 3],
            help="hur mycket som skrivs ut: 0 minst, 1 normalt, 2 och 3 mer",
        )
        for option in ("--settings", "--pythonpath"):
            parser.add_argument(option, help=argparse.SUPPRESS)
        for option in ("--traceback", "--no-color", "--force-color"):
            parser.add_argument(option, action="store_true", help=argparse.SUPPRESS)
        if self.requires_system_checks:
            parser.add_argument("--skip-checks", action="store_true", help=argparse.SUPPRESS)
        self.add_arguments(parser)
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        with channel(Channel.CLI):
            try:
                return super().execute(*args, **options)
            except ApplicationError as error:
                self.stderr.write(f"Fel: {error}")
                sys.exit(2)
            except CommandError as error:
                self.stderr.write(f"Fel: {error}")
                sys.exit(2)
            except (OperationalError, ProgrammingError) as error:
                # The database's state, not the command's input: not set up, or out of reach. Any other
                # database error is a fault of the code, and keeps its traceback (so does --traceback).
                environmental = isinstance(error, OperationalError) or _not_set_up(error)
                if options.get("traceback") or not environmental:
                    raise
                self.stderr.write(f"Fel: {database_problem(error)}")
                sys.exit(2)


def _not_set_up(error: Exception) -> bool:
    """A table missing: the database has not been migrated."""
    text = str(error)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def database_problem(error: OperationalError | ProgrammingError) -> str:
    """What an operator is told when the database cannot be used (the traceback with ``--traceback``)."""
    text = str(error)
    if _not_set_up(error):
        return _("The database has not been set up: run omvarld migrate first.")
    return _("The database could not be used (%(error)s).") % {"error": text.strip().splitlines()[0][:200]}
