"""The import's pages: upload a file, see and adjust how its columns are read, try it, import it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from tests.bases import CreatePageTests, DetailPageTests, ListPageTests, ResourceTests
from tests.factories import IMPORT_CSV, ImportFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Action
from omvarld.engagements.models import Engagement
from omvarld.imports.models import Import, ImportStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
IMPORTERS = frozenset({Role.OFFICER, Role.COORDINATOR})


class ImportResource(ResourceTests):
    """Officers import into their own units and coordinators anywhere; readers and administrators see the
    imports; nobody deletes one (the file imported is kept with its record)."""

    model = Import
    unit_field = "unit"
    allowed: ClassVar = {
        Action.VIEW: frozenset({Role.OFFICER, Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR}),
        Action.CREATE: IMPORTERS,
        Action.CHANGE: IMPORTERS,
        Action.DELETE: frozenset(),
    }
    unit_scoped = frozenset({Role.OFFICER})

    def make(self, unit: Any) -> models.Model:
        return ImportFactory(unit=unit)

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Import)
        return obj.file_name

    def event(self, verb: str) -> str:
        return {"created": "import.uploaded"}.get(verb, super().event(verb))


class TestImportPages(ListPageTests, DetailPageTests, CreatePageTests, ImportResource):
    list_url = "/imports/"
    create_url = "/imports/new/"
    invalid_message = "Det här fältet är obligatoriskt."

    def valid_data(self) -> dict[str, Any]:
        return {
            "file": SimpleUploadedFile("medlemskap.csv", IMPORT_CSV.encode()),
            "unit": self.unit("MHN").pk,
        }

    def invalid_data(self) -> dict[str, Any]:
        return {"unit": self.unit("MHN").pk}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, name: str, content: bytes, **data: Any) -> str:
    response = client.post("/imports/new/", {"file": SimpleUploadedFile(name, content), **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def chosen(page: str) -> dict[str, str]:
    """The mapping form as the page fills it in: each select's chosen value."""
    found = {}
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', options)
        found[name] = selected.group(1) if selected else ""
    return found


def test_the_mapping_is_guessed_from_the_headings_and_shown_with_examples(units, make_user) -> None:
    client = client_for(make_user(Role.OFFICER, "MHN"))
    url = upload(client, "medlemskap.csv", (EXAMPLES / "medlemskap.csv").read_bytes(), unit=units["MHN"].pk)

    page = client.get(url).text

    mapping = chosen(page)
    assert mapping["unit"] == str(units["MHN"].pk)
    assert (mapping["column_0"], mapping["column_2"], mapping["column_9"]) == (
        "source_id",
        "title",
        "cost_sek",
    )
    assert "Kolumn J: Årsavgift (kr)" in page
    assert "Till exempel: 180000; 95000; 25000" in page
    assert "Import av medlemskap.csv" in page


def test_a_dry_run_lists_every_problem_by_row_and_column_and_changes_nothing(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "med-fel.csv", (EXAMPLES / "med-fel.csv").read_bytes())
    entries = AuditEntry.objects.exclude(object_type="imports.import").count()

    response = client.post(url, chosen(client.get(url).text))

    assert response.status_code == 200
    assert "Provkörningen hittade 12 fel." in response.text
    rows = re.findall(r"<tr><td>(\d+)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>", response.text)
    assert len(rows) == 12
    assert ("4", "Enhet", "Okänd enhet ”XYZ”: skriv dess kod (till exempel MHN) eller dess namn.") in rows
    assert "Importera</button>" not in response.text
    assert not Engagement.objects.exists()
    assert AuditEntry.objects.exclude(object_type="imports.import").count() == entries
    record = Import.objects.get()
    assert (record.status, record.errors) == (ImportStatus.REJECTED, 12)
    download = client.get(f"{url}errors.csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Rad;Kolumn;Fel"
    assert len(lines) == 13


def test_a_clean_dry_run_offers_the_import_and_the_import_writes_the_register(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())

    tried = client.post(url, chosen(client.get(url).text))
    assert (
        "Inga fel på 3 rader. Importen registrerar 3 nya ärenden, ändrar 0 och lämnar 0 som de är."
        in tried.text
    )
    assert 'action="/imports/' in tried.text
    assert "Importera</button>" in tried.text
    assert not Engagement.objects.exists()

    response = client.post(f"{url}run/")

    assert response.status_code == 302
    assert Engagement.objects.count() == 3
    page = client.get(url).text
    assert "tjansteresor.csv importerades: 3 nya ärenden, 0 ändrade, 0 oförändrade." in page
    assert Import.objects.get().status == ImportStatus.IMPORTED
    assert "Provkör importen" not in page  # an import is done once

    again = upload(client, "tjansteresor.csv", (EXAMPLES / "tjansteresor.csv").read_bytes())
    client.post(again, chosen(client.get(again).text))
    client.post(f"{again}run/")
    assert "0 nya ärenden, 0 ändrade, 3 oförändrade" in client.get(again).text
    assert Engagement.objects.count() == 3


def test_the_mapping_can_be_changed_before_the_dry_run(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    content = b"Nr;Namn;Avgift\nA-1;Medlemskap i Eurocities;120000\n"
    url = upload(client, "medlemskap.csv", content)
    mapping = chosen(client.get(url).text)
    assert (mapping["column_0"], mapping["column_1"]) == ("source_id", "")  # "Namn" is not guessed

    unread = client.post(url, mapping)
    assert "Ingen kolumn läses in i Rubrik." in unread.text

    mapping.update(column_1="title", kind="membership", unit=str(units["KS"].pk))
    response = client.post(url, mapping)
    assert "Importen registrerar 1 nya ärenden" in response.text
    record = Import.objects.get()
    assert (record.mapping, record.kind, record.unit) == (
        {"0": "source_id", "1": "title", "2": "cost_sek"},
        "membership",
        units["KS"],
    )
    client.post(f"{url}run/")
    assert Engagement.objects.get().unit == units["KS"]


def test_nothing_is_imported_before_a_dry_run_without_problems(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    url = upload(client, "med-fel.csv", (EXAMPLES / "med-fel.csv").read_bytes())

    response = client.post(f"{url}run/", follow=True)

    assert "Provkör importen först" in response.text
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("role", [Role.READER, Role.ADMINISTRATOR])
def test_those_who_only_read_cannot_try_or_run_an_import(units, make_user, role) -> None:
    record = ImportFactory(unit=units["MHN"])
    client = client_for(make_user(role))
    page = client.get(record.get_absolute_url()).text
    assert "Provkör importen" not in page
    assert client.post(record.get_absolute_url(), {}).status_code == 403
    assert client.post(f"{record.get_absolute_url()}run/").status_code == 403
    assert client.get(f"{record.get_absolute_url()}errors.csv").status_code == 403
    record.refresh_from_db()
    assert record.status == ImportStatus.UPLOADED


def test_an_officer_uploads_only_for_their_own_units(units, make_user) -> None:
    client = client_for(make_user(Role.OFFICER, "MHN"))
    response = client.post(
        "/imports/new/", {"file": SimpleUploadedFile("a.csv", IMPORT_CSV.encode()), "unit": units["TN"].pk}
    )
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.text
    city_wide = client.post("/imports/new/", {"file": SimpleUploadedFile("a.csv", IMPORT_CSV.encode())})
    assert city_wide.status_code == 400
    assert not Import.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(units, make_user) -> None:
    client = client_for(make_user(Role.COORDINATOR))
    response = client.post("/imports/new/", {"file": SimpleUploadedFile("register.xlsx", b"not a workbook")})
    assert response.status_code == 400
    assert "Filen är ingen Excelfil (.xlsx) som går att läsa." in response.text
    assert not Import.objects.exists()


def test_the_example_files_can_be_downloaded_from_the_upload_page(units, make_user) -> None:
    client = client_for(make_user(Role.OFFICER, "MHN"))
    page = client.get("/imports/new/").text
    assert 'href="/imports/examples/medlemskap.csv"' in page
    response = client.get("/imports/examples/medlemskap.csv")
    assert b"".join(response.streaming_content) == (EXAMPLES / "medlemskap.csv").read_bytes()
    assert client.get("/imports/examples/..%2Fmodels.py").status_code == 404


def test_the_register_links_to_the_imports_for_those_who_may_import(units, make_user) -> None:
    assert 'href="/imports/"' in client_for(make_user(Role.OFFICER, "MHN")).get("/register/").text
    assert 'href="/imports/"' not in client_for(make_user(Role.SECRETARY, "MHN")).get("/register/").text
