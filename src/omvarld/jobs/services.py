"""Starting a background job and running it: all or nothing, with its progress shown and its end audited.

``job_start`` checks that the user may start the kind of job, checks its parameters, records the job
(``job.started``) and queues its task in the same transaction, so that a worker never sees a job that was
not recorded. ``job_run`` (called by the task, in the worker or, with OMVARLD_TASKS=immediate, at once)
runs the kind's function in a transaction of its own: if it returns, its work, the job's result and the
``job.succeeded`` entry are committed together; if it fails, its work is rolled back and only the job's
status and a Swedish message are written (``job.failed``), the traceback going to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omvarld.accounts import permissions
from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.services import create_with_audit, update_with_audit
from omvarld.core.context import Channel, channel, current_channel
from omvarld.core.errors import ApplicationError, NotFound
from omvarld.jobs import progress, registry
from omvarld.jobs.models import Job, JobStatus, job_file_path
from omvarld.jobs.registry import JobFile, JobKind, JobResult

logger = logging.getLogger("omvarld.jobs")


def kind_or_404(kind: str) -> JobKind:
    found = registry.get(kind)
    if found is None:
        raise NotFound(_("There is no kind of job called “%(kind)s”.") % {"kind": kind[:60]})
    return found


def may_start(user: User | None, kind: JobKind) -> bool:
    """Whether ``user`` may start a job of ``kind`` (the system may start any)."""
    if user is None:
        return True
    owned = Job(kind=kind.name, started_by_id=user.pk)
    return permissions.can(user, Action.CREATE, owned) and permissions.can(user, *kind.permission)


def _unit_of(actor: User | None) -> int | None:
    """The unit a job is filed under: the starter's, when all their roles are held in one unit."""
    if actor is None or not actor.is_authenticated:
        return None
    units = {unit_id for held in permissions.describe(actor) for unit_id in held["units"]}
    return units.pop() if len(units) == 1 else None


@transaction.atomic
def job_start(actor: User | None, *, kind: str, params: Mapping[str, Any] | None = None) -> Job:
    """Start a job of ``kind`` as ``actor`` (``None``: the system): checked, recorded and queued.

    Raises ``NotFound`` for an unknown kind, ``PermissionDenied`` when the actor may not start it, and the
    kind's ``ApplicationError`` for parameters it cannot use; then nothing is recorded or queued."""
    from omvarld.jobs.tasks import run_job

    job_kind = kind_or_404(kind)
    authenticated = actor is not None and actor.is_authenticated
    job = Job(kind=job_kind.name, started_by_id=actor.pk if authenticated and actor is not None else None)
    require_actor(actor, Action.CREATE, job)
    require_actor(actor, *job_kind.permission)
    cleaned = job_kind.clean(actor, dict(params or {}))
    job.params = cleaned
    job.title = job_kind.title_for(cleaned)[:300]
    job.unit_id = _unit_of(actor)
    job.channel = current_channel().value
    job.language = translation.get_language() or settings.LANGUAGE_CODE
    create_with_audit(
        actor=actor, obj=job, event=events.JOB_STARTED, data={"kind": job.kind, "params": cleaned}
    )
    # Queued in this transaction (the database backend's row commits with the job's), or, with the
    # immediate backend, run here and now.
    task = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(task.id)[:64])
    job.refresh_from_db()
    return job


# --- Running -------------------------------------------------------------------------------------------


def failure_message(job: Job) -> str:
    return _(
        "The job could not be finished because of an error in Omvärld. Nothing was changed. The error is "
        "logged under job %(id)s: try again, or tell the administrator."
    ) % {"id": job.pk}


def interrupted_message() -> str:
    return _(
        "The job was stopped before it finished (the worker was shut down). Nothing was changed: start it "
        "again."
    )


@transaction.atomic
def _claim(job_id: int) -> Job | None:
    """Mark a queued job as running; None if it is gone or no longer queued (run already)."""
    job = Job.objects.select_for_update(of=("self",)).select_related("started_by").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return None
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    return job


def _store(job: Job, made: JobFile) -> dict[str, Any]:
    """Move the file a job made into the default storage; the values its row keeps of it."""
    try:
        with made.path.open("rb") as handle:
            name = default_storage.save(job_file_path(job, made.name), File(handle))
        size = default_storage.size(name)
    finally:
        made.path.unlink(missing_ok=True)
    return {
        "file": name,
        "file_name": made.name[:200],
        "content_type": made.content_type[:100],
        "file_size": size,
    }


def _progress_values(reporter: progress.Reporter) -> dict[str, Any]:
    state = reporter.state()
    return {"progress_done": state.done, "progress_total": state.total, "progress_message": state.message}


def _succeed(
    actor: User | None, job: Job, result: JobResult, reporter: progress.Reporter, stored: list[str]
) -> None:
    """Record the job's result, inside its work's transaction; a file it stores is named in ``stored``."""
    if not isinstance(result, JobResult):
        raise TypeError(f"The job kind {job.kind} returned {type(result).__name__}, not a JobResult.")
    values: dict[str, Any] = {
        "status": JobStatus.SUCCEEDED,
        "finished_at": timezone.now(),
        "summary": str(result.summary),
        "result": dict(result.data),
        **_progress_values(reporter),
    }
    if result.file is not None:
        values.update(_store(job, result.file))
        stored.append(values["file"])
    locked = Job.objects.select_for_update(of=("self",)).get(pk=job.pk)
    update_with_audit(
        actor=actor,
        obj=locked,
        values=values,
        event=events.JOB_SUCCEEDED,
        data={"kind": job.kind, "result": values["result"]},
    )


@transaction.atomic
def _fail(
    actor: User | None,
    job: Job,
    message: str,
    reporter: progress.Reporter,
    *,
    kind: JobKind | None = None,
    error: ApplicationError | None = None,
) -> None:
    """Record a job's failure; with the kind's ``failed`` (its work already rolled back), what the failure
    means for the kind's own records, in the same transaction."""
    if kind is not None and kind.failed is not None and error is not None:
        kind.failed(actor=actor, params=job.params, error=error)
    locked = Job.objects.select_for_update(of=("self",)).get(pk=job.pk)
    update_with_audit(
        actor=actor,
        obj=locked,
        values={
            "status": JobStatus.FAILED,
            "finished_at": timezone.now(),
            "error": message,
            **_progress_values(reporter),
        },
        event=events.JOB_FAILED,
        data={"kind": job.kind, "error": message},
    )


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job (the task's body). Its kind's work and its success are committed together; a
    failure rolls the work back and records only the job's status and message. Returns the job as it
    ended, or None if it was not queued (a task run twice runs its job once)."""
    job = _claim(job_id)
    if job is None:
        return None
    actor = job.started_by
    reporter = progress.Reporter(job.pk)
    stored: list[str] = []
    kind: JobKind | None = None
    with translation.override(job.language), channel(Channel(job.channel)), registry.scratch_scope():
        try:
            kind = registry.get(job.kind)
            if kind is None:
                raise ApplicationError(_("Omvärld no longer has this kind of job; nothing was done."))
            # Asked again: a role may have been taken away since the job was queued.
            require_actor(actor, *kind.permission)
            with transaction.atomic():
                result = kind.run(actor=actor, params=job.params, progress=reporter)
                _succeed(actor, job, result, reporter, stored)
        except ApplicationError as error:
            _discard(stored)
            _fail(actor, job, str(error), reporter, kind=kind, error=error)
        except Exception:
            _discard(stored)
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(actor, job, failure_message(job), reporter)
        except BaseException:
            # The worker is being stopped (a second Ctrl-C, SIGTERM after the grace period): the work is
            # rolled back; say so, then let the worker stop.
            _discard(stored)
            _fail(actor, job, interrupted_message(), reporter)
            raise
        finally:
            progress.forget(job.pk)
    job.refresh_from_db()
    return job


def _discard(names: list[str]) -> None:
    """Remove files stored by a job whose transaction did not commit."""
    for name in names:
        default_storage.delete(name)


def job_recover(*, worker_id: str) -> list[Job]:
    """Fail the jobs a worker of this name was running when it was killed (its tasks still marked as
    running): their work was rolled back with the process. Run by ``omvarld worker`` as it starts, so a
    worker with a fixed ``--worker-id`` cleans up after itself."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    recovered: list[Job] = []
    for task in DBTaskResult.objects.running().filter(backend_name="default"):
        if not task.worker_ids or task.worker_ids[-1] != worker_id:
            continue
        args = task.args_kwargs.get("args") or [None]
        DBTaskResult.objects.filter(pk=task.pk).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now()
        )
        job = Job.objects.select_related("started_by").filter(pk=args[0], status=JobStatus.RUNNING).first()
        if job is not None:
            with translation.override(job.language):
                _fail(job.started_by, job, interrupted_message(), progress.Reporter(job.pk))
            progress.forget(job.pk)
            recovered.append(job)
    return recovered
