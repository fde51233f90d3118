from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The hash the first entry links back to.
GENESIS_HASH = "0" * 64

# Entries about things that are not rows of a model (a restore is about a backup file).
OBJECT_TYPES_WITHOUT_MODEL = {"core.backup": _("backup"), "audit.chain": _("audit log")}


def object_type_label(object_type: str) -> str:
    """A kind of object in the reader's language ("enhet", "motpart"), or its raw label if unknown."""
    if object_type in OBJECT_TYPES_WITHOUT_MODEL:
        return str(OBJECT_TYPES_WITHOUT_MODEL[object_type])
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOCKOUT = "lockout", _("Locked out")
    LOGOUT = "logout", _("Signed out")
    UNLOCK = "unlock", _("Unlocked")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    RESTORE = "restore", _("Database restored")
    RESEAL = "reseal", _("Re-sealed")

    @classmethod
    def data_changes(cls) -> list[str]:
        """The actions that change the register itself, as opposed to sign-ins and operations."""
        return [cls.CREATE, cls.UPDATE, cls.DELETE]


class AuditChannel(models.TextChoices):
    """How a change arrived; the values are those of ``core.context.Channel``."""

    WEB = "web", _("web")
    API = "api", _("API")
    CLI = "cli", _("command line")
    SYSTEM = "system", _("system")


class AuditEntry(models.Model):
    """One event recorded by a service: who, when, through which channel, what happened, before and after.

    ``event`` names what happened (``audit.events``: ``counterpart.updated``, ``user.role_granted``) and
    ``data`` holds what that event carries; ``before`` and ``after`` hold the object's stored values when
    the event changed them.

    Entries are append-only: the model refuses to be saved twice or deleted, and no view, API or admin
    page offers to change them. Each entry also carries a hash over its content and the previous entry's
    hash (``audit.chain``), so that a change made behind the application's back is found by
    ``omvarld audit verify``. The actor and the unit are protected from deletion for the same reason: the
    entry's hash covers them.
    """

    # Set before the hash is computed, so not auto_now_add (which would overwrite it on insert).
    timestamp = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept as text as well, so that the entry still names its actor if the account is removed.
    actor_name = models.CharField(_("actor name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=AuditChannel.choices)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    # Not a choices field: declaring an event (audit.events) needs no migration.
    event = models.CharField(_("event"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous entry's hash"), max_length=64, default=GENESIS_HASH)
    entry_hash = models.CharField(_("hash"), max_length=64, default="", db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        what = self.event or self.action
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_name} {what} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit entries cannot be deleted.")

    def object_type_label(self) -> str:
        """The changed object's kind in the reader's language ("enhet", "motpart"), or its raw label."""
        return object_type_label(self.object_type)

    def event_label(self) -> str:
        """What happened, in the reader's language ("Motpart ändrad"); the event's name if undeclared."""
        from omvarld.audit.events import EVENTS

        declared = EVENTS.get(self.event)
        return str(declared.label) if declared is not None else self.event

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """The fields whose value differs between before and after, in a stable order (the id aside)."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted((set(before) | set(after)) - {"id"})
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class AuditChainHead(models.Model):
    """The end of the hash chain: one row, locked by every writer of the log.

    Appending reads the last hash and writes the next entry under this row's lock, so two concurrent
    writers cannot both link to the same predecessor (on PostgreSQL a row lock; SQLite's IMMEDIATE
    transactions already let one writer at a time). It also records how far the log reached, so that
    entries cut off the end are found as well.
    """

    head_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    last_entry_id = models.BigIntegerField(null=True, blank=True)
    entries = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return self.head_hash
