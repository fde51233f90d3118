"""Demo data: the Stockholm organisation, one user per role, and the register's engagements with their
counterparts (``engagements.demo``).

Loading is idempotent: everything is looked up before it is created, so running ``omvarld demo`` twice
keeps the data and duplicates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from omvarld.accounts.models import Role
from omvarld.accounts.models import User as UserModel
from omvarld.accounts.services import role_assign, user_create
from omvarld.engagements.demo import load_demo_engagements
from omvarld.engagements.followup.demo import load_demo_followup
from omvarld.organisation.models import Unit
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

DEMO_PASSWORD = "stockholm-demo"  # noqa: S105 - printed to whoever runs the demo on their own machine


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    unit_code: str | None = None

    @property
    def email(self) -> str:
        """An address under a reserved domain (RFC 2606): the demo's reminders go to the console anyway."""
        return f"{self.username}@stockholm.example"


DEMO_USERS = (
    DemoUser("handlaggare", "Hanna", "Handläggare", Role.OFFICER, "MHN"),
    DemoUser("sekreterare", "Sven", "Sekreterare", Role.SECRETARY, "MHN"),
    DemoUser("samordnare", "Sara", "Samordnare", Role.COORDINATOR),
    DemoUser("revisor", "Rolf", "Revisor", Role.READER),
    DemoUser("admin", "Anna", "Administratör", Role.ADMINISTRATOR),
)


@dataclass(frozen=True)
class DemoSummary:
    users: tuple[DemoUser, ...]
    password: str


@transaction.atomic
def load_demo() -> DemoSummary:
    units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    units = {unit.code: unit for unit in Unit.objects.all()}
    for demo in DEMO_USERS:
        user = UserModel.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=demo.username,
                password=DEMO_PASSWORD,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=demo.email,
                check_password_strength=False,
                is_superuser=demo.role is Role.ADMINISTRATOR,
            )
        role_assign(
            actor=None, user=user, role=demo.role, unit=units[demo.unit_code] if demo.unit_code else None
        )
    load_demo_engagements()
    load_demo_followup()
    return DemoSummary(users=DEMO_USERS, password=DEMO_PASSWORD)
