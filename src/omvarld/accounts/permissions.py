"""The one place that decides what a user may do (NetBox's ``restrict``, HackSoft's single check).

Every view, API endpoint, CLI command and selector asks here. Rules are data: for each resource
(a model's ``app_label.model_name``) and action, which roles may act and how far their reach goes:

* ``ANY``      — every object of the resource;
* ``OWN_UNIT`` — objects that belong to a unit the user holds the role in, or to a unit below it;
* ``SELF``     — only the user's own account, or what belongs to the user (``SELF_FIELDS``);
* ``OWN``      — only the objects the user started or owns (a background job), by ``OWNER_FIELDS``.

A resource that belongs to a unit names the field that points to it in ``UNIT_FIELDS``; one that belongs
to the user who made it, the field that points to them in ``OWNER_FIELDS``.

Modules below ``accounts`` in the layering (core's base views, the audit log) ask through
``core.permissions``, which ``settings.OMVARLD_PERMISSION_POINT`` points here; so this module provides
``can``, ``restrict`` and ``unit_id_of`` with the signatures of ``core.permissions.PermissionPoint``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import models

from omvarld.accounts.models import Role, RoleAssignment, unit_model
from omvarld.core.errors import PermissionDenied
from omvarld.core.permissions import Action, Resource, Target, User


class Scope(StrEnum):
    ANY = "any"
    OWN_UNIT = "own_unit"
    SELF = "self"
    OWN = "own"


ALL_ROLES = tuple(Role)

Grants = dict[Role, Scope]


def _grant(roles: tuple[Role, ...], scope: Scope = Scope.ANY) -> Grants:
    return dict.fromkeys(roles, scope)


RULES: dict[str, dict[Action, Grants]] = {
    "organisation.unit": {
        Action.VIEW: _grant(ALL_ROLES),
        Action.CREATE: _grant((Role.ADMINISTRATOR,)),
        Action.CHANGE: _grant((Role.ADMINISTRATOR,)),
        Action.DELETE: _grant((Role.ADMINISTRATOR,)),
    },
    "organisation.counterpart": {
        Action.VIEW: _grant(ALL_ROLES),
        Action.CREATE: _grant((Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR)),
        Action.CHANGE: _grant((Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR)),
        Action.DELETE: _grant((Role.COORDINATOR, Role.ADMINISTRATOR)),
    },
    "accounts.user": {
        Action.VIEW: {**_grant(ALL_ROLES, Scope.SELF), Role.ADMINISTRATOR: Scope.ANY},
        Action.CREATE: _grant((Role.ADMINISTRATOR,)),
        Action.CHANGE: _grant((Role.ADMINISTRATOR,)),
        Action.DELETE: _grant((Role.ADMINISTRATOR,)),
    },
    "accounts.roleassignment": {
        Action.VIEW: _grant((Role.ADMINISTRATOR, Role.READER)),
        Action.CREATE: _grant((Role.ADMINISTRATOR,)),
        Action.CHANGE: _grant((Role.ADMINISTRATOR,)),
        Action.DELETE: _grant((Role.ADMINISTRATOR,)),
    },
    # Officers and secretaries register and change their own units' matters; matters are withdrawn, never
    # deleted, so that the register keeps every number.
    "engagements.engagement": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CHANGE: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # A matter's documents: seen with the matter, added by those who may change it. A document is kept as
    # long as its matter (the register keeps what was filed); a secret one only by ``SECRET_GRANTS``.
    "engagements.document": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # Secretaries record the decisions of their own body; the coordinator those of KS and its bodies.
    "engagements.decision": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # A matter's travel report and its lessons: seen with the matter, filed by those who may change it.
    "engagements.travelreport": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    "engagements.lesson": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # A membership review is a decision of the body the policy names: its secretary records it, as
    # decisions; the coordinator those of KS and its bodies.
    "engagements.membershipreview": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # Reminders are sent by ``omvarld remind`` (the system) only; who sees a matter sees its reminders.
    "engagements.reminder": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
    # A calendar feed is its owner's alone: nobody else sees its secret URL, renews or revokes it.
    "engagements.calendarfeed": {
        Action.VIEW: _grant(ALL_ROLES, Scope.SELF),
        Action.CREATE: _grant(ALL_ROLES, Scope.SELF),
        Action.CHANGE: _grant(ALL_ROLES, Scope.SELF),
        Action.DELETE: _grant(ALL_ROLES, Scope.SELF),
    },
    # Storing assessments anew across the whole register (the re-assessment job, ``engagements.jobs``) is
    # for the city-wide roles. A single matter's assessment is stored by the service that submits or
    # changes it, and asks CHANGE of the matter instead.
    "engagements.storedassessment": {
        Action.CREATE: _grant((Role.COORDINATOR, Role.ADMINISTRATOR)),
    },
    # Background jobs (``omvarld.jobs``): everyone starts their own (each kind of job also asks its own
    # question: ``jobs.registry``) and sees them; the coordinator and the administrator see everyone's.
    "jobs.job": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN,
            Role.SECRETARY: Scope.OWN,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.OWN,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: _grant(ALL_ROLES, Scope.OWN),
    },
    # Imports of existing registers: an officer imports into their own units (each row is checked as the
    # matter it registers or changes), a coordinator anywhere; readers and administrators see what was
    # imported. Running an import (a dry run or the real one) changes its record.
    "imports.import": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
        Action.CREATE: {Role.OFFICER: Scope.OWN_UNIT, Role.COORDINATOR: Scope.ANY},
        Action.CHANGE: {Role.OFFICER: Scope.OWN_UNIT, Role.COORDINATOR: Scope.ANY},
    },
    # The strategy as study material (``strategy``): its guidelines, their example cases and the source text,
    # for every role. The matters a guideline's page lists are those the user may see of the register.
    "strategy.guideline": {Action.VIEW: _grant(ALL_ROLES)},
    # What if: the whole register assessed under two policy versions — for the city-wide roles.
    "strategy.whatif": {Action.VIEW: _grant((Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR))},
    # Draft policy versions, uploaded as YAML for a what-if and never applied to a matter; kept, not changed.
    "strategy.policydraft": {
        Action.VIEW: _grant((Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR)),
        Action.CREATE: _grant((Role.COORDINATOR, Role.ADMINISTRATOR)),
        Action.DELETE: _grant((Role.COORDINATOR, Role.ADMINISTRATOR)),
    },
    # The log is written by services only; nobody creates, changes or deletes entries through the app.
    "audit.auditentry": {
        Action.VIEW: {
            Role.OFFICER: Scope.OWN_UNIT,
            Role.SECRETARY: Scope.OWN_UNIT,
            Role.COORDINATOR: Scope.ANY,
            Role.READER: Scope.ANY,
            Role.ADMINISTRATOR: Scope.ANY,
        },
    },
}

# Objects marked secret (a document classified under the Public Access to Information and Secrecy Act,
# OSL, and the log entries about it) are seen only by those who handle the matter: the grants below, in
# place of the resource's own, for any action. Everyone else is not told they exist: they are left out of
# every list, count and export (``restrict``), and a page of one is a 404. Administrators run the system,
# not the matters, and are not among them.
SECRET_MARKS: dict[str, str] = {
    "engagements.document": "secret",
    "audit.auditentry": "data__secret",
}
SECRET_GRANTS: Grants = {
    Role.OFFICER: Scope.OWN_UNIT,
    Role.SECRETARY: Scope.OWN_UNIT,
    Role.COORDINATOR: Scope.ANY,
}

# For resources that belong to a unit: the name of the foreign key to ``organisation.Unit`` (``id`` for a
# unit itself, which belongs to itself). The audit log files each entry under the unit named here.
UNIT_FIELDS: dict[str, str] = {
    "organisation.unit": "id",
    "accounts.roleassignment": "unit",
    "audit.auditentry": "unit",
    "engagements.engagement": "unit",
    "engagements.decision": "body",
    "engagements.document": "engagement__unit",
    "engagements.travelreport": "engagement__unit",
    "engagements.lesson": "engagement__unit",
    "engagements.membershipreview": "body",
    "engagements.reminder": "engagement__unit",
    "jobs.job": "unit",
    "imports.import": "unit",
}

# For resources a ``SELF`` grant reaches: the field that names the user an object belongs to (``pk`` for
# an account itself).
SELF_FIELDS: dict[str, str] = {
    "accounts.user": "pk",
    "engagements.calendarfeed": "user",
}

# For resources that belong to the user who made them: the foreign key to that user (``Scope.OWN``).
OWNER_FIELDS: dict[str, str] = {
    "jobs.job": "started_by",
}


def _resource(target: Target) -> str:
    if isinstance(target, Resource):
        return target.label
    return target._meta.label_lower


def _held_roles(user: User) -> dict[Role, set[int | None]]:
    """The user's roles, each with the units it is held in (None for a city-wide role); cached per user."""
    cached: dict[Role, set[int | None]] | None = getattr(user, "_omvarld_roles", None)
    if cached is not None:
        return cached
    held: dict[Role, set[int | None]] = {}
    if user.is_authenticated and user.is_active:
        if getattr(user, "is_superuser", False):
            held[Role.ADMINISTRATOR] = {None}
        for role, unit_id in RoleAssignment.objects.filter(user_id=user.pk).values_list("role", "unit_id"):
            held.setdefault(Role(role), set()).add(unit_id)
    user._omvarld_roles = held  # type: ignore[union-attr]
    return held


def forget_roles(user: User) -> None:
    """Drop the cached roles, after the user's role assignments changed."""
    for attribute in ("_omvarld_roles", "_omvarld_units"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def roles(user: User) -> set[Role]:
    return set(_held_roles(user))


def _reachable_units(user: User, role: Role) -> set[int]:
    """The units where the role is held, every unit below them, and the units that merged into any of
    these: a unit's history belongs to its successor, so who works there sees what was registered before."""
    cache: dict[Role, set[int]] = getattr(user, "_omvarld_units", None) or {}
    if role in cache:
        return cache[role]
    roots = {unit_id for unit_id in _held_roles(user).get(role, set()) if unit_id is not None}
    children: dict[int, list[int]] = {}
    for unit_id, parent_id, successor_id in unit_model()._default_manager.values_list(
        "id", "parent_id", "successor_id"
    ):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(unit_id)
        if successor_id is not None:
            children.setdefault(successor_id, []).append(unit_id)
    reachable: set[int] = set()
    stack = list(roots)
    while stack:
        unit_id = stack.pop()
        if unit_id not in reachable:
            reachable.add(unit_id)
            stack.extend(children.get(unit_id, ()))
    cache[role] = reachable
    user._omvarld_units = cache  # type: ignore[union-attr]
    return reachable


def _grants(user: User, action: Action, resource: str, *, secret: bool = False) -> dict[Role, Scope]:
    """The user's roles that the rule grants, each with its reach; for a secret object, only the roles
    that also see secrets, with the narrower of the two reaches."""
    rule = RULES.get(resource, {}).get(action, {})
    held = _held_roles(user)
    grants = {role: scope for role, scope in rule.items() if role in held}
    if secret:
        grants = {
            role: scope if SECRET_GRANTS[role] is Scope.ANY else SECRET_GRANTS[role]
            for role, scope in grants.items()
            if role in SECRET_GRANTS
        }
    return grants


def is_secret(obj: models.Model) -> bool:
    """Whether ``obj`` is marked secret (``SECRET_MARKS``)."""
    mark = SECRET_MARKS.get(_resource(obj))
    if mark is None:
        return False
    value: Any = obj
    for part in mark.split("__"):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value is True


def unit_id_of(obj: models.Model) -> int | None:
    """The id of the unit ``obj`` belongs to (by ``UNIT_FIELDS``), or None if its kind belongs to none."""
    field_name = UNIT_FIELDS.get(_resource(obj))
    if field_name is None:
        return None
    *path, last = field_name.split("__")
    owner: Any = obj
    for step in path:  # a resource that belongs to a unit through another (a document, by its matter)
        owner = getattr(owner, step)
    unit_id: int | None = getattr(owner, owner._meta.get_field(last).attname)
    return unit_id


def _owner_id(obj: models.Model, resource: str) -> Any:
    """The id of the user ``obj`` belongs to (``SELF_FIELDS``)."""
    field_name = SELF_FIELDS[resource]
    if field_name == "pk":
        return obj.pk
    return getattr(obj, getattr(obj._meta.get_field(field_name), "attname", field_name))


def can(user: User, action: Action, target: Target) -> bool:
    """May ``user`` do ``action`` to ``target``?

    ``target`` is an object, or a model class to ask whether the user may do the action to *some*
    object of that kind (for example, whether to show a "create" button or a list page), or a
    ``Resource`` that is no model (a page across models), asked about the same way.
    """
    resource = _resource(target)
    if isinstance(target, type | Resource):
        return bool(_grants(user, action, resource))
    grants = _grants(user, action, resource, secret=is_secret(target))
    if not grants:
        return False
    for role, scope in grants.items():
        if scope is Scope.ANY:
            return True
        if scope is Scope.SELF and resource in SELF_FIELDS and _owner_id(target, resource) == user.pk:
            return True
        if scope is Scope.OWN and resource in OWNER_FIELDS:
            owner_id = getattr(target, f"{OWNER_FIELDS[resource]}_id", None)
            if user.pk is not None and owner_id == user.pk:
                return True
        if scope is Scope.OWN_UNIT:
            unit_id = unit_id_of(target)
            if unit_id is not None and unit_id in _reachable_units(user, role):
                return True
    return False


def require(user: User, action: Action, target: Target) -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDenied()


def require_actor(actor: User | None, action: Action, target: Target) -> None:
    """The check every service makes. ``None`` is the system itself (a command run on the server, the demo
    loader), which is trusted; any user must pass ``require``."""
    if actor is not None:
        require(actor, action, target)


def restrict[M: models.Model](queryset: models.QuerySet[M], user: User, action: Action) -> models.QuerySet[M]:
    """Narrow ``queryset`` to the objects ``user`` may do ``action`` to."""
    resource = _resource(queryset.model)
    mark = SECRET_MARKS.get(resource)
    if mark is None:
        return queryset.filter(_reach(user, _grants(user, action, resource), resource))
    secret = models.Q(**{mark: True})
    # Spelt out rather than ``~secret``: a log entry without the key has no value to compare, and a negated
    # comparison with nothing is not true in SQL.
    open_to_all = models.Q(**{f"{mark}__isnull": True}) | models.Q(**{mark: False})
    return queryset.filter(
        (open_to_all & _reach(user, _grants(user, action, resource), resource))
        | (secret & _reach(user, _grants(user, action, resource, secret=True), resource))
    )


def _reach(user: User, grants: dict[Role, Scope], resource: str) -> models.Q:
    """The condition an object meets when one of ``grants`` reaches it."""
    if any(scope is Scope.ANY for scope in grants.values()):
        return models.Q()
    condition = models.Q(pk__in=[])
    for role, scope in grants.items():
        if scope is Scope.SELF and resource in SELF_FIELDS:
            condition |= models.Q(**{SELF_FIELDS[resource]: user.pk})
        elif scope is Scope.OWN_UNIT and resource in UNIT_FIELDS:
            condition |= models.Q(**{f"{UNIT_FIELDS[resource]}__in": _reachable_units(user, role)})
        elif scope is Scope.OWN and resource in OWNER_FIELDS and user.pk is not None:
            condition |= models.Q(**{OWNER_FIELDS[resource]: user.pk})
    return condition


def units_reached(user: User, role: Role) -> set[int]:
    """The ids of the units the user reaches in ``role``: where it is held, every unit below, and the units
    merged into these (empty for a role the user does not hold, and for a city-wide one)."""
    return set(_reachable_units(user, role))


def describe(user: User) -> list[dict[str, Any]]:
    """The user's roles for display: role, its label, and the unit ids it is held in."""
    return [
        {"role": role, "label": role.label, "units": sorted(u for u in units if u is not None)}
        for role, units in sorted(_held_roles(user).items())
    ]
