"""Starting and running background jobs: checked, queued, run all or nothing, their progress and end recorded.

The kind ``test.counterparts`` (``tests/testapp/jobs.py``) creates counterparts through their service, one
step of progress each, writes their names to a file, and fails when asked to: as a refusal or as a bug.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from omvarld.accounts.models import Role, RoleAssignment
from omvarld.accounts.permissions import forget_roles
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, NotFound, PermissionDenied
from omvarld.jobs import progress
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.services import job_recover, job_run, job_start
from omvarld.organisation.models import Counterpart

KIND = "test.counterparts"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _events(job: Job) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="jobs.job", object_id=str(job.pk))
        .order_by("pk")
        .values_list("event", flat=True)
    )


def _scratch_left() -> list[Path]:
    folder = Path(django_settings.DATA_DIR) / "tmp"
    return list(folder.iterdir()) if folder.exists() else []


# --- Running -------------------------------------------------------------------------------------------


def test_a_job_runs_and_keeps_its_result_its_file_and_its_progress(units, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    job = job_start(coordinator, kind=KIND, params={"count": 3})

    assert (job.status, job.title, job.started_by, job.unit) == (
        JobStatus.SUCCEEDED,
        "Skapa 3 motparter",
        coordinator,
        None,
    )
    assert (job.summary, job.result, job.error) == ("3 motparter skapades.", {"created": 3}, "")
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.started_at is not None
    assert job.finished_at >= job.started_at
    assert Counterpart.objects.filter(name__startswith="Testmotpart").count() == 3
    with default_storage.open(job.file.name) as stored:
        assert stored.read().decode() == "Testmotpart 1\nTestmotpart 2\nTestmotpart 3\n"
    assert (job.file_name, job.content_type, job.file_size) == (
        "motparter.txt",
        "text/plain; charset=utf-8",
        42,
    )
    assert not _scratch_left()
    assert _events(job) == ["job.started", "job.succeeded"]
    started, finished = AuditEntry.objects.filter(object_type="jobs.job").order_by("pk")
    assert (started.actor, started.data) == (
        coordinator,
        {"kind": KIND, "params": {"count": 3, "fail": False, "refuse": False}},
    )
    assert finished.data == {"kind": KIND, "result": {"created": 3}}
    assert (finished.before["status"], finished.after["status"]) == ("running", "succeeded")
    # The work's own entries are the job's user's.
    assert AuditEntry.objects.filter(event="counterpart.created", actor=coordinator).count() == 3


def test_a_job_started_by_an_officer_is_filed_under_their_unit(units, make_user) -> None:
    job = job_start(make_user(Role.OFFICER, "MHN"), kind=KIND, params={"count": 0})
    assert job.unit == units["MHN"]
    assert set(AuditEntry.objects.filter(object_type="jobs.job").values_list("unit__code", flat=True)) == {
        "MHN"
    }


def test_a_job_that_fails_leaves_the_database_as_it_was(units, make_user, caplog) -> None:
    """The job writes three counterparts (and their audit entries), then fails with a bug: its work is
    rolled back, and only the job's status and a Swedish message are written; the traceback is logged."""
    coordinator = make_user(Role.COORDINATOR)
    counterparts, entries = Counterpart.objects.count(), AuditEntry.objects.count()

    with caplog.at_level(logging.ERROR, logger="omvarld.jobs"):
        job = job_start(coordinator, kind=KIND, params={"count": 3, "fail": True})

    assert job.status == JobStatus.FAILED
    assert Counterpart.objects.count() == counterparts
    assert AuditEntry.objects.count() == entries + 2
    assert _events(job) == ["job.started", "job.failed"]
    assert not AuditEntry.objects.filter(event="counterpart.created").exists()
    assert job.error == (
        "Jobbet kunde inte slutföras på grund av ett fel i Omvärld. Inget har ändrats. Felet är loggat "
        f"under jobb {job.pk}: försök igen, eller kontakta administratören."
    )
    assert "Traceback" not in job.error
    assert "ZeroDivisionError" not in job.error
    assert (job.summary, job.result, job.file.name) == ("", {}, "")
    assert (job.progress_done, job.progress_total) == (3, 3)  # how far it came
    assert not _scratch_left()
    logged = [record for record in caplog.records if record.name == "omvarld.jobs"]
    assert f"Job {job.pk} ({KIND}) failed" in logged[0].getMessage()
    assert "ZeroDivisionError" in logged[0].exc_text
    failed = AuditEntry.objects.get(event="job.failed")
    assert failed.data == {"kind": KIND, "error": job.error}


def test_a_job_that_refuses_says_why_in_its_own_words(units, make_user) -> None:
    job = job_start(make_user(Role.COORDINATOR), kind=KIND, params={"count": 2, "refuse": True})
    assert (job.status, job.error) == (JobStatus.FAILED, "Motparterna får inte skapas i dag.")
    assert not Counterpart.objects.filter(name__startswith="Testmotpart").exists()


def test_a_job_is_worded_in_the_language_of_the_one_who_started_it(units, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    with translation.override("en"):
        job = job_start(coordinator, kind=KIND, params={"count": 1, "fail": True})
    assert job.language == "en"
    assert job.error.startswith("The job could not be finished because of an error in Omvärld.")


# --- Starting ------------------------------------------------------------------------------------------


def test_a_job_is_started_only_by_those_the_kind_allows(units, make_user) -> None:
    reader = make_user(Role.READER)
    with pytest.raises(PermissionDenied):
        job_start(reader, kind=KIND, params={"count": 1})
    assert not Job.objects.exists()
    assert not AuditEntry.objects.filter(object_type="jobs.job").exists()


def test_a_user_without_a_role_starts_nothing(units, make_user) -> None:
    with pytest.raises(PermissionDenied):
        job_start(make_user(None), kind=KIND, params={"count": 1})


def test_an_unknown_kind_is_not_found(units, make_user) -> None:
    with pytest.raises(NotFound):
        job_start(make_user(Role.COORDINATOR), kind="nothing.such", params={})


def test_parameters_the_kind_cannot_use_are_refused_by_field_and_nothing_is_recorded(
    units, make_user
) -> None:
    with pytest.raises(ApplicationError) as refused:
        job_start(make_user(Role.COORDINATOR), kind=KIND, params={"count": -1})
    assert [(d.field, d.message) for d in refused.value.details] == [("count", "Ange ett antal från 0.")]
    assert not Job.objects.exists()


def test_the_system_may_start_any_kind(units) -> None:
    job = job_start(None, kind=KIND, params={"count": 1})
    assert (job.status, job.started_by, job.channel) == (JobStatus.SUCCEEDED, None, "system")


# --- The worker ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker checks its connection between jobs, as in production
@override_settings(TASKS=DATABASE_TASKS)
def test_a_queued_job_waits_in_the_database_until_the_worker_runs_it(units, make_user) -> None:
    job = job_start(make_user(Role.COORDINATOR), kind=KIND, params={"count": 2})
    assert job.status == JobStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert (str(task.id), task.task_path, task.args_kwargs["args"]) == (
        job.task_id,
        "omvarld.jobs.tasks.run_job",
        [job.pk],
    )
    assert progress.current(job) == progress.State(0, None, "")
    assert not Counterpart.objects.filter(name__startswith="Testmotpart").exists()

    call_command("worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.result) == (JobStatus.SUCCEEDED, {"created": 2})
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # A task run twice runs its job once.
    assert job_run(job_id=job.pk) is None
    assert Counterpart.objects.filter(name__startswith="Testmotpart").count() == 2


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_job_whose_user_lost_the_role_before_it_ran_fails_and_does_nothing(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    job = job_start(officer, kind=KIND, params={"count": 2})
    RoleAssignment.objects.filter(user=officer).delete()
    forget_roles(officer)

    call_command("worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "Du har inte behörighet att göra detta.")
    assert not Counterpart.objects.filter(name__startswith="Testmotpart").exists()


def test_the_worker_refuses_to_start_when_jobs_run_at_once(units, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        call_command("worker", "--batch")
    assert stopped.value.code == 2
    assert "OMVARLD_TASKS=immediate" in capsys.readouterr().err


@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_started_again_fails_the_jobs_it_was_running_when_it_was_killed(units, make_user) -> None:
    job = job_start(make_user(Role.COORDINATOR), kind=KIND, params={"count": 1})
    task = DBTaskResult.objects.get()
    task.claim("worker-1")  # as the worker does, before it was killed in the middle of the job
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    assert job_recover(worker_id="another-worker") == []
    recovered = job_recover(worker_id="worker-1")

    job.refresh_from_db()
    assert [j.pk for j in recovered] == [job.pk]
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "Jobbet stoppades innan det var klart (bakgrundsprocessen stängdes av). Inget har ändrats: starta "
        "det igen.",
    )
    assert DBTaskResult.objects.get().status == "FAILED"
    assert _events(job) == ["job.started", "job.failed"]


# --- Progress ------------------------------------------------------------------------------------------


def test_progress_is_written_at_most_twice_a_second_and_always_at_the_end(units) -> None:
    job = Job.objects.create(kind=KIND, title="Prov", status=JobStatus.RUNNING)
    now = [100.0]
    report = progress.Reporter(job.pk, clock=lambda: now[0])

    report(1, 10, "Ett")
    assert progress.current(job) == progress.State(1, 10, "Ett")
    now[0] += 0.2
    report(2, 10)
    assert progress.current(job) == progress.State(1, 10, "Ett")  # not yet written
    now[0] += 0.4
    report(3, 10)
    assert progress.current(job) == progress.State(3, 10, "Ett")
    now[0] += 0.1
    report(10, 10, "Klart")
    assert progress.current(job) == progress.State(10, 10, "Klart")
    assert progress.current(job).percent == 100
    progress.forget(job.pk)
    assert progress.current(job) == progress.State(0, None, "")  # the row's own figures


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_job_that_fails_in_the_worker_leaves_the_committed_database_as_it_was(units, make_user) -> None:
    """As above, with nothing around the job's transaction: the worker runs it as it runs in production,
    each step committed for real (no test transaction to roll back)."""
    job = job_start(make_user(Role.COORDINATOR), kind=KIND, params={"count": 3, "fail": True})
    counterparts, entries = Counterpart.objects.count(), AuditEntry.objects.count()

    call_command("worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Inget har ändrats" in job.error
    assert Counterpart.objects.count() == counterparts
    assert AuditEntry.objects.count() == entries + 1  # job.failed, and nothing of the work
    assert _events(job) == ["job.started", "job.failed"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # the task itself ended as it should
