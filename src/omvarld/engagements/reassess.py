"""Re-assessing the register: every matter waiting for a decision gets a fresh stored assessment.

When the policy in force changes (a new version takes effect, a parameter's dated value begins), the
matters already submitted still carry the assessment they were submitted with, and so wait in the queue
of the body that assessment named. Re-assessing gives each of them, and only them, what
``services.assessment_store`` would give it today: a new ``StoredAssessment`` (the policy version and its
hash, the facts, the outcome, the deciding body, the engine's result) and the matter's latest outcome,
deciding body and place in the queue. Decided matters keep the assessment they were decided on; drafts
have none stored (they are assessed as they are shown).

It is built for a register of millions: the matters are read in batches by primary key (keyset, so each
batch is one index range and memory stays constant), assessed by the pure engine (``policy.prioritise``
over the batch, which gives each matter's assessment and score exactly as it does one at a time), and
written with one statement per batch for the matters and one for their assessments. The result is the
same as calling ``assessment_store`` for each matter (``tests/engagements/test_reassess.py``), with the
assessment's JSON as the engine serialises it (``policy.render.assessment_json``, which decodes to
``Assessment.to_dict()``) with its citations by passage id (``stored_results.compact_json``), the
version's texts kept once (``services.policy_texts_keep``).

A matter changed while the re-assessment runs (its ``lock_version`` moved on: an officer saved it and so
stored its own fresh assessment, or it was decided or withdrawn) is left as that change left it, and
counted as skipped. The caller runs all this in one transaction (a background job), so that a failure
leaves the register as it was.
"""

from __future__ import annotations

import datetime
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
from django.conf import settings
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from omvarld import policy
from omvarld.accounts.permissions import Action, User, restrict
from omvarld.core import bulk, workers
from omvarld.core.errors import ApplicationError
from omvarld.engagements import interchange, signals
from omvarld.engagements.models import Engagement, Status, StoredAssessment
from omvarld.engagements.services import BODY_UNIT_CODES, _place, policy_texts_keep
from omvarld.engagements.stored_results import compact_json
from omvarld.organisation.models import Counterpart, Unit
from omvarld.policy.cases import cited_passages

BATCH: Final = 2000
# From this many matters on, the batches are assessed in a pool of processes (``OMVARLD_BULK_PROCESSES``):
# starting one, with Django and the policy's compiled plans, takes a few seconds.
PROCESSES_FROM: Final = 20_000

# What ``interchange.facts_of`` reads of a matter, what the write compares, and what a message names.
COLUMNS: Final = (
    "id",
    "lock_version",
    "registration_number",
    "kind",
    "requested_kind",
    "title",
    "unit_id",
    "counterpart_id",
    "starts_on",
    "funding",
    "latest_outcome",
    "latest_decided_by",
    "deciding_body_id",
    *interchange.POLICY_COLUMNS,
)


# The columns of those that hold JSON.
JSON_COLUMNS: Final = frozenset(("funding", *interchange.LIST_FIELDS))


# A matter's new values (id, the lock_version read, queue place, deciding body, outcome, engine body), and
# its new assessment (id, policy version, hash, facts JSON, outcome, engine body, result JSON).
Update = tuple[int, int, float, int | None, str, str]
Stored = tuple[int, str, str, bytes, str, str, bytes]


class _Matter:
    """A matter as ``interchange.facts_of`` reads it: the columns above as attributes, its unit and its
    counterpart shared between the matters of a batch (a model instance per row costs more than the
    assessment's own reading of it)."""

    def __init__(
        self, values: Sequence[Any], units: Mapping[int, Unit], counterparts: Mapping[int, Any]
    ) -> None:
        # The columns set in one go, not a ``setattr`` each (7.2 -> 5.8 us a matter), then the JSON ones
        # decoded.
        attributes = self.__dict__
        attributes.update(zip(COLUMNS, values, strict=True))
        for name in JSON_COLUMNS:
            attributes[name] = orjson.loads(attributes[name])
        self.unit = units[self.unit_id]  # type: ignore[attr-defined]
        self.counterpart = counterparts.get(self.counterpart_id)  # type: ignore[attr-defined]


@dataclass
class Reassessed:
    """What a re-assessment did."""

    as_of: datetime.date
    total: int = 0
    assessed: int = 0
    changed_outcome: int = 0
    changed_body: int = 0
    skipped: int = 0
    versions: dict[str, int] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "waiting": self.total,
            "assessed": self.assessed,
            "changed_outcome": self.changed_outcome,
            "changed_body": self.changed_body,
            "skipped": self.skipped,
            "policy_versions": dict(sorted(self.versions.items())),
        }


Progress = Callable[[int, int, str | None], None]


def _no_progress(done: int, total: int, message: str | None = None) -> None:
    return None


def waiting(*, actor: User | None) -> Any:
    """The matters a re-assessment takes: those waiting for a decision that the actor may change."""
    matters = Engagement.objects.filter(status=Status.SUBMITTED)
    return restrict(matters, actor, Action.CHANGE) if actor is not None else matters


def _batches(actor: User | None, size: int) -> Iterator[list[tuple[Any, ...]]]:
    # The JSON columns are read as their text and decoded where the batch is assessed (``_Matter``), by
    # orjson: decoding them here, with Django's ``json.loads``, was a quarter of this process's work.
    texts = {f"{name}_json": Cast(name, output_field=TextField()) for name in JSON_COLUMNS}
    read = [f"{name}_json" if name in JSON_COLUMNS else name for name in COLUMNS]
    last = 0
    matters = waiting(actor=actor).order_by("pk").annotate(**texts).values_list(*read)
    while True:
        batch = list(matters.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


class _Counterparts(dict[int, Any]):
    """The counterparts the matters name, read as they are first needed (a few hundred in a city)."""

    def need(self, ids: set[int]) -> None:
        missing = ids - self.keys()
        if missing:
            if len(self) > 100_000:
                self.clear()
            for row in Counterpart.objects.filter(pk__in=missing).only("name", "type", "country", "city"):
                self[row.pk] = row


def _deciding_bodies(units: Mapping[int, Unit]) -> Callable[[_Matter, str], int | None]:
    """``services.deciding_unit`` without a query: the body's unit id for a matter and an engine body."""
    by_code = {unit.code: unit.pk for unit in units.values()}
    named = {body: by_code.get(code) for body, code in BODY_UNIT_CODES.items()}

    def body(matter: _Matter, decided_by: str) -> int | None:
        if decided_by in named:
            return named[decided_by]
        if decided_by in ("namnd", "bolagsstyrelse"):
            acting = interchange.policy_unit(matter.unit, units)
            return acting.pk if acting is not None else None
        return None

    return body


class _Unreadable(Exception):
    """A matter the engine cannot read (raised where it is assessed, worded where the job runs)."""

    def __init__(self, number: str, error: policy.InputError) -> None:
        super().__init__(number)
        self.number, self.error = number, error

    def __reduce__(self) -> tuple[type[_Unreadable], tuple[str, policy.InputError]]:
        # Raised in a process of the pool, it reaches the job's process pickled.
        return (_Unreadable, (self.number, self.error))


def _assessed(matters: list[_Matter], facts: list[dict[str, Any]]) -> list[policy.Priority]:
    """Each matter's priority (its assessment, worded and serialised, and its score), in the matters'
    order."""
    try:
        ranked = policy.prioritise(facts, explain=True)
    except policy.InputError:
        for matter, one in zip(matters, facts, strict=True):
            try:
                policy.prioritise([one])
            except policy.InputError as error:
                raise _Unreadable(matter.registration_number, error) from error  # type: ignore[attr-defined]
        raise
    in_order: list[policy.Priority | None] = [None] * len(facts)
    for priority in ranked:
        in_order[priority.index] = priority
    return in_order  # type: ignore[return-value]


@dataclass
class _Batch:
    """A batch assessed: what to write, and what it changed."""

    rows: int
    updates: list[Update]
    stored: list[Stored]
    versions: dict[str, int]
    changed_outcome: int
    changed_body: int
    # Each matter's id and the passages its new assessment cites (for the index of cited passages).
    cited: dict[int, frozenset[str]] = field(default_factory=dict)


def _assess_batch(
    rows: list[tuple[Any, ...]],
    *,
    day: datetime.date,
    units: Mapping[int, Unit],
    counterparts: Mapping[int, Any],
    deciding_body: Callable[[_Matter, str], int | None],
) -> _Batch:
    """Assess a batch of matters, touching no database (it runs beside the writing of the batch before)."""
    matters = [_Matter(row, units, counterparts) for row in rows]
    facts = [interchange.facts_of(m, as_of=day, ancestors=units) for m in matters]  # type: ignore[arg-type]
    batch = _Batch(len(rows), [], [], {}, 0, 0)
    for matter, matter_facts, priority in zip(matters, facts, _assessed(matters, facts), strict=True):
        result = priority.assessment
        outcome, decided_by, version = result.outcome, result.decided_by or "", result.version
        body = deciding_body(matter, decided_by)
        pk = matter.id  # type: ignore[attr-defined]
        batch.updates.append((pk, matter.lock_version, _place(priority), body, outcome, decided_by))  # type: ignore[attr-defined]
        batch.stored.append(
            (
                pk,
                version.id,
                version.content_hash,
                orjson.dumps(matter_facts),
                outcome,
                decided_by,
                compact_json(result),
            )
        )
        batch.cited[pk] = cited_passages(result)
        batch.versions[version.id] = batch.versions.get(version.id, 0) + 1
        batch.changed_outcome += outcome != matter.latest_outcome  # type: ignore[attr-defined]
        batch.changed_body += body != matter.deciding_body_id  # type: ignore[attr-defined]
    return batch


def _assess(
    rows: list[tuple[Any, ...]],
    day: datetime.date,
    units: Mapping[int, Unit],
    counterparts: Mapping[int, Any],
) -> _Batch:
    """``_assess_batch`` on the thread or in a process of the pool (where its arguments and its result
    travel pickled: plain data, and the units and counterparts the batch names), with the cyclic garbage
    collector paused (``workers.cyclic_gc_paused``)."""
    with workers.cyclic_gc_paused():
        return _assess_batch(
            rows, day=day, units=units, counterparts=counterparts, deciding_body=_deciding_bodies(units)
        )


def _pool(total: int, processes: int | None) -> tuple[Executor, int]:
    """Where the batches are assessed, and how many may wait assessed or being assessed at once: a pool of
    processes for a large register, else one thread beside the writing."""
    count = settings.OMVARLD_BULK_PROCESSES if processes is None else processes
    if count > 0 and (total >= PROCESSES_FROM or processes is not None):
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(count, mp_context=context, initializer=workers.setup_django), count + 1
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="reassess"), 1


def reassess_register(
    *,
    actor: User | None,
    as_of: datetime.date | None = None,
    progress: Progress = _no_progress,
    batch_size: int | None = None,
    processes: int | None = None,
) -> Reassessed:
    """Store a fresh assessment, under the policy in force on ``as_of`` (today), for every matter waiting
    for a decision that ``actor`` may change (the system: every one). Run it in a transaction.

    The database work stays on this thread (the transaction's); the engine's work on each batch runs
    elsewhere while the batches before are written, so that the engine and the database work at once: in a
    pool of ``processes`` processes (default ``OMVARLD_BULK_PROCESSES``, for a register of at least
    ``PROCESSES_FROM`` matters; given, whatever the size), else on a second thread (the database's work
    waits in C, not holding Python's lock)."""
    day = as_of or timezone.localdate()
    done = Reassessed(as_of=day, total=waiting(actor=actor).count())
    message = _("Assessing the matters that wait for a decision")
    progress(0, done.total, message)
    units = {unit.pk: unit for unit in Unit.objects.all()}
    counterparts = _Counterparts()
    write = _writer()
    assessed_at = timezone.now()

    texts_kept: set[str] = set()

    def written(batch: _Batch) -> None:
        for version_id in batch.versions:
            policy_texts_keep(policy.load_version(version_id), kept=texts_kept)
        kept = write(batch.updates, batch.stored, day=day, assessed_at=assessed_at)
        # What is derived from the stored assessments (the strategy's index of cited passages) follows,
        # a statement or two per batch, in this transaction.
        signals.assessments_stored_in_bulk.send(
            sender=StoredAssessment,
            cited={pk: (assessment, batch.cited[pk]) for pk, assessment in kept.items()},
        )
        done.assessed += len(kept)
        done.skipped += batch.rows - len(kept)
        done.changed_outcome += batch.changed_outcome
        done.changed_body += batch.changed_body
        for version, count in batch.versions.items():
            done.versions[version] = done.versions.get(version, 0) + count
        seen = done.assessed + done.skipped
        progress(seen, max(done.total, seen), message)

    pool, depth = _pool(done.total, processes)
    pending: deque[Future[_Batch]] = deque()
    try:
        for rows in _batches(actor, batch_size or BATCH):
            ids = {row[7] for row in rows if row[7] is not None}
            counterparts.need(ids)
            pending.append(pool.submit(_assess, rows, day, units, {pk: counterparts[pk] for pk in ids}))
            while len(pending) > depth:
                written(pending.popleft().result())
        while pending:
            written(pending.popleft().result())
    except _Unreadable as unreadable:
        raise ApplicationError(
            _("%(number)s cannot be assessed: %(problem)s")
            % {"number": unreadable.number, "problem": unreadable.error}
        ) from unreadable.error
    finally:
        pool.shutdown(cancel_futures=True)
    return done


# --- Writing a batch ------------------------------------------------------------------------------------

# Writes a batch; returns, for each matter it wrote (those not changed meanwhile), its new assessment's id.
Writer = Callable[..., dict[int, int]]

_ENGAGEMENT_TABLE = Engagement._meta.db_table
_STORED_COLUMNS: Final = (
    "id",
    "engagement_id",
    "assessed_at",
    "as_of",
    "policy_version",
    "policy_hash",
    "facts",
    "outcome",
    "decided_by",
    "result",
)


def _writer() -> Writer:
    # The assessments' JSON is compressed with LZ4 where the server has it: a property of the columns
    # (migration 0009), not of this transaction.
    return _write_postgresql if connection.vendor == "postgresql" else _write_sqlite


def _store(
    stored: list[Stored], kept: set[int], *, day: datetime.date, assessed_at: datetime.datetime
) -> dict[int, int]:
    """Insert the assessments of the matters in ``kept``, with ids taken for them first (so that the index
    of cited passages can name them without reading them back)."""
    rows = [row for row in stored if row[0] in kept]
    ids = bulk.reserve_ids(StoredAssessment, len(rows))
    bulk.insert_rows(
        StoredAssessment,
        _STORED_COLUMNS,
        [
            (pk, engagement_id, assessed_at, day, version, content_hash, facts, outcome, decided_by, result)
            for pk, (engagement_id, version, content_hash, facts, outcome, decided_by, result) in zip(
                ids, rows, strict=True
            )
        ],
    )
    return {row[0]: pk for pk, row in zip(ids, rows, strict=True)}


def _write_postgresql(
    updates: list[Update], stored: list[Stored], *, day: datetime.date, assessed_at: datetime.datetime
) -> dict[int, int]:
    """One UPDATE of the matters (those not changed meanwhile), one COPY of their assessments."""
    ids, versions, places, bodies, outcomes, decided = (list(column) for column in zip(*updates, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {_ENGAGEMENT_TABLE} AS e
               SET queue_position = v.place, deciding_body_id = v.body, latest_as_of = %s,
                   latest_outcome = v.outcome, latest_decided_by = v.decided_by
              FROM unnest(%s::bigint[], %s::integer[], %s::float8[], %s::bigint[], %s::text[], %s::text[])
                   AS v(id, lock_version, place, body, outcome, decided_by)
             WHERE e.id = v.id AND e.lock_version = v.lock_version AND e.status = %s
            RETURNING e.id
            """,  # noqa: S608 - table names from the models, values as parameters
            [day, *map(bulk.pg_array, (ids, versions, places, bodies, outcomes, decided)), Status.SUBMITTED],
        )
        kept = {row[0] for row in cursor.fetchall()}
    return _store(stored, kept, day=day, assessed_at=assessed_at)


def _write_sqlite(
    updates: list[Update], stored: list[Stored], *, day: datetime.date, assessed_at: datetime.datetime
) -> dict[int, int]:
    """The same with SQLite's statements. A transaction on SQLite holds the database's one write lock from
    its start, so nothing changes between reading the matters' versions here and writing them."""
    ops = connection.ops
    day_value = ops.adapt_datefield_value(day)
    current = dict(
        Engagement.objects.filter(pk__in=[row[0] for row in updates], status=Status.SUBMITTED).values_list(
            "pk", "lock_version"
        )
    )
    kept = {pk for pk, version, *_rest in updates if current.get(pk) == version}
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_ENGAGEMENT_TABLE} SET queue_position = %s, deciding_body_id = %s, latest_as_of = %s, "  # noqa: S608
            "latest_outcome = %s, latest_decided_by = %s WHERE id = %s",
            [
                (place, body, day_value, outcome, decided, pk)
                for pk, _version, place, body, outcome, decided in updates
                if pk in kept
            ],
        )
    return _store(stored, kept, day=day, assessed_at=assessed_at)
