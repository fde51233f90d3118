"""The audit log's hash chain: each entry's hash covers its content and the previous entry's hash.

Changing, removing or inserting an entry behind the application's back (in the database itself) breaks the
chain from that entry on, and ``chain_verify`` names the first entry where it breaks. The hash is plain
SHA-256 over a canonical JSON form, so anyone can recompute it; it proves the log was not changed after
the fact only together with a head hash kept outside the database (``omvarld audit verify`` prints it).

The canonical form is a contract: entries written years ago must still verify. It changes only together
with a migration that computes the chain anew under the new form and records the head it replaces (as
``audit/migrations/0004_events.py`` did when the event and its data joined the hashed content), with a
frozen copy of the form in the migration and a test that the copy agrees with ``entry_content``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omvarld.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry

# The stored values the hash covers: all but the entry's id and its own hash.
CONTENT_FIELDS = (
    "timestamp",
    "actor_id",
    "actor_name",
    "channel",
    "action",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "unit_id",
    "before",
    "after",
    "data",
    "previous_hash",
)


def content_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the hash covers, from an entry's values by attribute name (``CONTENT_FIELDS``)."""
    content = {name: values[name] for name in CONTENT_FIELDS}
    content["timestamp"] = values["timestamp"].astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return content


def entry_content(entry: AuditEntry) -> dict[str, Any]:
    """What the hash covers: every stored value of the entry but its id and its own hash."""
    return content_of({name: getattr(entry, name) for name in CONTENT_FIELDS})


def values_digest(values: Mapping[str, Any]) -> str:
    """The hash of an entry given as its values by attribute name (a writer of many entries makes no
    model objects)."""
    canonical = json.dumps(content_of(values), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_digest(entry: AuditEntry) -> str:
    return values_digest({name: getattr(entry, name) for name in CONTENT_FIELDS})


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int | None
    timestamp: datetime.datetime | None
    reason: str

    def __str__(self) -> str:
        if self.entry_id is None:
            return self.reason
        when = f" ({self.timestamp:%Y-%m-%d %H:%M:%S} UTC)" if self.timestamp else ""
        return f"post {self.entry_id}{when}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the whole log in order and report where the chain first breaks, if it does."""
    previous = GENESIS_HASH
    count = 0
    last_id: int | None = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        count += 1
        if entry.previous_hash != previous:
            return ChainReport(
                count,
                previous,
                ChainBreak(
                    entry.pk,
                    entry.timestamp,
                    "länken till föregående post stämmer inte; en post före den har tagits bort, lagts "
                    "till eller ändrats.",
                ),
            )
        if entry_digest(entry) != entry.entry_hash:
            return ChainReport(
                count,
                previous,
                ChainBreak(
                    entry.pk,
                    entry.timestamp,
                    "innehållet stämmer inte med postens kontrollsumma; posten är ändrad.",
                ),
            )
        previous = entry.entry_hash
        last_id = entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.head_hash != previous or head.last_entry_id != last_id):
        return ChainReport(
            count,
            previous,
            ChainBreak(
                None,
                None,
                f"loggen slutar vid post {last_id or '–'}, men kedjans slut är registrerat vid post "
                f"{head.last_entry_id or '–'} ({head.entries} poster); poster i slutet har tagits bort.",
            ),
        )
    return ChainReport(count, previous, None)
