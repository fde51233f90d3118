"""The register's background jobs: re-assessing it (from the page, or ``omvarld reassess``) and exporting it
to a file, each run as a job with its progress, all or nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook
from tests.bases import web_client
from tests.factories import EngagementFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.engagements import export, reassess
from omvarld.engagements.jobs import EXPORT, REASSESS
from omvarld.engagements.models import Engagement, Kind, StoredAssessment
from omvarld.engagements.services import engagement_register, engagement_submit
from omvarld.jobs.cli import wait_for
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.services import job_start

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DAY = datetime.date(2026, 3, 2)


def _waiting(units, count: int, unit: str = "MHN") -> list[Engagement]:
    made = []
    for number in range(count):
        engagement = engagement_register(
            actor=None, unit=units[unit], kind=Kind.TRIP, title=f"Resa {number}", today=DAY
        )
        made.append(engagement_submit(actor=None, engagement=engagement, as_of=DAY))
    return made


# --- Re-assessing ---------------------------------------------------------------------------------------


def test_a_coordinator_reassesses_the_register_as_a_job(units, make_user) -> None:
    _waiting(units, 3)
    coordinator = make_user(Role.COORDINATOR)
    job = job_start(coordinator, kind=REASSESS, params={"confirm": True})

    assert (job.status, job.title, job.params) == (JobStatus.SUCCEEDED, "Bedöm diariet på nytt", {})
    assert job.summary.splitlines()[0].startswith("3 ärenden som väntar på beslut bedömdes på nytt (per ")
    assert job.summary.splitlines()[1] == "0 fick ett annat utfall och 0 ett annat beslutande organ."
    assert job.result["assessed"] == 3
    assert job.result["policy_versions"] == {"stockholm-2008": 3}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert StoredAssessment.objects.count() == 6
    finished = AuditEntry.objects.get(event="job.succeeded")
    assert finished.data["result"]["assessed"] == 3


def test_an_officer_may_not_reassess_the_register(units, make_user) -> None:
    with pytest.raises(PermissionDenied):
        job_start(make_user(Role.OFFICER, "MHN"), kind=REASSESS, params={})
    assert not Job.objects.exists()


@pytest.mark.parametrize("processes", [0, 1], ids=["on a thread", "in a process"])
def test_a_reassessment_that_fails_halfway_keeps_nothing_and_names_the_matter(
    units, make_user, monkeypatch, settings, processes: int
) -> None:
    """The first batches are written, then a matter the engine cannot read (a cost beyond its range)
    stops the job: every assessment it stored is rolled back, and the job says which matter it was —
    also when the batches are assessed in a pool of processes, as a large register's are."""
    matters = _waiting(units, 5)
    broken = matters[3]
    Engagement.objects.filter(pk=broken.pk).update(cost_sek=10**15)
    monkeypatch.setattr(reassess, "BATCH", 2)
    monkeypatch.setattr(reassess, "PROCESSES_FROM", 0)
    settings.OMVARLD_BULK_PROCESSES = processes
    before = list(Engagement.objects.order_by("pk").values_list("pk", "latest_as_of", "queue_position"))

    job = job_start(make_user(Role.COORDINATOR), kind=REASSESS, params={})

    assert job.status == JobStatus.FAILED
    assert job.error.startswith(f"{broken.registration_number} kan inte bedömas: ")
    assert StoredAssessment.objects.count() == 5
    assert (
        list(Engagement.objects.order_by("pk").values_list("pk", "latest_as_of", "queue_position")) == before
    )
    assert (job.progress_done, job.progress_total) == (2, 5)  # it had come this far


def test_omvarld_reassess_runs_the_job_and_prints_what_it_did(units, capsys) -> None:
    _waiting(units, 2)
    call_command("reassess")
    out, err = capsys.readouterr()
    assert "2 ärenden som väntar på beslut bedömdes på nytt" in out
    assert "Jobb " in err
    assert "startat: Bedöm diariet på nytt" in err
    assert Job.objects.get().started_by is None


@override_settings(TASKS=DATABASE_TASKS)
def test_omvarld_reassess_queues_the_job_for_the_worker_and_says_where_to_follow_it(units, capsys) -> None:
    call_command("reassess")
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    assert f"följ det på /jobs/{job.pk}/, eller starta det med --wait" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_waiting_for_a_job_tells_its_progress_until_the_worker_has_run_it(units) -> None:
    _waiting(units, 2)
    job = job_start(None, kind=REASSESS, params={})
    told = []

    ended = wait_for(job, told=told.append, interval=0, sleep=lambda _s: call_command("worker", "--batch"))

    assert ended.status == JobStatus.SUCCEEDED
    assert [(state.done, state.total) for state in told] == [(0, None), (2, 2)]


def test_the_register_offers_a_reassessment_to_the_coordinator_only(units, make_user) -> None:
    link = 'href="/jobs/new/register.reassess/"'
    assert link in web_client(make_user(Role.COORDINATOR)).get("/register/").text
    assert link not in web_client(make_user(Role.OFFICER, "MHN")).get("/register/").text


# --- Exporting ------------------------------------------------------------------------------------------


def test_an_export_job_writes_the_file_the_export_command_writes(units, make_user) -> None:
    _waiting(units, 3)
    _waiting(units, 2, unit="TN")
    coordinator = make_user(Role.COORDINATOR)

    job = job_start(coordinator, kind=EXPORT, params={"format": "csv", "filters": {"unit": "TN"}})

    assert (job.status, job.title) == (JobStatus.SUCCEEDED, "Export av diariet (CSV): Enhet: TN")
    assert job.summary.startswith("2 ärenden skrevs till diarium-")
    assert job.file_name.endswith(".csv")
    assert job.result == {"engagements": 2, "format": "csv"}
    expected = io.StringIO()
    export.write_csv(Engagement.objects.filter(unit__code="TN").order_by("year", "number", "pk"), expected)
    with default_storage.open(job.file.name) as stored:
        assert stored.read().decode("utf-8") == expected.getvalue()
    assert (job.progress_done, job.progress_total) == (2, 2)


def test_an_officer_exports_only_what_they_see(units, make_user) -> None:
    _waiting(units, 2)
    _waiting(units, 3, unit="TN")
    job = job_start(make_user(Role.OFFICER, "MHN"), kind=EXPORT, params={"format": "xlsx", "filters": {}})
    with default_storage.open(job.file.name) as stored:
        rows = list(load_workbook(stored, read_only=True)["Diarium"].iter_rows(values_only=True))
    assert len(rows) == 1 + 2
    assert {row[4] for row in rows[1:]} == {"MHN"}


def test_an_export_is_filtered_by_the_lists_filters_from_its_link(units, make_user) -> None:
    _waiting(units, 2)
    EngagementFactory(unit=units["MHN"], kind=Kind.INVITATION)
    client = web_client(make_user(Role.COORDINATOR))
    page = client.get("/jobs/new/register.export/?kind=trip&format=csv").text
    assert 'value="trip" selected' in page
    response = client.post("/jobs/new/register.export/", {"kind": "trip", "format": "json"}, follow=True)
    job = Job.objects.get()
    assert job.params == {"format": "json", "filters": {"kind": "trip"}}
    assert "2 ärenden skrevs till" in response.text
    assert f'href="/jobs/{job.pk}/file/"' in response.text


def test_filters_an_export_cannot_use_are_refused_by_field(units, make_user) -> None:
    with pytest.raises(ApplicationError) as refused:
        job_start(
            make_user(Role.COORDINATOR),
            kind=EXPORT,
            params={"format": "pdf", "filters": {"year": "tjugohundra", "colour": "red"}},
        )
    assert [detail.field for detail in refused.value.details] == ["format", "filters"]
    with pytest.raises(ApplicationError) as refused:
        job_start(
            make_user(Role.COORDINATOR), kind=EXPORT, params={"format": "csv", "filters": {"year": "x"}}
        )
    assert [detail.field for detail in refused.value.details] == ["year"]
    assert not Job.objects.exists()


def test_the_register_list_offers_its_filtered_export_in_the_background(units, make_user) -> None:
    _waiting(units, 1)
    page = web_client(make_user(Role.READER)).get("/register/?kind=trip").text
    assert 'href="/jobs/new/register.export/?kind=trip"' in page
