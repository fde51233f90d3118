"""The background jobs' pages: my jobs, one job's progress and result, starting a job, its file.

Everyone sees the jobs they started; the coordinator and the administrator see everyone's. A job is
started from a page per kind, which the kind allows (``tests/testapp/jobs.py``: creating counterparts,
which a reader may not; the register's kinds are declared on the same bases below).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client
from tests.bases import (
    ALL_ROLES,
    CreatePageTests,
    DetailPageTests,
    ListPageTests,
    ResourceTests,
    body_text,
    web_client,
)
from tests.factories import JobFactory

from omvarld.accounts.models import Role, User
from omvarld.core.permissions import Action
from omvarld.jobs import progress
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.services import job_start
from omvarld.organisation.models import Unit

STARTERS = frozenset({Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR})


class JobResource(ResourceTests):
    """A job belongs to the one who started it: ``make`` files it as the signed-in user's."""

    model = Job
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    acting: User | None = None

    def user(self, make_user: Any, role: Role | None) -> User:  # type: ignore[override]
        self.acting = ResourceTests.user(make_user, role)
        return self.acting

    def make(self, unit: Unit) -> Job:
        return JobFactory(started_by=self.acting, unit=unit)

    def row_text(self, obj: Any) -> str:
        return obj.title

    def event(self, verb: str) -> str:
        # Starting a job is its creation.
        return {"created": "job.started"}.get(verb, super().event(verb))


class TestJobPages(ListPageTests, DetailPageTests, JobResource):
    list_url = "/jobs/"


class TestStartingAJob(CreatePageTests, JobResource):
    allowed: ClassVar = {Action.VIEW: ALL_ROLES, Action.CREATE: STARTERS}
    create_url = "/jobs/new/test.counterparts/"
    invalid_message = "Ange ett antal från 0."

    def valid_data(self) -> dict[str, Any]:
        return {"count": "2"}

    def invalid_data(self) -> dict[str, Any]:
        return {"count": "-1"}


class TestStartingAReassessment(CreatePageTests, JobResource):
    """Re-assessing the whole register is for the city-wide roles that run it."""

    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: frozenset({Role.COORDINATOR, Role.ADMINISTRATOR}),
    }
    create_url = "/jobs/new/register.reassess/"
    invalid_message = "Bekräfta att alla ärenden som väntar på beslut ska bedömas på nytt."

    def valid_data(self) -> dict[str, Any]:
        return {"confirm": "on"}

    def invalid_data(self) -> dict[str, Any]:
        return {}


class TestStartingAnExport(CreatePageTests, JobResource):
    """Everyone who sees the register may export what they see of it."""

    allowed: ClassVar = {Action.VIEW: ALL_ROLES, Action.CREATE: ALL_ROLES}
    create_url = "/jobs/new/register.export/"
    invalid_message = "Välj ett giltigt alternativ."

    def valid_data(self) -> dict[str, Any]:
        return {"format": "csv", "kind": "trip"}

    def invalid_data(self) -> dict[str, Any]:
        return {"format": "pdf"}


# --- Whose jobs ---------------------------------------------------------------------------------------


def test_an_officer_sees_only_the_jobs_they_started(units, make_user) -> None:
    officer, colleague = make_user(Role.OFFICER, "MHN"), make_user(Role.OFFICER, "MHN")
    own = JobFactory(started_by=officer, title="Min export")
    theirs = JobFactory(started_by=colleague, title="Kollegans export")
    client = web_client(officer)

    listed = client.get("/jobs/")
    assert "Min export" in listed.text
    assert "Kollegans export" not in listed.text
    assert "<h1" in listed.text
    assert "Mina bakgrundsjobb" in listed.text
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_coordinator_sees_their_own_jobs_first_and_everyones_when_asked(units, make_user) -> None:
    coordinator, officer = make_user(Role.COORDINATOR), make_user(Role.OFFICER, "MHN")
    JobFactory(started_by=coordinator, title="Samordnarens jobb")
    others = JobFactory(started_by=officer, title="Handläggarens jobb")
    client = web_client(coordinator)

    mine = client.get("/jobs/").text
    assert "Samordnarens jobb" in mine
    assert "Handläggarens jobb" not in mine
    everyone = client.get("/jobs/?who=all").text
    assert "Alla bakgrundsjobb" in everyone
    assert "Samordnarens jobb" in everyone
    assert "Handläggarens jobb" in everyone
    assert client.get(others.get_absolute_url()).status_code == 200


def test_only_those_who_see_everyones_jobs_are_offered_the_choice(units, make_user) -> None:
    assert 'name="who"' not in web_client(make_user(Role.OFFICER, "MHN")).get("/jobs/").text
    assert 'name="who"' in web_client(make_user(Role.ADMINISTRATOR)).get("/jobs/").text


# --- A job's page -------------------------------------------------------------------------------------


def test_a_running_jobs_page_shows_its_progress_and_asks_again_while_it_runs(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    job = JobFactory(started_by=officer, status=JobStatus.RUNNING, summary="", result={})
    progress.Reporter(job.pk)(250, 1000, "Skriver ärendena")
    client = web_client(officer)

    page = client.get(job.get_absolute_url()).text
    assert '<progress max="1000" value="250"' in page
    assert "250 av 1000 (25 %)" in page
    assert "Skriver ärendena" in page
    assert 'hx-trigger="every 2s"' in page
    assert "htmx-2.0.11.min.js" in page
    assert "Läs in igen" in page  # without script: reload to see the latest

    # htmx asks for the part that changes, and gets only that.
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).text
    assert part.lstrip().startswith('<div id="job-state"')
    assert "<html" not in part
    assert 'hx-trigger="every 2s"' in part

    # Once it has ended, the part no longer asks again, and says so to a screen reader.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, summary="1000 ärenden skrevs.", progress_done=1000, progress_total=1000
    )
    progress.forget(job.pk)
    ended = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in ended
    assert "1000 ärenden skrevs." in ended
    assert 'id="job-announcement"' in ended
    assert "Jobbet är klart." in ended


def test_a_page_asking_for_progress_after_its_session_ended_is_reloaded_whole(units, make_user) -> None:
    job = JobFactory(started_by=make_user(Role.OFFICER, "MHN"), status=JobStatus.RUNNING)
    response = Client().get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "<form" not in response.text


def test_a_failed_jobs_page_says_why_in_swedish_without_a_traceback(units, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    job = job_start(coordinator, kind="test.counterparts", params={"count": 1, "fail": True})
    page = web_client(coordinator).get(job.get_absolute_url()).text
    assert "Misslyckades" in page
    assert "Varför det misslyckades" in page
    assert "Inget har ändrats." in page
    assert "Traceback" not in page
    assert "ZeroDivisionError" not in page


def test_the_start_page_of_an_unknown_kind_is_a_404(units, make_user) -> None:
    response = web_client(make_user(Role.COORDINATOR)).get("/jobs/new/nothing.such/")
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["imports.run", "imports.check", "strategy.whatif"])
def test_a_job_that_a_page_of_its_own_starts_has_no_start_page_here(units, make_user, kind) -> None:
    # An import needs its file and a what-if its versions: their own pages start them.
    client = web_client(make_user(Role.COORDINATOR))
    assert client.get(f"/jobs/new/{kind}/").status_code == 404
    assert client.post(f"/jobs/new/{kind}/").status_code == 404


def test_starting_a_job_on_its_page_takes_the_user_to_the_jobs_page(units, make_user) -> None:
    client = web_client(make_user(Role.OFFICER, "MHN"))
    response = client.post("/jobs/new/test.counterparts/", {"count": "1"}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert "”Skapa 1 motparter” är klart." in response.text
    assert "1 motparter skapades." in response.text


# --- The file a job made --------------------------------------------------------------------------------


def test_a_jobs_file_is_downloaded_by_those_who_see_the_job_and_no_one_else(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    job = job_start(officer, kind="test.counterparts", params={"count": 2})
    url = f"/jobs/{job.pk}/file/"

    download = web_client(officer).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="motparter.txt"'
    assert body_text(download) == "Testmotpart 1\nTestmotpart 2\n"
    assert f'href="{url}"' in web_client(officer).get(job.get_absolute_url()).text

    assert web_client(make_user(Role.COORDINATOR)).get(url).status_code == 200
    assert web_client(make_user(Role.OFFICER, "MHN")).get(url).status_code == 404
    assert web_client(make_user(None)).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_a_job_without_a_file_has_nothing_to_download(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    job = JobFactory(started_by=officer)
    assert web_client(officer).get(f"/jobs/{job.pk}/file/").status_code == 404
