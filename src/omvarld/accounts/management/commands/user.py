from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from omvarld.accounts.management.prompts import read_new_password
from omvarld.accounts.models import Role, RoleAssignment, User, unit_model
from omvarld.accounts.services import (
    DatedUnit,
    lockout_lift,
    role_assign,
    role_revoke,
    user_create,
    user_set_password,
)
from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError

ROLE_NAMES = ", ".join(Role.values)


class Command(OmvarldCommand):
    help = gettext_lazy("Manage accounts and their roles: add, grant, revoke, password, unlock, list.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help=gettext_lazy("create an account with a role"))
        add.add_argument("username")
        add.add_argument(
            "--role", required=True, help=gettext_lazy("one of %(roles)s") % {"roles": ROLE_NAMES}
        )
        add.add_argument("--unit", help=gettext_lazy("unit code, for officer and secretary (e.g. MHN)"))
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument("--email", default="")
        add.add_argument(
            "--password-stdin",
            action="store_true",
            help=gettext_lazy("read the password from standard input"),
        )
        for name, text in (
            ("grant", gettext_lazy("give a role")),
            ("revoke", gettext_lazy("take a role back")),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("username")
            command.add_argument("role", help=gettext_lazy("one of %(roles)s") % {"roles": ROLE_NAMES})
            command.add_argument("--unit", help=gettext_lazy("unit code, for officer and secretary"))
        password = sub.add_parser(
            "password", help=gettext_lazy("set a new password (the account's sessions end)")
        )
        password.add_argument("username")
        password.add_argument(
            "--password-stdin",
            action="store_true",
            help=gettext_lazy("read the password from standard input"),
        )
        unlock = sub.add_parser(
            "unlock", help=gettext_lazy("lift a sign-in lockout for a user name, an address, or both")
        )
        unlock.add_argument("username", nargs="?", help=gettext_lazy("the user name that is locked"))
        unlock.add_argument("--address", help=gettext_lazy("the address (IP) that is locked"))
        sub.add_parser("list", help=gettext_lazy("list accounts and their roles"))

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _role(self, name: str) -> Role:
        if name not in Role.values:
            raise ApplicationError(
                _("Unknown role %(name)s; choose among %(roles)s.")
                % {"name": repr(name), "roles": ROLE_NAMES}
            )
        return Role(name)

    def _unit(self, code: str | None) -> DatedUnit | None:
        if not code:
            return None
        unit = unit_model()._default_manager.filter(code=code).first()
        if unit is None:
            raise ApplicationError(
                _("The unit %(code)s does not exist (see omvarld load_units).") % {"code": code}
            )
        return cast(DatedUnit, unit)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise ApplicationError(_("The user %(username)s does not exist.") % {"username": username})
        return user

    def _read_password(self, options: dict[str, Any]) -> str:
        return read_new_password(from_stdin=options["password_stdin"])

    def _add(self, options: dict[str, Any]) -> None:
        role = self._role(options["role"])
        unit = self._unit(options["unit"])
        password = self._read_password(options)
        # One transaction: an account whose role is refused must not be left behind without it.
        with transaction.atomic():
            user = self._create_with_role(options, password, role, unit)
        self.stdout.write(f"Användaren {user.username} skapades med rollen {role.label}.")

    def _create_with_role(
        self, options: dict[str, Any], password: str, role: Role, unit: DatedUnit | None
    ) -> User:
        user = user_create(
            actor=None,
            username=options["username"],
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
            is_superuser=role is Role.ADMINISTRATOR,
        )
        role_assign(actor=None, user=user, role=role, unit=unit)
        return user

    def _grant(self, options: dict[str, Any]) -> None:
        user, role, unit = (
            self._user(options["username"]),
            self._role(options["role"]),
            self._unit(options["unit"]),
        )
        role_assign(actor=None, user=user, role=role, unit=unit)
        self.stdout.write(f"{user.username} har nu rollen {role.label}.")

    def _revoke(self, options: dict[str, Any]) -> None:
        user, role, unit = (
            self._user(options["username"]),
            self._role(options["role"]),
            self._unit(options["unit"]),
        )
        in_unit = Q(unit__isnull=True) if unit is None else Q(unit_id=unit.pk)
        assignment = RoleAssignment.objects.filter(in_unit, user=user, role=role).first()
        if assignment is None:
            raise ApplicationError(
                _("%(username)s does not hold the role %(role)s there.")
                % {"username": user.username, "role": role.label}
            )
        role_revoke(actor=None, assignment=assignment)
        self.stdout.write(f"{user.username} har inte längre rollen {role.label}.")

    def _password(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        user_set_password(actor=None, user=user, password=self._read_password(options))
        self.stdout.write(
            f"{user.username} har fått ett nytt lösenord; användarens inloggningar har avslutats."
        )

    def _unlock(self, options: dict[str, Any]) -> None:
        failures = lockout_lift(actor=None, username=options["username"], address=options["address"])
        what = " från ".join(part for part in (options["username"], options["address"]) if part)
        if failures:
            self.stdout.write(f"Spärren är hävd för {what} ({failures} misslyckade försök glömda).")
        else:
            self.stdout.write(f"{what} var inte spärrad.")

    def _list(self, options: dict[str, Any]) -> None:
        for user in User.objects.prefetch_related("role_assignments__unit").order_by("username"):
            roles = ", ".join(
                Role(a.role).label + (f" ({a.unit.code})" if a.unit else "")
                for a in user.role_assignments.all()
            )
            state = "" if user.is_active else " [inaktiv]"
            self.stdout.write(f"{user.username:<20} {roles or '–'}{state}")
