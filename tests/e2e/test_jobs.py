"""Background jobs in the browser: a coordinator re-assesses the register from its page, a job's page
follows its progress as it runs and shows its end without a reload, and every page passes axe-core."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp
from tests.factories import JobFactory

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import Kind
from omvarld.engagements.services import engagement_register, engagement_submit
from omvarld.jobs import progress
from omvarld.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_reassesses_the_register_and_downloads_an_export(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object]
) -> None:
    for number in range(3):
        engagement = engagement_register(
            actor=None,
            unit=units["MHN"],
            kind=Kind.TRIP,
            title=f"Resa {number}",
            today=datetime.date(2026, 3, 2),
        )
        engagement_submit(actor=None, engagement=engagement, as_of=datetime.date(2026, 3, 2))
    login(page, role_user(Role.COORDINATOR).username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Diarium").click()
    page.get_by_role("link", name="Bedöm diariet på nytt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedöm diariet på nytt")
    assert_accessible(page, "the page that starts a re-assessment")

    page.get_by_role("button", name="Starta jobbet").click()
    expect(page.get_by_role("alert")).to_contain_text("Bekräfta att alla ärenden")
    assert_accessible(page, "the start page with its error")
    page.get_by_label("Ja, bedöm alla ärenden som väntar på beslut på nytt").check()
    page.get_by_role("button", name="Starta jobbet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedöm diariet på nytt")
    result = page.get_by_role("region", name="Resultat")
    expect(result).to_contain_text("3 ärenden som väntar på beslut bedömdes på nytt")
    assert_accessible(page, "a finished job's page")

    # The register's list, exported in the background with its filter, and the file downloaded.
    page.goto("/register/?kind=trip")
    page.get_by_role("link", name="Exportera i bakgrunden (för långa listor)").click()
    expect(page.get_by_label("Ärendeslag")).to_have_value("trip")
    assert_accessible(page, "the page that starts an export")
    page.get_by_label("Format").select_option("csv")
    page.get_by_role("button", name="Starta jobbet").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner diarium-").click()
    assert download.value.suggested_filename.endswith(".csv")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Bakgrundsjobb").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina bakgrundsjobb")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    assert_accessible(page, "my background jobs")


def test_a_running_jobs_page_follows_its_progress_and_shows_its_end(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object]
) -> None:
    officer = role_user(Role.OFFICER)
    job = JobFactory(
        started_by=officer, title="Export av diariet (XLSX)", status=JobStatus.RUNNING, summary="", result={}
    )
    report = progress.Reporter(job.pk, interval=0)
    report(120, 1000, "Skriver ärendena")
    login(page, officer.username)
    refused = watch_csp(page)

    page.goto(job.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Export av diariet (XLSX)")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "120")
    expect(page.locator("#job-state")).to_contain_text("120 av 1000 (12 %)")
    assert_accessible(page, "a running job's page")

    # The page asks again by itself (htmx): the worker's next step shows without a reload.
    with page.expect_response(lambda response: response.url.endswith(job.get_absolute_url())):
        report(640, 1000, "Skriver ärendena")
    expect(page.locator("#job-state")).to_contain_text("640 av 1000 (64 %)", timeout=6000)

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, summary="1 000 ärenden skrevs.", progress_done=1000, progress_total=1000
    )
    progress.forget(job.pk)
    expect(page.get_by_role("region", name="Resultat")).to_contain_text("1 000 ärenden skrevs.", timeout=6000)
    expect(page.locator("#job-announcement")).to_have_text("Jobbet är klart.")
    assert_accessible(page, "the job's page once it has ended")
    assert not refused, refused
