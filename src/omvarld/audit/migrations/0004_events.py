"""Every entry names its event (``audit.events``) and carries the event's data; both join the hashed content.

For the entries already written, the event is derived from what each entry holds (its kind of object and
its action), the details that sign-ins, unlocks and restores kept in ``after`` move to ``data``, and role
grants and revocations get the role, unit and user as their data. Then the chain is computed anew, oldest
first, under the new canonical form — as ``0003_hash_chain`` did under the first.

Computing the chain anew changes its head, which an operator may have kept outside the database (``omvarld
audit verify`` asks for that). So the old chain is verified first, under its own form, and one more entry,
``audit.chain_resealed``, records the old head, the number of entries and whether the old chain was
intact (and where it first broke, if it was not): a change made behind Omvärld's back before the upgrade
stays on record instead of being sealed into the new chain unnoticed.

Both forms of the hash are frozen in this file (they must not follow later edits of ``audit.chain``); a
test checks that the new one agrees with ``audit.chain.entry_digest`` today.
"""

import datetime
import hashlib
import json

from django.db import migrations, models
from django.utils import timezone

GENESIS_HASH = "0" * 64

# (object type, action) → event, for every kind of entry written before events existed.
EVENTS = {
    ("organisation.unit", "create"): "unit.created",
    ("organisation.unit", "update"): "unit.updated",
    ("organisation.unit", "delete"): "unit.deleted",
    ("organisation.counterpart", "create"): "counterpart.created",
    ("organisation.counterpart", "update"): "counterpart.updated",
    ("organisation.counterpart", "delete"): "counterpart.deleted",
    ("accounts.user", "create"): "user.created",
    ("accounts.user", "update"): "user.updated",
    ("accounts.user", "password_change"): "user.password_changed",
    ("accounts.user", "unlock"): "user.unlocked",
    ("accounts.user", "login"): "auth.login_succeeded",
    ("accounts.user", "login_failed"): "auth.login_failed",
    ("accounts.user", "lockout"): "auth.locked_out",
    ("accounts.user", "logout"): "auth.logged_out",
    ("accounts.roleassignment", "create"): "user.role_granted",
    ("accounts.roleassignment", "delete"): "user.role_revoked",
    ("core.backup", "restore"): "backup.restored",
}
# The data each event carries, as audit.events declared it when this migration was written.
DATA = {
    "user.unlocked": ("username", "address", "failures", "addresses"),
    "user.role_granted": ("user", "role", "unit"),
    "user.role_revoked": ("user", "role", "unit"),
    "auth.login_succeeded": ("address",),
    "auth.login_failed": ("address", "account_exists"),
    "auth.locked_out": ("address",),
    "auth.logged_out": ("address",),
    "backup.restored": (
        "file",
        "sha256",
        "backup_created",
        "backup_host",
        "backup_version",
        "tables",
        "rows",
        "previous_database_kept_in",
    ),
}
DATA_CHANGES = {"create", "update", "delete"}


def _canonical(content) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _timestamp(entry) -> str:
    return entry.timestamp.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def digest_before_events(entry) -> str:
    """The hash of 0003_hash_chain, which the entries carry until this migration."""
    return _canonical(
        {
            "timestamp": _timestamp(entry),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "channel": entry.channel,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "unit_id": entry.unit_id,
            "before": entry.before,
            "after": entry.after,
            "previous_hash": entry.previous_hash,
        }
    )


def digest(entry) -> str:
    """The hash from this migration on: the event and its data are part of the content."""
    return _canonical(
        {
            "timestamp": _timestamp(entry),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "channel": entry.channel,
            "action": entry.action,
            "event": entry.event,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "unit_id": entry.unit_id,
            "before": entry.before,
            "after": entry.after,
            "data": entry.data,
            "previous_hash": entry.previous_hash,
        }
    )


def derive(entry) -> None:
    """Give an entry written before events existed its event and data (in place)."""
    model_name = entry.object_type.rpartition(".")[2]
    verbs = {"create": "created", "update": "updated", "delete": "deleted"}
    entry.event = EVENTS.get(
        (entry.object_type, entry.action), f"{model_name}.{verbs.get(entry.action, entry.action)}"
    )
    keys = DATA.get(entry.event, ())
    if entry.action in DATA_CHANGES:
        values = (entry.after if entry.action != "delete" else entry.before) or {}
        entry.data = {key: values.get(key) for key in keys}
    else:
        # The details these events kept in ``after`` are their data now; they changed no field.
        details = entry.after or {}
        entry.data = {key: details.get(key) for key in keys} if keys else dict(details)
        entry.after = None


def _old_chain_state(entries):
    """How the chain stood before this migration: its head, its length, and where it first broke (or None)."""
    previous, first_break, count = GENESIS_HASH, None, 0
    for entry in entries:
        count += 1
        if first_break is None:
            if entry.previous_hash != previous:
                first_break = f"post {entry.pk}: länken till föregående post stämmer inte"
            elif digest_before_events(entry) != entry.entry_hash:
                first_break = f"post {entry.pk}: innehållet stämmer inte med postens kontrollsumma"
        previous = entry.entry_hash
    return previous, count, first_break


def seal_events(apps, schema_editor) -> None:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    in_order = AuditEntry.objects.order_by("id")
    old_head, count, first_break = _old_chain_state(in_order.iterator(chunk_size=2000))
    if not count:
        return
    recorded = AuditChainHead.objects.filter(pk=1).first()
    if first_break is None and recorded is not None and recorded.head_hash != old_head:
        first_break = (
            "loggens slut stämmer inte med kedjans registrerade slut; poster i slutet har tagits bort"
        )
    previous, batch = GENESIS_HASH, []
    for entry in in_order.iterator(chunk_size=2000):
        derive(entry)
        entry.previous_hash = previous
        entry.entry_hash = digest(entry)
        previous = entry.entry_hash
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["event", "data", "after", "previous_hash", "entry_hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["event", "data", "after", "previous_hash", "entry_hash"])
    seal = AuditEntry(
        timestamp=timezone.now(),
        actor_id=None,
        actor_name="system",
        channel="system",
        action="reseal",
        event="audit.chain_resealed",
        object_type="audit.chain",
        object_id="",
        object_repr="0004_events",
        unit_id=None,
        before=None,
        after=None,
        data={
            "previous_head": old_head,
            "entries": count,
            "intact": first_break is None,
            "first_break": first_break,
        },
        previous_hash=previous,
    )
    seal.entry_hash = digest(seal)
    seal.save()
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"head_hash": seal.entry_hash, "last_entry_id": seal.pk, "entries": count + 1}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="event",
            field=models.CharField(db_index=True, default="", max_length=64, verbose_name="event"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="data"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("delete", "Deleted"),
                    ("login", "Signed in"),
                    ("login_failed", "Sign-in failed"),
                    ("lockout", "Locked out"),
                    ("logout", "Signed out"),
                    ("unlock", "Unlocked"),
                    ("password_change", "Password changed"),
                    ("restore", "Database restored"),
                    ("reseal", "Re-sealed"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        # Going back would need the old form computed anew; restore the backup made before upgrading.
        migrations.RunPython(seal_events, elidable=False),
    ]
