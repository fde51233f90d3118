"""Django's ``createsuperuser``, replaced: an administrator made through the audited services.

Django's own command creates the account behind the audit log and without Omvärld's administrator role.
This one makes both, in one transaction, like ``omvarld user add NAME --role administrator``. As Django's
does, ``--noinput`` reads the password from ``DJANGO_SUPERUSER_PASSWORD``.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from omvarld.accounts.management.prompts import read_new_password
from omvarld.accounts.models import Role
from omvarld.accounts.services import role_assign, user_create
from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError


class Command(OmvarldCommand):
    help = gettext_lazy(
        "Create an administrator (audited; the same as `omvarld user add NAME --role administrator`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help=gettext_lazy("the new administrator's user name"))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=gettext_lazy("ask nothing: the password comes from DJANGO_SUPERUSER_PASSWORD"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if not username:
            if not options["interactive"]:
                raise ApplicationError(_("Give the user name with --username."))
            username = input("Användarnamn: ").strip()
        if options["interactive"]:
            password = read_new_password(from_stdin=False)
        elif os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            password = os.environ["DJANGO_SUPERUSER_PASSWORD"]
        else:
            raise ApplicationError(
                _("With --noinput the password is read from DJANGO_SUPERUSER_PASSWORD, which is not set.")
            )
        with transaction.atomic():
            user = user_create(
                actor=None, username=username, password=password, email=options["email"], is_superuser=True
            )
            role_assign(actor=None, user=user, role=Role.ADMINISTRATOR)
        self.stdout.write(f"Administratören {user.username} skapades.")
