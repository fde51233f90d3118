"""An officer imports the unit's old register of trips through the pages: uploads the workbook, sees how
its columns are read and corrects one, tries it (a file with errors first, every problem listed by row and
column), imports it, and finds the matters in the register; a large file's dry run runs in the background
and its page lists the problems it found. Every page passes axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import Engagement
from omvarld.imports import tasks
from omvarld.imports.models import ImportKey

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def upload(page: Page, path: Path) -> None:
    page.goto("/imports/new/")
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import av {path.name}")


def test_an_officer_uploads_maps_tries_and_imports_a_register(
    page: Page, role_user: Callable[[Role], User], tmp_path: Path
) -> None:
    problems = watch_csp(page)
    officer = role_user(Role.OFFICER)
    expected = tasks.run(actor=officer, params={"path": str(EXAMPLES / "med-fel.csv"), "dry_run": True})[
        "errors"
    ]
    login(page, officer.username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Diarium").click()
    page.get_by_role("link", name="Importera från fil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer")
    assert_accessible(page, "the list of imports")
    page.get_by_role("link", name="Importera en fil").click()
    assert_accessible(page, "the upload form")

    # A file with errors: every problem is listed, and nothing is imported.
    upload(page, EXAMPLES / "med-fel.csv")
    page.get_by_role("button", name="Provkör importen").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Provkörningen hittade {len(expected)} fel")
    problems_table = page.get_by_role("table", name="Fel", exact=True)
    expect(problems_table.get_by_role("row")).to_have_count(1 + len(expected))
    expect(problems_table).to_contain_text("Du får inte registrera ärenden för Kommunstyrelsen.")
    expect(problems_table).to_contain_text("Okänd enhet ”XYZ”")
    expect(page.get_by_role("button", name="Importera", exact=True)).to_have_count(0)
    assert_accessible(page, "a dry run with problems")
    assert not Engagement.objects.exists()

    # The unit's trips, with a column the import cannot guess ("Vem"): the officer reads it as the travellers.
    text = (EXAMPLES / "tjansteresor.csv").read_text(encoding="utf-8-sig").replace("Resenärer", "Vem")
    text = text.replace(";SBN;", ";MHN;").replace(";AELN;", ";MHN;")
    trips = tmp_path / "resor.csv"
    trips.write_text(text, encoding="utf-8-sig")
    upload(page, trips)
    assert_accessible(page, "the mapping of the columns")
    column = page.get_by_label("Kolumn K: Vem")
    expect(column).to_have_value("")
    column.select_option(label="Resenärer och deltagare")
    expect(page.get_by_label("Kolumn A: Id")).to_have_value("source_id")
    page.get_by_role("button", name="Provkör importen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Inga fel på 3 rader. Importen registrerar 3 nya ärenden"
    )
    assert_accessible(page, "a dry run without problems")

    page.get_by_role("button", name="Importera", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("resor.csv importerades: 3 nya ärenden")
    expect(page.get_by_role("row", name=re.compile(r"^Status "))).to_contain_text("Importerad")
    assert_accessible(page, "an import done")
    assert Engagement.objects.count() == 3
    oslo = ImportKey.objects.get(key="RES-2020-003").engagement
    assert oslo.travellers == "Verksamhetsutvecklare"

    page.goto("/register/")
    page.get_by_role("link", name="Studiebesök om äldreomsorg med välfärdsteknik i Oslo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(oslo.registration_number)
    assert problems == []


def test_a_coordinator_imports_a_sample_file_as_a_job_and_the_same_file_again_changes_nothing(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    """The import runs as a background job (at once in the tests): the import's page shows its result and
    leads to the job's page; the same file again is imported with nothing changed."""
    problems = watch_csp(page)
    login(page, role_user(Role.COORDINATOR).username)
    sample = EXAMPLES / "medlemskap.csv"

    upload(page, sample)
    page.get_by_role("button", name="Provkör importen").click()
    expect(page.get_by_role("status").first).to_contain_text("Inga fel på")
    page.get_by_role("button", name="Importera", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("medlemskap.csv importerades")
    job = page.get_by_role("region", name="Importens bakgrundsjobb")
    expect(job).to_contain_text("Klart")
    expect(page.get_by_role("row", name=re.compile(r"^Status "))).to_contain_text("Importerad")
    assert_accessible(page, "an import done as a job")
    count = Engagement.objects.count()
    assert count > 0

    job.get_by_role("link", name="Import av medlemskap.csv").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import av medlemskap.csv")
    expect(page.get_by_role("region", name="Resultat")).to_contain_text("medlemskap.csv importerades")
    assert_accessible(page, "the import's job")

    upload(page, sample)
    page.get_by_role("button", name="Provkör importen").click()
    expect(page.get_by_role("status").first).to_contain_text("registrerar 0 nya ärenden, ändrar 0")
    page.get_by_role("button", name="Importera", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Inget ändrades")
    assert_accessible(page, "the same file imported again")
    assert Engagement.objects.count() == count
    assert problems == []


def test_a_large_files_dry_run_runs_in_the_background_and_its_page_shows_the_problems(
    page: Page, role_user: Callable[[Role], User], settings: Any
) -> None:
    settings.OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS = 2  # so that med-fel.csv counts as a large file
    problems = watch_csp(page)
    officer = role_user(Role.OFFICER)
    expected = tasks.run(actor=officer, params={"path": str(EXAMPLES / "med-fel.csv"), "dry_run": True})[
        "errors"
    ]
    login(page, officer.username)
    upload(page, EXAMPLES / "med-fel.csv")

    page.get_by_role("button", name="Provkör importen").click()

    expect(page.get_by_role("heading", name="Provkörningens bakgrundsjobb")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(f"Provkörningen hittade {len(expected)} fel")
    problems_table = page.get_by_role("table", name="Fel", exact=True)
    expect(problems_table.get_by_role("row")).to_have_count(1 + len(expected))
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner alla fel (CSV)").click()
    kept = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert kept.count("\n") == 1 + len(expected)
    assert_accessible(page, "a dry run that ran in the background")
    assert not Engagement.objects.exists()
    assert problems == []
