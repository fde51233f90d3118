"""The audit log's events: every kind of entry, declared once (as Zulip's ``RealmAuditLog`` event types).

Each entry records an event — ``counterpart.created``, ``user.role_granted``, ``auth.login_failed`` — besides
its coarse action (created, changed, deleted, signed in …). An event declares, in one line:

* its **name**, ``<what it is about>.<what happened>``, stored in the entry and covered by its hash;
* its **label**, an English msgid with its Swedish translation, shown in the log and in its filter;
* the **action** it is (``AuditAction``), by which the start page and older readers of the log group;
* the **kind of object** it is about: a model's ``app_label.model_name``, or a name in
  ``OBJECT_TYPES_WITHOUT_MODEL`` (a backup file, the log itself);
* the **data** it carries, in ``AuditEntry.data``: exactly these keys, every time. A key is either a field
  of the object's model (then the log shows it as that field: its label, its choice labels, the name of
  the object a foreign key points to) or labelled in ``DATA_LABELS``.

Adding an event is one declaration here, for example::

    ENGAGEMENT_SUBMITTED = event(
        "engagement.submitted", _("Engagement submitted"), AuditAction.UPDATE, "engagements.engagement",
        data=("submitted_to",),
    )

and its service passes ``event=events.ENGAGEMENT_SUBMITTED`` to ``audit_record`` (or to one of the
``*_with_audit`` helpers). A plain creation, change or deletion of a model needs no argument: the event
named ``<model_name>.created`` (``.updated``, ``.deleted``) is used, and must be declared. Writing an
event that is not declared, or data other than what it declares, is a programming error: the writer
raises, and ``tests/audit/test_events.py`` checks the declarations and every literal event name in the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omvarld.audit.models import AuditAction, object_type_label

NAME = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")
# The conventional names of a model's plain creation, change and deletion.
CHANGE_VERBS = {AuditAction.CREATE: "created", AuditAction.UPDATE: "updated", AuditAction.DELETE: "deleted"}


class UnknownAuditEvent(LookupError):
    """An event name nobody declared: a programming error, never a user's."""


@dataclass(frozen=True)
class AuditEvent:
    name: str
    label: str | Promise
    action: AuditAction
    object_type: str
    data: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name


EVENTS: dict[str, AuditEvent] = {}


def event(
    name: str, label: str | Promise, action: AuditAction, object_type: str, *, data: tuple[str, ...] = ()
) -> AuditEvent:
    """Declare an event (once, in this module)."""
    if not NAME.fullmatch(name):
        raise ValueError(f"An audit event is named <object>.<what happened> in lower case, not {name!r}.")
    if name in EVENTS:
        raise ValueError(f"The audit event {name} is declared twice.")
    if len(set(data)) != len(data):
        raise ValueError(f"The audit event {name} names a datum twice.")
    declared = AuditEvent(name=name, label=label, action=action, object_type=object_type, data=data)
    EVENTS[name] = declared
    return declared


def get(name: str) -> AuditEvent:
    """The event of that name; ``UnknownAuditEvent`` if none is declared."""
    try:
        return EVENTS[name]
    except KeyError:
        raise UnknownAuditEvent(f"No audit event {name!r} is declared in omvarld.audit.events.") from None


def for_change(object_type: str, action: AuditAction) -> AuditEvent:
    """The event of a plain creation, change or deletion of a model: ``<model_name>.created`` and so on."""
    verb = CHANGE_VERBS.get(action)
    if verb is None:
        raise UnknownAuditEvent(f"The action {action!r} has no plain event; name the event to record.")
    declared = get(f"{object_type.rpartition('.')[2]}.{verb}")
    if declared.object_type != object_type:
        raise UnknownAuditEvent(f"{declared.name} is declared for {declared.object_type}, not {object_type}.")
    return declared


def choices() -> list[tuple[str, list[tuple[str, str | Promise]]]]:
    """The events as grouped choices for a filter: by the kind of object, in order of declaration."""
    groups: dict[str, list[tuple[str, str | Promise]]] = {}
    for declared in EVENTS.values():
        groups.setdefault(declared.object_type, []).append((declared.name, declared.label))
    return [(str(object_type_label(kind)).capitalize(), members) for kind, members in groups.items()]


# Labels of the data that are not fields of the object's model.
DATA_LABELS: dict[str, str | Promise] = {
    "address": _("address"),
    "account_exists": _("account exists"),
    "addresses": _("addresses"),
    "failures": _("failed attempts"),
    "file": _("file"),
    "sha256": _("SHA-256"),
    "backup_created": _("backup made"),
    "backup_host": _("backup made on"),
    "backup_version": _("Omvärld version of the backup"),
    "tables": _("tables"),
    "rows": _("rows"),
    "previous_database_kept_in": _("previous database kept in"),
    "previous_head": _("previous chain head"),
    "entries": _("entries"),
    "intact": _("previous chain intact"),
    "first_break": _("first break"),
    "outcome": _("outcome"),
    "decided_by": _("deciding body"),
    "policy_version": _("policy version"),
    "lessons": _("lessons learnt"),
}

# --- The register ---------------------------------------------------------------------------------------
ENGAGEMENT_CREATED = event(
    "engagement.created", _("Engagement registered"), AuditAction.CREATE, "engagements.engagement"
)
ENGAGEMENT_UPDATED = event(
    "engagement.updated", _("Engagement changed"), AuditAction.UPDATE, "engagements.engagement"
)
ENGAGEMENT_SUBMITTED = event(
    "engagement.submitted",
    _("Engagement submitted for decision"),
    AuditAction.UPDATE,
    "engagements.engagement",
    data=("outcome", "decided_by", "policy_version"),
)
ENGAGEMENT_WITHDRAWN = event(
    "engagement.withdrawn", _("Engagement withdrawn"), AuditAction.UPDATE, "engagements.engagement"
)
ENGAGEMENT_DECIDED = event(
    "engagement.decided",
    _("Engagement decided"),
    AuditAction.UPDATE,
    "engagements.engagement",
    data=("outcome", "decided_by"),
)
ENGAGEMENT_CARRIED_OUT = event(
    "engagement.carried_out", _("Engagement carried out"), AuditAction.UPDATE, "engagements.engagement"
)
ENGAGEMENT_FOLLOWED_UP = event(
    "engagement.followed_up", _("Engagement followed up"), AuditAction.UPDATE, "engagements.engagement"
)
ENGAGEMENT_CLOSED = event(
    "engagement.closed", _("Engagement closed"), AuditAction.UPDATE, "engagements.engagement"
)
DECISION_RECORDED = event(
    "decision.recorded", _("Decision recorded"), AuditAction.CREATE, "engagements.decision", data=()
)

# The entry of a secret document carries ``secret: true``: the permission point then shows it only to
# those who may see the document (``accounts.permissions.SECRET_MARKS``).
DOCUMENT_CREATED = event(
    "document.created", _("Document filed"), AuditAction.CREATE, "engagements.document", data=("secret",)
)

# --- Following up: travel reports, lessons, membership reviews, reminders, calendar feeds ---------------
TRAVEL_REPORT_FILED = event(
    "travel_report.filed",
    _("Travel report filed"),
    AuditAction.CREATE,
    "engagements.travelreport",
    data=("lessons",),
)
LESSON_RECORDED = event(
    "lesson.recorded", _("Lesson learnt recorded"), AuditAction.CREATE, "engagements.lesson"
)
MEMBERSHIP_REVIEW_RECORDED = event(
    "membership_review.recorded",
    _("Membership review recorded"),
    AuditAction.CREATE,
    "engagements.membershipreview",
    data=("decision",),
)
REMINDER_SENT = event("reminder.sent", _("Reminder sent"), AuditAction.CREATE, "engagements.reminder")
# A calendar link is replaced by revoking it and issuing a new one, in one transaction: two entries.
CALENDAR_FEED_ISSUED = event(
    "calendar_feed.issued", _("Calendar link created"), AuditAction.CREATE, "engagements.calendarfeed"
)
CALENDAR_FEED_REVOKED = event(
    "calendar_feed.revoked", _("Calendar link revoked"), AuditAction.DELETE, "engagements.calendarfeed"
)
# --- Background jobs -----------------------------------------------------------------------------------
# Started (and queued), then finished with its figures or failed with its message (``jobs.services``).
JOB_STARTED = event(
    "job.started", _("Background job started"), AuditAction.CREATE, "jobs.job", data=("kind", "params")
)
JOB_SUCCEEDED = event(
    "job.succeeded", _("Background job finished"), AuditAction.UPDATE, "jobs.job", data=("kind", "result")
)
JOB_FAILED = event(
    "job.failed", _("Background job failed"), AuditAction.UPDATE, "jobs.job", data=("kind", "error")
)
# --- Imports of existing registers ---------------------------------------------------------------------
# An import's file is uploaded; each dry run and the import itself are recorded with their counts (the rows
# the import registers or changes have their own entries, ``engagement.created`` and so on).
IMPORT_UPLOADED = event(
    "import.uploaded", _("File uploaded for import"), AuditAction.CREATE, "imports.import"
)
IMPORT_CHECKED = event(
    "import.checked",
    _("Import tried (nothing changed)"),
    AuditAction.UPDATE,
    "imports.import",
    data=("rows", "created", "updated", "unchanged", "errors"),
)
IMPORT_COMPLETED = event(
    "import.completed",
    _("Import carried out"),
    AuditAction.UPDATE,
    "imports.import",
    data=("rows", "created", "updated", "unchanged"),
)
IMPORT_REFUSED = event(
    "import.refused",
    _("Import refused (nothing changed)"),
    AuditAction.UPDATE,
    "imports.import",
    data=("rows", "errors"),
)
# --- The strategy --------------------------------------------------------------------------------------
POLICYDRAFT_CREATED = event(
    "policydraft.created", _("Draft policy version uploaded"), AuditAction.CREATE, "strategy.policydraft"
)
POLICYDRAFT_DELETED = event(
    "policydraft.deleted", _("Draft policy version deleted"), AuditAction.DELETE, "strategy.policydraft"
)

# --- Organisation --------------------------------------------------------------------------------------
UNIT_CREATED = event("unit.created", _("Unit created"), AuditAction.CREATE, "organisation.unit")
UNIT_UPDATED = event("unit.updated", _("Unit changed"), AuditAction.UPDATE, "organisation.unit")
UNIT_MERGED = event(
    "unit.merged", _("Unit merged into its successor"), AuditAction.UPDATE, "organisation.unit"
)
UNIT_DELETED = event("unit.deleted", _("Unit deleted"), AuditAction.DELETE, "organisation.unit")
COUNTERPART_CREATED = event(
    "counterpart.created", _("Counterpart created"), AuditAction.CREATE, "organisation.counterpart"
)
COUNTERPART_UPDATED = event(
    "counterpart.updated", _("Counterpart changed"), AuditAction.UPDATE, "organisation.counterpart"
)
COUNTERPART_DELETED = event(
    "counterpart.deleted", _("Counterpart deleted"), AuditAction.DELETE, "organisation.counterpart"
)

# --- Accounts and roles --------------------------------------------------------------------------------
USER_CREATED = event("user.created", _("Account created"), AuditAction.CREATE, "accounts.user")
USER_UPDATED = event("user.updated", _("Account changed"), AuditAction.UPDATE, "accounts.user")
USER_PASSWORD_CHANGED = event(
    "user.password_changed", _("Password changed"), AuditAction.PASSWORD_CHANGE, "accounts.user"
)
USER_UNLOCKED = event(
    "user.unlocked",
    _("Sign-in lockout lifted"),
    AuditAction.UNLOCK,
    "accounts.user",
    data=("username", "address", "failures", "addresses"),
)
USER_ROLE_GRANTED = event(
    "user.role_granted",
    _("Role granted"),
    AuditAction.CREATE,
    "accounts.roleassignment",
    data=("user", "role", "unit"),
)
USER_ROLE_REVOKED = event(
    "user.role_revoked",
    _("Role revoked"),
    AuditAction.DELETE,
    "accounts.roleassignment",
    data=("user", "role", "unit"),
)

# --- Signing in ----------------------------------------------------------------------------------------
AUTH_LOGIN_SUCCEEDED = event(
    "auth.login_succeeded", _("Signed in"), AuditAction.LOGIN, "accounts.user", data=("address",)
)
AUTH_LOGIN_FAILED = event(
    "auth.login_failed",
    _("Sign-in failed"),
    AuditAction.LOGIN_FAILED,
    "accounts.user",
    data=("address", "account_exists"),
)
AUTH_LOCKED_OUT = event(
    "auth.locked_out", _("Locked out"), AuditAction.LOCKOUT, "accounts.user", data=("address",)
)
AUTH_LOGGED_OUT = event(
    "auth.logged_out", _("Signed out"), AuditAction.LOGOUT, "accounts.user", data=("address",)
)

# --- Operations ----------------------------------------------------------------------------------------
BACKUP_RESTORED = event(
    "backup.restored",
    _("Database restored"),
    AuditAction.RESTORE,
    "core.backup",
    data=(
        "file",
        "sha256",
        "backup_created",
        "backup_host",
        "backup_version",
        "tables",
        "rows",
        "previous_database_kept_in",
    ),
)
# Written once by the migration that gave entries their event (audit 0004): the chain was computed anew,
# and this keeps the head it had before and whether it was intact, for whoever kept that head elsewhere.
AUDIT_CHAIN_RESEALED = event(
    "audit.chain_resealed",
    _("Audit log re-sealed"),
    AuditAction.RESEAL,
    "audit.chain",
    data=("previous_head", "entries", "intact", "first_break"),
)
