"""Writing imports: keeping an uploaded file, recording each run, and writing a checked plan.

``import_upload`` keeps the file (its type, size and heading checked first) with the import's record.
``import_write`` writes the rows ``checking`` planned, a step at a time as they are checked, in the
caller's transaction, exactly as the register's services would write each row, and as fast as a register
of a hundred thousand rows needs:

* a counterpart the file adds is added by ``counterpart_create``, once, before the first row that names it;
* new matters take their registration numbers in the file's order from each series and year's counter,
  locked the first time a row needs it and saved once (``number_counter``), so the numbers have no gap;
* they are written as rows (``core.bulk``), and their audit entries appended (``AuditAppender``), a
  batch at a time — each entry what ``engagement_register``, ``engagement_submit`` and
  ``decision_record`` write for the matter, with the same before and after;
* a matter in the register is changed, submitted and decided by those services themselves, one by one
  (an import of a register already imported changes few).
"""

from __future__ import annotations

import collections
import datetime
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from omvarld import policy
from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.models import AuditEntry
from omvarld.audit.services import (
    AuditAppender,
    Recorded,
    create_with_audit,
    snapshot,
    snapshot_changed,
    update_with_audit,
)
from omvarld.core import bulk, workers
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements import services as register
from omvarld.engagements.models import Decision, Engagement, RegistrationCounter, Status, StoredAssessment
from omvarld.imports.checking import CREATE, UNCHANGED, UPDATE, Options, Plan, Planned, Step, checked_message
from omvarld.imports.models import Import, ImportKey, ImportStatus
from omvarld.imports.reading import check_size, read_table
from omvarld.jobs.models import Job
from omvarld.jobs.services import job_start
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create
from omvarld.strategy.services import citations_index_batch, cited_in

# New matters written per batch: the statements and audit entries of one batch are written together.
BATCH: Final = 1000
# Ids are taken for this many steps like the one that needs them (the rest is given up at the end).
IDS_AHEAD: Final = 8

Progress = Callable[[int, int, str | None], None]


# --- The record of an import --------------------------------------------------------------------------


@transaction.atomic
def import_upload(
    *,
    actor: User | None,
    file_name: str,
    content: bytes,
    unit: Unit | None = None,
    kind: str = "",
) -> Import:
    """Keep a file to import, with the owning unit and kind of rows that name none. The file must be one
    the import can read (its type, size, heading and rows are checked here); nothing is imported yet."""
    record = Import(unit=unit, kind=kind)
    require_actor(actor, Action.CREATE, record)
    check_size(file_name, len(content))
    record.rows = len(read_table(file_name, content).rows)  # refuses, in Swedish, a file it cannot read
    record.file_name = file_name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    record.size = len(content)
    record.sha256 = hashlib.sha256(content).hexdigest()
    record.uploaded_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    record.file.save(record.file_name, ContentFile(content), save=False)
    stored_name = record.file.name or ""
    try:
        create_with_audit(actor=actor, obj=record, event=events.IMPORT_UPLOADED)
    except BaseException:
        record.file.storage.delete(stored_name)
        raise
    return record


def import_content(record: Import) -> bytes:
    """The uploaded file's bytes."""
    with record.file.open("rb") as stored:
        content: bytes = stored.read()
    return content


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "rows": plan.total,
        "created": plan.count(CREATE),
        "updated": plan.count(UPDATE),
        "unchanged": plan.count(UNCHANGED),
    }


@transaction.atomic
def import_checked(*, actor: User | None, record: Import, options: Options, plan: Plan) -> Import:
    """Record a dry run: the mapping and defaults tried, and what they found (nothing else is written).
    The import moves to the unit tried, which the user must be allowed too."""
    require_actor(actor, Action.CHANGE, record)
    record = Import.objects.select_for_update().get(pk=record.pk)
    require_actor(actor, Action.CHANGE, Import(pk=record.pk, unit=options.unit))
    if record.status == ImportStatus.IMPORTED:
        raise ApplicationError(_("The file has been imported already."), code="conflict", status=409)
    counts = {**_counts(plan), "errors": len(plan.errors)}
    update_with_audit(
        actor=actor,
        obj=record,
        values={
            "unit": options.unit,
            "kind": options.kind,
            "mapping": {str(index): name for index, name in sorted(options.mapping.items())},
            "status": ImportStatus.REJECTED if plan.errors else ImportStatus.CHECKED,
            **counts,
        },
        event=events.IMPORT_CHECKED,
        data=counts,
    )
    return record


@transaction.atomic
def import_refused(*, actor: User | None, record: Import, rows: int, errors: int) -> Import:
    """Record that an import was refused (``errors`` problems in its ``rows`` rows); nothing of it was
    written. Called after the refused work's transaction (a job's) is rolled back, so that it is kept."""
    record = Import.objects.select_for_update().get(pk=record.pk)
    update_with_audit(
        actor=actor,
        obj=record,
        values={"status": ImportStatus.REFUSED, "rows": rows, "errors": errors},
        event=events.IMPORT_REFUSED,
        data={"rows": rows, "errors": errors},
    )
    return record


def import_start(*, actor: User | None, record: Import) -> Job:
    """Start the import of a file whose last dry run found no problem: a background job
    (``imports.jobs``), recorded as the import's job. Refused while one is queued or running."""
    from omvarld.imports.jobs import RUN

    def ready(locked: Import) -> None:
        if locked.status != ImportStatus.CHECKED:
            raise ApplicationError(
                _("Try the import first: it is imported once a dry run has found no problems.")
            )

    return _start_job(actor=actor, record=record, kind=RUN, params={"import": record.pk}, ready=ready)


def import_check_start(*, actor: User | None, record: Import, params: Mapping[str, Any]) -> Job:
    """Start a dry run of a large file as a background job (``imports.check``), recorded as the import's
    job: ``params`` are the mapping, kind and unit to try (as ``tasks.run`` reads them). Refused while a
    job of the import is queued or running."""
    from omvarld.imports.jobs import CHECK

    return _start_job(actor=actor, record=record, kind=CHECK, params={**params, "import": record.pk})


def _start_job(
    *,
    actor: User | None,
    record: Import,
    kind: str,
    params: Mapping[str, Any],
    ready: Callable[[Import], None] | None = None,
) -> Job:
    from omvarld.imports.jobs import CHECK

    with transaction.atomic():
        require_actor(actor, Action.CHANGE, record)
        locked = Import.objects.select_for_update(of=("self",)).select_related("job").get(pk=record.pk)
        if locked.status == ImportStatus.IMPORTED:
            raise ApplicationError(_("The file has been imported already."), code="conflict", status=409)
        if locked.job is not None and not locked.job.is_finished:
            raise ApplicationError(
                _("The file is being checked already: follow the dry run on its page.")
                if locked.job.kind == CHECK
                else _("The file is being imported already: follow the import on its page."),
                code="conflict",
                status=409,
            )
        if ready is not None:
            ready(locked)
        # The job is recorded, and queued, in this transaction; its ``job.started`` entry names the import.
        # The immediate backend (the demo, the tests) has run it by the time ``job_start`` returns.
        job = job_start(actor, kind=kind, params=params)
        Import.objects.filter(pk=locked.pk).update(job=job)
    record.refresh_from_db()
    return job


def _completed(*, actor: User | None, record: Import, mapping: Mapping[int, str], plan: Plan) -> None:
    counts = _counts(plan)
    update_with_audit(
        actor=actor,
        obj=record,
        values={
            "mapping": {str(index): name for index, name in sorted(mapping.items())},
            "status": ImportStatus.IMPORTED,
            "errors": 0,
            "finished_at": timezone.now(),
            **counts,
        },
        event=events.IMPORT_COMPLETED,
        data=counts,
    )


# --- Writing a plan -------------------------------------------------------------------------------------


def _as_read(engagement: Engagement) -> Engagement:
    """The matter as the next service would read it back from the database (times in UTC): the state
    its before and after are taken from."""
    if engagement.registered_at is not None:
        engagement.registered_at = engagement.registered_at.astimezone(datetime.UTC)
    return engagement


# What a matter's registration, submission and decision change of it.
_STEP_FIELDS: Final = ("status", "lock_version", "registered_at", *register.LATEST_FIELDS)


def _state(engagement: Engagement) -> dict[str, Any]:
    return {name: getattr(engagement, name) for name in _STEP_FIELDS}


def _restore(engagement: Engagement, state: Mapping[str, Any]) -> None:
    for name, value in state.items():
        setattr(engagement, name, value)


def _decision(
    decided: Mapping[str, Any], engagement: Engagement, assessment: StoredAssessment, actor_id: Any
) -> Decision:
    """The decision ``decision_record`` records on the matter's assessment, as the file gives it."""
    return Decision(
        engagement=engagement,
        assessment=assessment,
        body=decided["body"],
        expected_body=engagement.deciding_body,
        outcome=decided["outcome"],
        decided_on=decided["decided_on"],
        minutes_reference=decided["minutes_reference"],
        motivation=decided["motivation"],
        deviation_reason=decided["deviation_reason"],
        deviation=decided["deviation"],
        recorded_by_id=actor_id,
    )


def _row_error(row: int, error: ApplicationError) -> ApplicationError:
    """A service's refusal of one row, placed on that row: the whole import is rolled back."""
    details = [ErrorDetail(detail.message, row=row, column=detail.field) for detail in error.details]
    return ApplicationError(
        _("The file could not be imported; nothing has been changed."),
        details=details or [ErrorDetail(error.message, row=row)],
        code=error.code,
        status=error.status,
    )


class Writer:
    """Writes the steps of a checked file as they come, in the caller's transaction."""

    def __init__(self, *, actor: User | None, total: int, record: Import | None, progress: Progress) -> None:
        self.actor = actor
        self.record = record
        self.progress = progress
        self.actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        self.today = timezone.localdate()
        self.units_by_id = {unit.pk: unit for unit in Unit.objects.all()}  # the deciding bodies
        self.versions: dict[datetime.date, policy.PolicyVersion] = {}
        self.texts_kept: set[str] = set()
        self.counterparts: dict[tuple[str, str], Counterpart] = {}
        self.summary = Plan(total=total)
        self.checked = self.written = 0
        self.ids: dict[type[Model], collections.deque[int]] = {}
        self.counters: dict[int, RegistrationCounter] = {}

    def write(self, steps: Iterable[Step]) -> Plan:
        """Write each step's new matters as it comes, then change the matters in the register that rows
        change. Once a step has a problem nothing more is written, but every step is still read, for its
        problems: the summary returned has them all, and the caller then rolls its transaction back."""
        summary = self.summary
        later: list[Planned] = []
        # The new matters' rows are written by a copier while the next batch is made, and little in between
        # queries the database (which would wait for the copier): ids are taken for several steps at once,
        # a year's counter of numbers is locked once, the chain's head too (again only after counterparts
        # are added), a policy version's texts are kept once, and the index of cited passages is kept for
        # all of them at the end.
        self.cited: dict[int, tuple[int, frozenset[str]]] = {}
        self.passage_sets: dict[frozenset[str], frozenset[str]] = {}
        self.audit: AuditAppender | None = None
        with bulk.Copier() as copier:
            for step in steps:
                summary.errors.extend(step.errors)
                for planned in step.rows:
                    summary.add(planned, keep=False)
                self.checked = step.checked
                self._report(checked_message(self.checked, summary.total))
                if summary.errors:
                    continue  # nothing more is written; the rest is read for its problems
                self._add_counterparts(step.new_counterparts)
                new = [row for row in step.rows if row.action == CREATE]
                # A matter in the register, changed, or unchanged but given the file's id to keep.
                later.extend(
                    row for row in step.rows if row.action == UPDATE or (row.action == UNCHANGED and row.key)
                )
                if not new:
                    continue
                numbers = self._numbers(new)
                self._take_ids(new)
                if self.audit is None:
                    self.audit = AuditAppender(actor=self.actor)
                for start in range(0, len(new), BATCH):
                    batch = new[start : start + BATCH]
                    # A batch's objects live until it is written: the cyclic collector is paused meanwhile.
                    with workers.cyclic_gc_paused():
                        self._register([(row, numbers[id(row)]) for row in batch], copier, self.audit)
                    self._written(len(batch))
            if self.audit is not None:
                self.audit.close()
        if summary.errors:
            return summary
        self._numbers_taken()
        # Past ``assessment_store``'s signal: the index of cited passages is kept here, for the new matters.
        citations_index_batch(cited=self.cited)
        for row in later:
            self._change(row)
            self._written(1)
        return summary

    def _written(self, count: int) -> None:
        self.written += count
        self._report(
            _("Imported %(done)s of %(total)s rows") % {"done": self.written, "total": self.summary.total}
        )

    def _report(self, message: str) -> None:
        self.progress(self.checked + self.written, 2 * self.summary.total, message)

    def _add_counterparts(self, new: Mapping[tuple[str, str], Mapping[str, str]]) -> None:
        """The counterparts a step's rows name first, added by their service before those rows are
        written (whose audit entries follow theirs in the chain)."""
        if not new:
            return
        if self.audit is not None:  # the service appends to the chain itself
            self.audit.close()
            self.audit = None
        # Its entries take the next ids: the entries' ids taken before would come before them, out of
        # the chain's order (and on SQLite, be taken twice).
        self.ids.pop(AuditEntry, None)
        for (name, country), values in new.items():
            existing = Counterpart.objects.filter(name=name, country=country).first()
            self.counterparts[(name, country)] = existing or counterpart_create(actor=self.actor, **values)

    def _take_ids(self, rows: Sequence[Planned]) -> None:
        """Enough ids for every row the new matters of a step need — a matter each, an assessment for
        each submitted, a decision for each decided, their audit entries, their keys — taken for several
        steps at once (``IDS_AHEAD``), so that few steps ask the database (which waits for the copier)."""
        submitted = [row for row in rows if row.submit_on is not None]
        decided = sum(row.decision is not None for row in submitted)
        counts: dict[type[Model], int] = {
            Engagement: len(rows),
            StoredAssessment: len(submitted),
            Decision: decided,
            AuditEntry: len(rows) + len(submitted) + 2 * decided,
            ImportKey: sum(bool(row.key) for row in rows),
        }
        for model, count in counts.items():
            pool = self.ids.get(model)
            if pool is None or len(pool) < count:
                # What is left of a pool is given up (a gap in the ids, as a rolled-back insert leaves):
                # the new ids follow the ones written, in order.
                self.ids[model] = collections.deque(bulk.reserve_ids(model, count * IDS_AHEAD))

    def _ids(self, model: type[Model], count: int) -> list[int]:
        pool = self.ids[model]
        if len(pool) < count:
            raise RuntimeError(f"Fewer {model.__name__} ids were taken than the import writes.")
        return [pool.popleft() for _ in range(count)]

    def _numbers(self, rows: Sequence[Planned]) -> dict[int, tuple[str, int, int]]:
        """Each new row's series, year and number, in the file's order: each series and year's counter
        is locked the first time a row needs it, its numbers are given from memory, and it is saved once
        (``_numbers_taken``), so the numbers have no gap and no step waits for the database."""
        series: str = settings.OMVARLD_REGISTRATION_SERIES
        numbers = {}
        for row in rows:
            year = (row.registered_on or self.today).year
            counter = self.counters.get(year)
            if counter is None:
                counter = self.counters[year] = register.number_counter(series=series, year=year)
            counter.last_number += 1
            numbers[id(row)] = (series, year, counter.last_number)
        return numbers

    def _numbers_taken(self) -> None:
        for counter in self.counters.values():
            counter.save(update_fields=["last_number"])
        self.counters.clear()

    def _register(
        self,
        batch: list[tuple[Planned, tuple[str, int, int]]],
        copier: bulk.Copier,
        audit: AuditAppender,
    ) -> None:
        """``engagement_register`` for a batch of new rows, then ``engagement_submit`` and
        ``decision_record`` for those the file gives as submitted or decided.

        Each matter is saved once, in the state those services leave it in, and each of their steps is
        recorded as they record it, with the same before and after: the states in between are those the
        services' own transaction would hold, which nobody else sees before it commits."""
        pairs: list[tuple[Planned, Engagement]] = []
        for row, (series, year, number) in batch:
            engagement = Engagement(**row.values)
            if row.counterpart is not None:
                engagement.counterpart = self.counterparts[row.counterpart]
            engagement.series, engagement.year, engagement.number = series, year, number
            engagement.registration_number = register.registration_number(
                series=series, year=year, number=number
            )
            engagement.registered_by_id = self.actor_id
            if row.registered_on is not None and row.registered_on != self.today:
                # Entered afterwards: registered on its own day (at noon, for want of the hour).
                engagement.registered_at = timezone.make_aware(
                    datetime.datetime.combine(row.registered_on, datetime.time(12))
                )
            pairs.append((row, engagement))
        # Each matter as registered; then, for those submitted, the assessment and what the matter keeps of
        # it, and the status the file gives.
        registered = [_state(engagement) for _row, engagement in pairs]
        assessed: dict[int, tuple[StoredAssessment, dict[str, Any]]] = {}
        for index, (row, engagement) in enumerate(pairs):
            if row.submit_on is None:
                continue
            # Assessed once, by the check (``Planned.assessment``); the version's texts are kept once.
            if row.submit_on not in self.versions:
                version = self.versions[row.submit_on] = policy.default_version(row.submit_on)
                register.policy_texts_keep(version, kept=self.texts_kept)  # the words its assessments cite
            if row.assessment is None:
                raise RuntimeError(f"Row {row.row} is submitted without its assessment.")
            stored, latest = row.assessment
            body = latest["deciding_body"]
            assessed[index] = (
                StoredAssessment(engagement=engagement, **stored),
                {**latest, "deciding_body": self.units_by_id[body] if body is not None else None},
            )
            _restore(engagement, assessed[index][1])
            decided = row.decision is not None
            engagement.status = Status.DECIDED if decided else Status.SUBMITTED
            engagement.lock_version = 3 if decided else 2
        bulk.insert_objects(
            [engagement for _row, engagement in pairs], ids=self._ids(Engagement, len(pairs)), copier=copier
        )
        records: list[Recorded] = []
        assessments: list[StoredAssessment] = []
        decisions: list[Decision] = []
        for index, (row, engagement) in enumerate(pairs):
            final = _state(engagement)
            _restore(engagement, registered[index])
            created = snapshot(engagement)
            records.append((events.ENGAGEMENT_CREATED, engagement, None, created, None))
            if index in assessed:
                assessment, latest = assessed[index]
                assessment.engagement = engagement
                assessments.append(assessment)
                _as_read(engagement)
                _restore(engagement, latest)
                before = snapshot_changed(created, engagement, _STEP_FIELDS)
                engagement.status, engagement.lock_version = Status.SUBMITTED, 2
                submitted = snapshot_changed(created, engagement, _STEP_FIELDS)
                data = {
                    "outcome": assessment.outcome,
                    "decided_by": assessment.decided_by,
                    "policy_version": assessment.policy_version,
                }
                records.append((events.ENGAGEMENT_SUBMITTED, engagement, before, submitted, data))
                if row.decision is not None:
                    decision = _decision(row.decision, engagement, assessment, self.actor_id)
                    decisions.append(decision)
                    engagement.status, engagement.lock_version = Status.DECIDED, 3
                    data = {"outcome": decision.outcome, "decided_by": decision.body.code}
                    records.append((events.DECISION_RECORDED, decision, None, None, None))
                    after = snapshot_changed(created, engagement, _STEP_FIELDS)
                    records.append((events.ENGAGEMENT_DECIDED, engagement, submitted, after, data))
            _restore(engagement, final)
        bulk.insert_objects(assessments, ids=self._ids(StoredAssessment, len(assessments)), copier=copier)
        for assessment in assessments:
            passages = frozenset(cited_in(assessment.result))
            # Matters share a few sets of passages: each kept once until the index is written.
            passages = self.passage_sets.setdefault(passages, passages)
            self.cited[assessment.engagement_id] = (assessment.pk, passages)
        bulk.insert_objects(decisions, ids=self._ids(Decision, len(decisions)), copier=copier)
        # A decision's entry holds its stored values, which include its id once it is saved.
        audit.record(
            [
                (event, obj, before, snapshot(obj) if event is events.DECISION_RECORDED else after, data)
                for event, obj, before, after, data in records
            ],
            ids=self._ids(AuditEntry, len(records)),
            copier=copier,
        )
        links = [(row.key, engagement) for row, engagement in pairs if row.key]
        self._link(links, ids=self._ids(ImportKey, len(links)), copier=copier)

    def _link(
        self,
        links: list[tuple[str, Engagement]],
        ids: Sequence[int] | None = None,
        copier: bulk.Copier | None = None,
    ) -> None:
        keys = [ImportKey(key=key, engagement=matter, first_import=self.record) for key, matter in links]
        bulk.insert_objects(keys, ids=ids, copier=copier)

    def _change(self, row: Planned) -> None:
        """A matter in the register, changed, submitted and decided by the register's services."""
        engagement = row.engagement
        assert engagement is not None  # noqa: S101
        try:
            if row.values:
                values = dict(row.values)
                if row.counterpart is not None:
                    values["counterpart"] = self.counterparts[row.counterpart]
                engagement = register.engagement_update(
                    actor=self.actor, engagement=engagement, lock_version=row.lock_version, **values
                )
            if row.submit_on is not None and engagement.status == Status.DRAFT:
                engagement = register.engagement_submit(
                    actor=self.actor, engagement=engagement, as_of=row.submit_on
                )
            if row.decision is not None:
                decision = row.decision
                register.decision_record(
                    actor=self.actor,
                    engagement=engagement,
                    outcome=decision["outcome"],
                    decided_on=decision["decided_on"],
                    minutes_reference=decision["minutes_reference"],
                    body=decision["body"],
                    motivation=decision["motivation"],
                    deviation_reason=decision["deviation_reason"],
                )
        except ApplicationError as error:
            raise _row_error(row.row, error) from error
        if row.key:
            self._link([(row.key, engagement)])


def import_write(
    *,
    actor: User | None,
    steps: Iterable[Step],
    total: int,
    mapping: Mapping[int, str],
    record: Import | None,
    progress: Progress,
) -> Plan:
    """Write a file's ``total`` rows as they are checked (``steps``), in the caller's transaction, and
    mark the import's record, if any, imported. What was found is returned (counts and problems, not the
    rows). A file with a problem is all or nothing: when the summary has problems, some of the file may
    have been written, and the caller must roll its transaction back (``tasks.run`` does)."""
    if record is not None:
        require_actor(actor, Action.CHANGE, record)
        record = Import.objects.select_for_update().get(pk=record.pk)
        if record.status == ImportStatus.IMPORTED:
            raise ApplicationError(_("The file has been imported already."), code="conflict", status=409)
    summary = Writer(actor=actor, total=total, record=record, progress=progress).write(steps)
    if record is not None and not summary.errors:
        _completed(actor=actor, record=record, mapping=mapping, plan=summary)
    return summary


def mapping_of(record: Import) -> dict[int, str]:
    return {int(index): name for index, name in record.mapping.items()}
