"""Writing accounts and role assignments. Every change is audited; passwords never enter the log."""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omvarld.accounts.models import Role, RoleAssignment
from omvarld.accounts.models import User as UserModel
from omvarld.accounts.permissions import Action, User, forget_roles, require_actor
from omvarld.audit import events
from omvarld.audit.services import audit_event, create_with_audit, delete_with_audit
from omvarld.core.errors import ApplicationError, ErrorDetail


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password_strength: bool = True,
    is_superuser: bool = False,
) -> UserModel:
    """Create an account. ``is_superuser`` also opens the (read-only) admin pages."""
    require_actor(actor, Action.CREATE, UserModel)
    username = username.strip()
    if not username:
        raise ApplicationError.for_field("username", _("Enter a user name."))
    if UserModel.objects.filter(username__iexact=username).exists():
        raise ApplicationError.for_field(
            "username", _("The user name %(username)s is taken.") % {"username": username}
        )
    user = UserModel(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    try:
        # The model's own checks: the user name's characters and length, the e-mail address, the names'
        # lengths (uniqueness is checked above, whatever the case).
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(
            _("The account could not be created."),
            details=[
                ErrorDetail(str(message), field=field)
                for field, messages in exc.message_dict.items()
                for message in messages
            ],
        ) from exc
    if check_password_strength:
        _check_strength(password, user)
    user.set_password(password)
    return create_with_audit(actor=actor, obj=user)


def _check_strength(password: str, user: UserModel) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            _("The password is too weak."),
            details=[ErrorDetail(str(m), field="password") for m in exc.messages],
        ) from exc


@transaction.atomic
def user_set_password(*, actor: User | None, user: UserModel, password: str) -> None:
    """Give the account a new password. Its sessions end, since they are bound to the old hash."""
    require_actor(actor, Action.CHANGE, user)
    user = UserModel.objects.select_for_update().get(pk=user.pk)
    _check_strength(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event(
        actor=actor,
        event=events.USER_PASSWORD_CHANGED,
        object_id=str(user.pk),
        object_repr=user.get_username(),
    )


@transaction.atomic
def lockout_lift(*, actor: User | None, username: str | None = None, address: str | None = None) -> int:
    """Forget the failed sign-ins of a user name, of an address, or of the two together; return how many.

    This is what unlocks: django-axes counts the stored failures. Nothing to forget is no change, and
    writes no entry.
    """
    require_actor(actor, Action.CHANGE, UserModel)
    if not username and not address:
        raise ApplicationError(_("Give a user name, an address or both."))
    attempts = AccessAttempt.objects.select_for_update()
    if username:
        attempts = attempts.filter(username__iexact=username)
    if address:
        attempts = attempts.filter(ip_address=address)
    forgotten = sorted(attempts, key=lambda attempt: attempt.pk)
    if not forgotten:
        return 0
    failures = sum(attempt.failures_since_start for attempt in forgotten)
    AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in forgotten]).delete()
    account = UserModel.objects.filter(username__iexact=username).first() if username else None
    audit_event(
        actor=actor,
        event=events.USER_UNLOCKED,
        object_id=str(account.pk) if account else "",
        object_repr=" ".join(part for part in (username, address) if part),
        data={
            "username": username,
            "address": address,
            "failures": failures,
            "addresses": sorted({attempt.ip_address or "" for attempt in forgotten}),
        },
    )
    return failures


class DatedUnit(Protocol):
    """What a role needs of its unit (``organisation.Unit``, which accounts may not import)."""

    @property
    def pk(self) -> Any: ...
    @property
    def name(self) -> str: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def successor(self) -> DatedUnit | None: ...
    def is_in_force(self, day: datetime.date) -> bool: ...


@transaction.atomic
def role_assign(
    *, actor: User | None, user: UserModel, role: Role, unit: DatedUnit | None = None
) -> RoleAssignment:
    """Give ``user`` the role; officers and secretaries need a unit, the other roles must have none."""
    require_actor(actor, Action.CREATE, RoleAssignment)
    if role in Role.unit_bound() and unit is None:
        raise ApplicationError.for_field(
            "unit", _("The role %(role)s is held in a unit; choose the unit.") % {"role": role.label}
        )
    if role not in Role.unit_bound() and unit is not None:
        raise ApplicationError.for_field(
            "unit", _("The role %(role)s is held city-wide and has no unit.") % {"role": role.label}
        )
    if unit is not None and not unit.is_in_force(timezone.localdate()):
        if unit.successor is not None:
            message = _(
                "The unit %(unit)s ceased on %(day)s and merged into %(successor)s; give the role there."
            ) % {"unit": unit.name, "day": unit.valid_to, "successor": unit.successor.name}
        else:
            message = _("The unit %(unit)s is not in force today; roles are given in units that exist.") % {
                "unit": unit.name
            }
        raise ApplicationError.for_field("unit", message)
    unit_id = unit.pk if unit is not None else None
    in_unit = Q(unit__isnull=True) if unit_id is None else Q(unit_id=unit_id)
    existing = RoleAssignment.objects.filter(in_unit, user=user, role=role).first()
    if existing is not None:
        return existing
    assignment = create_with_audit(
        actor=actor,
        obj=RoleAssignment(user=user, role=role, unit_id=unit_id),
        event=events.USER_ROLE_GRANTED,
        data={"user": user.pk, "role": role.value, "unit": unit_id},
    )
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    require_actor(actor, Action.DELETE, assignment)
    user = assignment.user
    delete_with_audit(
        actor=actor,
        obj=assignment,
        event=events.USER_ROLE_REVOKED,
        data={"user": assignment.user_id, "role": assignment.role, "unit": assignment.unit_id},
    )
    forget_roles(user)
