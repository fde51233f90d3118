"""Reading a new password on the command line: twice at a terminal, once from standard input for scripts."""

from __future__ import annotations

import getpass
import sys

from django.utils.translation import gettext as _

from omvarld.core.errors import ApplicationError


def read_new_password(*, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise ApplicationError(
            _("Give the password with --password-stdin when the command does not run interactively.")
        )
    first = getpass.getpass("Lösenord: ")
    if first != getpass.getpass("Lösenord igen: "):
        raise ApplicationError(_("The passwords differ."))
    return first
