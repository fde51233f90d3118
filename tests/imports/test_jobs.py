"""The import runs as a background job (``imports.run``): started from the import's page, which shows its
progress while it runs and its result when it is done; a refused run is recorded on the import although
the job's work is rolled back; a failing run leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from tests.imports.test_views import chosen, client_for, upload

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.engagements.models import Decision, Engagement, StoredAssessment
from omvarld.imports.models import Import, ImportKey, ImportStatus
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.services import job_start
from omvarld.organisation.models import Counterpart
from omvarld.strategy.models import MatterCitations, PassageSet, PassageSetMember

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A file the dry run may pass for a coordinator but that has a problem: a unit nobody knows.
REFUSED_CSV = "Id;Rubrik;Enhet;Ärendeslag\nX-1;Resa till Oslo;MHN;trip\nX-2;Resa till Riga;XYZ;trip\n"


def _tried(client, name: str, content: bytes) -> str:
    """An uploaded file, tried without problems: its page's URL."""
    url = upload(client, name, content)
    client.post(url, chosen(client.get(url).text))
    assert Import.objects.get(pk=url.rstrip("/").rsplit("/", 1)[-1]).status == ImportStatus.CHECKED
    return url


def test_an_import_runs_as_a_job_and_its_page_shows_the_result_and_links_the_job(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = _tried(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())

    response = client.post(f"{url}run/")

    assert response["Location"] == url
    record = Import.objects.select_related("job").get()
    job = record.job
    assert job is not None
    assert (job.kind, job.status, job.title) == (
        "imports.run",
        JobStatus.SUCCEEDED,
        "Import av tjansteresor.csv",
    )
    assert job.params == {"import": record.pk}
    assert job.result == {"import": record.pk, "rows": 3, "created": 3, "updated": 0, "unchanged": 0}
    assert job.summary == "tjansteresor.csv importerades: 3 nya ärenden, 0 ändrade, 0 oförändrade."
    assert record.status == ImportStatus.IMPORTED
    page = client.get(url).text
    assert f'href="/jobs/{job.pk}/"' in page
    assert "Importen kördes som bakgrundsjobbet" in page
    assert "tjansteresor.csv importerades: 3 nya ärenden, 0 ändrade, 0 oförändrade." in page
    assert Engagement.objects.count() == 3
    # The job's page leads back to the import.
    assert f'<a href="{url}">Importen av tjansteresor.csv</a>' in client.get(f"/jobs/{job.pk}/").text


def test_the_same_file_again_changes_nothing_and_its_job_says_so(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    content = (EXAMPLES / "tjansteresor.csv").read_bytes()
    client.post(f"{_tried(client, 'tjansteresor.csv', content)}run/")
    entries = AuditEntry.objects.exclude(object_type__in=["jobs.job", "imports.import"]).count()

    client.post(f"{_tried(client, 'tjansteresor.csv', content)}run/")

    job = Job.objects.filter(kind="imports.run").first()
    assert job is not None
    assert job.result["created"] == job.result["updated"] == 0
    assert job.result["unchanged"] == 3
    assert "Inget ändrades" in job.summary
    assert Engagement.objects.count() == 3
    assert AuditEntry.objects.exclude(object_type__in=["jobs.job", "imports.import"]).count() == entries


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_an_import_waiting_for_the_worker_shows_its_progress_and_is_not_started_twice(
    units, make_user
) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = _tried(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())

    client.post(f"{url}run/")

    job = Import.objects.get().job
    assert job is not None
    assert job.status == JobStatus.QUEUED
    page = client.get(url).text
    assert "Importerar …" in page
    assert f'hx-get="/jobs/{job.pk}/"' in page  # the job's state, asked for again while it runs
    assert "Provkör importen" not in page
    assert not Engagement.objects.exists()
    again = client.post(f"{url}run/", follow=True)
    assert "Filen importeras redan" in again.text
    assert Job.objects.filter(kind="imports.run").count() == 1

    call_command("worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Import.objects.get().status == ImportStatus.IMPORTED
    assert Engagement.objects.count() == 3


def _tables() -> dict[str, int]:
    counted: list[type[models.Model]] = [
        Engagement,
        StoredAssessment,
        Decision,
        Counterpart,
        ImportKey,
        MatterCitations,
        PassageSet,
        PassageSetMember,
    ]
    return {
        **{model.__name__: model.objects.count() for model in counted},
        "register entries": AuditEntry.objects.exclude(
            object_type__in=["jobs.job", "imports.import"]
        ).count(),
    }


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_refused_import_job_writes_nothing_and_the_import_says_refused(units, make_user) -> None:
    """Run by the worker, each step committed for real: the job fails, its work is rolled back, and the
    refusal it recorded is kept (written after the rollback)."""
    coordinator = make_user(Role.COORDINATOR)
    client = client_for(coordinator)
    client.post(f"{_tried(client, 'tjansteresor.csv', (EXAMPLES / 'tjansteresor.csv').read_bytes())}run/")
    call_command("worker", "--batch", verbosity=0)
    url = upload(client, "fel.csv", REFUSED_CSV.encode())
    record = Import.objects.get(pk=url.rstrip("/").rsplit("/", 1)[-1])
    before = _tables()

    job = job_start(coordinator, kind="imports.run", params={"import": record.pk})
    call_command("worker", "--batch", verbosity=0)

    job.refresh_from_db()
    record.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Filen kunde inte importeras; ingenting har ändrats.")
    assert "Okänd enhet ”XYZ”" in job.error
    assert (record.status, record.rows, record.errors) == (ImportStatus.REFUSED, 2, 1)
    assert list(
        AuditEntry.objects.filter(object_type="imports.import", object_id=str(record.pk))
        .order_by("pk")
        .values_list("event", flat=True)
    ) == ["import.uploaded", "import.refused"]
    assert _tables() == before


# --- The dry run of a large file, as a job (``imports.check``) ---------------------------------------------


@override_settings(OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS=2)
def test_a_large_files_dry_run_is_a_job_whose_report_the_page_shows(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())
    record = Import.objects.get()
    assert record.rows == 3  # counted when the file was uploaded

    response = client.post(url, chosen(client.get(url).text))

    assert response["Location"] == url
    record.refresh_from_db()
    job = record.job
    assert job is not None
    assert (job.kind, job.status, job.title) == (
        "imports.check",
        JobStatus.SUCCEEDED,
        "Provkörning av tjansteresor.csv",
    )
    assert record.status == ImportStatus.CHECKED
    assert job.result["error_count"] == 0
    assert (job.result["created"], job.result["rows"]) == (3, 3)
    page = client.get(url).text
    assert "Provkörningen kördes som bakgrundsjobbet" in page
    assert "Inga fel på 3 rader. Importen registrerar 3 nya ärenden" in page
    assert not Engagement.objects.exists()  # a dry run imports nothing
    client.post(f"{url}run/")
    assert Engagement.objects.count() == 3


@override_settings(OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS=2)
def test_a_large_files_problems_found_in_the_background_are_listed_by_row_and_column(
    units, make_user
) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "med-fel.csv", (EXAMPLES / "med-fel.csv").read_bytes())

    client.post(url, chosen(client.get(url).text))

    record = Import.objects.select_related("job").get()
    assert record.status == ImportStatus.REJECTED
    assert record.job is not None
    assert record.job.result["error_count"] == record.errors > 0
    page = client.get(url).text
    assert "Provkörningen hittade" in page
    for error in record.job.result["errors"]:
        assert f"<td>{error['row']}</td>" in page
    # Every problem, as the job found them, from the job's file: the same CSV the page's own link gives.
    assert f'href="/jobs/{record.job.pk}/file/" download' in page
    kept = b"".join(client.get(f"/jobs/{record.job.pk}/file/").streaming_content).decode("utf-8")
    assert kept == client.get(f"{url}errors.csv").content.decode("utf-8")
    assert kept.count("\n") == record.errors + 1
    assert not Engagement.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS, OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS=2)
def test_a_dry_run_waiting_for_the_worker_shows_its_progress_and_blocks_the_import(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())
    mapping = chosen(client.get(url).text)

    client.post(url, mapping)

    job = Import.objects.get().job
    assert job is not None
    assert job.status == JobStatus.QUEUED
    page = client.get(url).text
    assert "Provkör …" in page
    assert f'hx-get="/jobs/{job.pk}/"' in page
    again = client.post(url, mapping, follow=True)
    assert "Filen provkörs redan" in again.text
    assert Job.objects.filter(kind="imports.check").count() == 1
    assert "Filen provkörs redan" in client.post(f"{url}run/", follow=True).text

    call_command("worker", "--batch", verbosity=0)

    record = Import.objects.select_related("job").get()
    assert (record.job.status, record.status) == (JobStatus.SUCCEEDED, ImportStatus.CHECKED)
    assert "Inga fel på 3 rader." in client.get(url).text
