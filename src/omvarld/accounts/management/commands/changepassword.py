"""Django's ``changepassword``, replaced: the same job through the audited service.

Django's own command saves the new hash directly, so the change would not enter the audit log. This app
comes before ``django.contrib.auth`` in ``INSTALLED_APPS``, which makes this command the one that runs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from omvarld.accounts.management.prompts import read_new_password
from omvarld.accounts.models import User
from omvarld.accounts.services import user_set_password
from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError


class Command(OmvarldCommand):
    help = gettext_lazy("Set a new password for an account (audited; the same as `omvarld user password`).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help=gettext_lazy("read the password from standard input"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise ApplicationError(
                _("The user %(username)s does not exist.") % {"username": options["username"]}
            )
        user_set_password(
            actor=None, user=user, password=read_new_password(from_stdin=options["password_stdin"])
        )
        self.stdout.write(f"{user.username} har fått ett nytt lösenord.")
