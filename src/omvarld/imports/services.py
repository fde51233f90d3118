"""Writing imports: keeping an uploaded file, recording each run, and writing a checked plan.

``import_upload`` keeps the file (its type, size and heading checked first) with the import's record.
``plan_write`` writes a plan that ``checking`` made, in the caller's transaction, exactly as the
register's services would write each row, and as fast as a register of a hundred thousand rows needs:

* a counterpart the file adds is added by ``counterpart_create``, once;
* new matters take their registration numbers with one update of each series and year's counter
  (``take_number(count=…)``), in the file's order, so the numbers have no gap;
* they are saved, and their audit entries appended, a batch at a time (``create_many_with_audit``,
  ``update_many_with_audit``) — each entry what ``engagement_register``, ``engagement_submit`` and
  ``decision_record`` write for the matter, with the same before and after;
* a matter in the register is changed, submitted and decided by those services themselves, one by one
  (an import of a register already imported changes few).
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from collections.abc import Callable, Mapping, Sequence
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
from omvarld.engagements import interchange
from omvarld.engagements import services as register
from omvarld.engagements.models import Decision, Engagement, Status, StoredAssessment
from omvarld.imports.checking import CREATE, Options, Plan, Planned
from omvarld.imports.models import Import, ImportKey, ImportStatus
from omvarld.imports.reading import check_size, read_table
from omvarld.jobs.models import Job
from omvarld.jobs.services import job_start
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create
from omvarld.strategy.services import citations_index_batch, cited_in

# New matters written per batch: the statements and audit entries of one batch are written together.
BATCH: Final = 1000

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
    from omvarld.imports.checking import UNCHANGED, UPDATE

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
    """Writes a checked plan, in the caller's transaction."""

    def __init__(self, *, actor: User | None, plan: Plan, record: Import | None, progress: Progress) -> None:
        self.actor = actor
        self.plan = plan
        self.record = record
        self.progress = progress
        self.actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        self.today = timezone.localdate()
        units = list(Unit.objects.all())
        self.units_by_id = {unit.pk: unit for unit in units}
        for unit in units:  # the units above each one, from memory (the engine's unit facts read them)
            if unit.parent_id is not None:
                unit.parent = self.units_by_id[unit.parent_id]
        self.units = {unit.code: unit for unit in units}
        self.versions: dict[datetime.date, policy.PolicyVersion] = {}
        self.texts_kept: set[str] = set()
        self.counterparts: dict[tuple[str, str], Counterpart] = {}
        self.done = 0

    def write(self) -> None:
        self._add_counterparts()
        new = [row for row in self.plan.rows if row.action == "create"]
        numbers = self._numbers(new)
        self._take_ids(new)
        # The new matters' rows are written by a copier while the next batch is made, and little in between
        # queries the database (which would wait for the copier): their ids are taken above, the chain's
        # head is locked once, a policy version's texts are kept once, and the index of cited passages is
        # kept for all of them at the end.
        self.cited: dict[int, tuple[int, frozenset[str]]] = {}
        self.passage_sets: dict[frozenset[str], frozenset[str]] = {}
        self.audit = AuditAppender(actor=self.actor)
        with bulk.Copier() as copier:
            for start in range(0, len(new), BATCH):
                batch = new[start : start + BATCH]
                # A batch's objects live until it is written: the cyclic collector is paused meanwhile.
                with workers.cyclic_gc_paused():
                    self._register([(row, numbers[id(row)]) for row in batch], copier)
                self._step(len(batch))
        self.audit.close()
        # Past ``assessment_store``'s signal: the index of cited passages is kept here, for the new matters.
        citations_index_batch(cited=self.cited)
        for row in self.plan.rows:
            if row.action != "create":
                self._change(row)
                self._step(1)

    def _step(self, count: int) -> None:
        self.done += count
        self.progress(
            self.plan.total + self.done,
            2 * self.plan.total,
            _("Imported %(done)s of %(total)s rows") % {"done": self.done, "total": self.plan.total},
        )

    def _add_counterparts(self) -> None:
        for (name, country), values in self.plan.new_counterparts.items():
            existing = Counterpart.objects.filter(name=name, country=country).first()
            self.counterparts[(name, country)] = existing or counterpart_create(actor=self.actor, **values)

    def _take_ids(self, rows: Sequence[Planned]) -> None:
        """The ids of every row the new matters need, taken before any is written: a matter each, an
        assessment for each submitted, a decision for each decided, their audit entries, their keys."""
        submitted = [row for row in rows if row.submit_on is not None]
        decided = sum(row.decision is not None for row in submitted)
        counts: dict[type[Model], int] = {
            Engagement: len(rows),
            StoredAssessment: len(submitted),
            Decision: decided,
            AuditEntry: len(rows) + len(submitted) + 2 * decided,
            ImportKey: sum(bool(row.key) for row in rows),
        }
        self.ids = {model: iter(bulk.reserve_ids(model, count)) for model, count in counts.items()}

    def _ids(self, model: type[Model], count: int) -> list[int]:
        ids = list(itertools.islice(self.ids[model], count))
        if len(ids) != count:
            raise RuntimeError(f"Fewer {model.__name__} ids were taken than the import writes.")
        return ids

    def _numbers(self, rows: Sequence[Planned]) -> dict[int, tuple[str, int, int]]:
        """Each new row's series, year and number: each series and year's counter is taken once, for
        all its rows, which are numbered in the file's order."""
        series: str = settings.OMVARLD_REGISTRATION_SERIES
        by_year: dict[int, list[Planned]] = {}
        for row in rows:
            by_year.setdefault((row.registered_on or self.today).year, []).append(row)
        numbers = {}
        for year, members in sorted(by_year.items()):
            first = register.take_number(series=series, year=year, count=len(members))
            for offset, row in enumerate(members):
                numbers[id(row)] = (series, year, first + offset)
        return numbers

    def _register(self, batch: list[tuple[Planned, tuple[str, int, int]]], copier: bulk.Copier) -> None:
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
            # Assessed again, as the check assessed it (keeping a hundred thousand assessments in memory
            # between the check and the writing would cost more than making them twice).
            facts = interchange.facts_of(engagement, as_of=row.submit_on, ancestors=self.units_by_id)
            version = self.versions.get(row.submit_on)
            if version is None:
                version = self.versions[row.submit_on] = policy.default_version(row.submit_on)
                register.policy_texts_keep(version, kept=self.texts_kept)  # the words its assessments cite
            priority = policy.prioritise([facts], version=version)[0]
            assessed[index] = register.assessment_of(
                engagement=engagement, day=row.submit_on, facts=facts, priority=priority, units=self.units
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
        self.audit.record(
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


def plan_write(
    *,
    actor: User | None,
    plan: Plan,
    mapping: Mapping[int, str],
    record: Import | None,
    progress: Progress,
) -> None:
    """Write a checked plan without problems, all or nothing: call inside a transaction. The import's
    record, if any, is marked imported in the same transaction."""
    if plan.errors:
        raise ValueError("A plan with problems is never written.")
    if record is not None:
        require_actor(actor, Action.CHANGE, record)
        record = Import.objects.select_for_update().get(pk=record.pk)
        if record.status == ImportStatus.IMPORTED:
            raise ApplicationError(_("The file has been imported already."), code="conflict", status=409)
    Writer(actor=actor, plan=plan, record=record, progress=progress).write()
    if record is not None:
        _completed(actor=actor, record=record, mapping=mapping, plan=plan)


def mapping_of(record: Import) -> dict[int, str]:
    return {int(index): name for index, name in record.mapping.items()}
