"""Exporting the register: the engine's facts reproduce every stored outcome, spreadsheets neutralise
formulas, and bad filters are refused in Swedish with exit code 2."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from django.core.management import call_command
from django.db import models
from openpyxl import load_workbook
from tests.bases import ALL_ROLES, ListPageTests, ResourceTests

from omvarld.accounts.models import Role
from omvarld.core.permissions import Action
from omvarld.engagements.models import Engagement, Kind, StoredAssessment
from omvarld.engagements.services import decision_record, engagement_register, engagement_submit
from omvarld.organisation.services import counterpart_create
from omvarld.policy.cli import main as policy_cli


def _register(
    units, unit: str = "MHN", day: datetime.date = datetime.date(2025, 3, 1), **values
) -> Engagement:
    return engagement_register(actor=None, unit=units[unit], today=day, **values)


@pytest.fixture
def register(units) -> list[Engagement]:
    """Matters of several kinds, units and years: submitted on their own days, one decided, one a draft."""
    london = counterpart_create(
        actor=None, name="Greater London Authority", type="region", country="GB", city="London"
    )
    engagements = [
        _register(units, kind=Kind.INVITATION, title="Inbjudan till Riga", travel_paid_by="inviter"),
        _register(
            units,
            unit="KS-IB",
            kind=Kind.AGREEMENT,
            title="Miljöavtal med London",
            counterpart=london,
            agreement_type="cooperation",
            goals=["attraktiv"],
            benefit="Miljöarbete",
            mutual_benefit="Utbyte",
            day=datetime.date(2009, 5, 4),
        ),
        _register(
            units,
            unit="SBR",
            kind=Kind.MEMBERSHIP,
            title="Medlemskap i Eurocities",
            starts_on=datetime.date(2009, 1, 1),
            scope="unit_specific",
            day=datetime.date(2019, 2, 2),
        ),
        _register(units, kind=Kind.AID, title="Biståndsprojekt", funding={"sida": 100000}, cost_sek=100000),
    ]
    submitted_on = (datetime.date(2025, 3, 2), datetime.date(2009, 5, 20), datetime.date(2019, 2, 10))
    for engagement, day in zip(engagements[:3], submitted_on, strict=True):
        engagement_submit(actor=None, engagement=engagement, as_of=day)
    decision_record(
        actor=None,
        engagement=engagements[1],
        outcome="approved",
        decided_on=datetime.date(2009, 6, 1),
        minutes_reference="KS 2009:12, § 4",
        deviation_reason="KS beslutade",
    )
    return engagements


def _export(*arguments: str) -> bytes:
    """What the command writes to standard output (text or bytes), as bytes."""
    out = io.BytesIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    saved, sys.stdout = sys.stdout, wrapper
    try:
        call_command("export", "register", *arguments)
        wrapper.flush()
    finally:
        sys.stdout = saved
    return out.getvalue()


def test_the_interchange_export_reproduces_every_stored_outcome_and_decider(register, tmp_path: Path) -> None:
    path = tmp_path / "register.jsonl"
    call_command("export", "register", "--format", "interchange", "--output", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(register)
    out, err = io.StringIO(), io.StringIO()
    assert policy_cli(["assess", str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    assessed = [json.loads(line) for line in out.getvalue().splitlines()]
    stored = {
        engagement.title: StoredAssessment.objects.filter(engagement=engagement).order_by("-pk").first()
        for engagement in register
    }
    for result in assessed:
        kept = stored[result["title"]]
        if kept is None:  # the draft: assessed as of today, nothing stored to compare with
            continue
        assert (result["outcome"], result["decided_by"], result["as_of"]) == (
            kept.outcome,
            kept.decided_by,
            kept.as_of.isoformat(),
        )
        assert result["policy"] == kept.policy_version


def test_the_csv_export_has_swedish_headings_and_neutralises_formulas(units) -> None:
    _register(units, kind=Kind.TRIP, title='=HYPERLINK("http://evil.example")', cost_sek=100)
    _register(units, kind=Kind.TRIP, title="Studieresa till Oslo")
    rows = list(csv.reader(io.StringIO(_export("--format", "csv").decode("utf-8"))))
    assert rows[0][:4] == ["Diarienummer", "Ärendeslag", "Status", "Rubrik"]
    titles = [row[3] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://evil.example")', "Studieresa till Oslo"]


def test_the_xlsx_export_is_a_workbook_with_the_same_rows(units, tmp_path: Path) -> None:
    _register(units, kind=Kind.TRIP, title="@SUM(A1:A2)")
    path = tmp_path / "diarium.xlsx"
    call_command("export", "register", "--format", "xlsx", "-o", str(path))
    sheet = load_workbook(path, read_only=True)["Diarium"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Diarienummer"
    assert rows[1][3] == "'@SUM(A1:A2)"


def test_the_json_export_filters_as_the_list_does(register) -> None:
    records = json.loads(_export("--format", "json", "--kind", "membership"))
    assert [record["title"] for record in records] == ["Medlemskap i Eurocities"]
    assert records[0]["unit"] == "SBR"
    decided = json.loads(_export("--format", "json", "--year", "2009"))
    assert [(record["title"], record["decision"], record["minutes_reference"]) for record in decided] == [
        ("Miljöavtal med London", "approved", "KS 2009:12, § 4")
    ]


def test_the_export_filters_by_country_counterpart_assessment_and_deciding_body(register) -> None:
    def titles(*arguments: str) -> list[str]:
        return [record["title"] for record in json.loads(_export("--format", "json", *arguments))]

    london = titles("--country", "Storbritannien")
    assert london == titles("--counterpart", "greater london")
    assert "Miljöavtal med London" in london
    assert all(record in titles() for record in london)
    for outcome in ("approve", "incomplete", "reject"):
        expected = {e.title for e in Engagement.objects.filter(latest_outcome=outcome)}
        assert set(titles("--outcome", outcome)) == expected
    bodies = set(Engagement.objects.exclude(deciding_body=None).values_list("deciding_body__code", flat=True))
    assert bodies  # the fixture's submitted matters wait for some body
    for code in bodies:
        expected = {e.title for e in Engagement.objects.filter(deciding_body__code=code)}
        assert set(titles("--decided-by", code)) == expected


def test_an_empty_selection_is_an_empty_but_valid_file(units) -> None:
    assert json.loads(_export("--format", "json")) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "planet"], "--kind"),
        (["--year", "tjugo"], "--year"),
        (["--unit", "FINNS-INTE"], "--unit"),
        (["--outcome", "kanske"], "--outcome"),
        (["--country", "Atlantis"], "--country"),
    ],
)
def test_a_bad_filter_is_refused_in_swedish_with_exit_code_2(db, arguments, message, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        call_command("export", "register", *arguments)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("Fel: ")
    assert message in error


def test_a_folder_is_refused_as_the_output(db, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        call_command("export", "register", "-o", str(tmp_path))
    assert exited.value.code == 2
    assert "är en mapp" in capsys.readouterr().err


# --- From the list page ---


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_list_downloads_as_csv_with_its_filters_and_only_what_the_user_may_see(units, make_user) -> None:
    from omvarld.accounts.models import Role

    _register(units, kind=Kind.TRIP, title="Resa i MHN")
    _register(units, kind=Kind.VISIT, title="Besök i MHN")
    _register(units, unit="TN", kind=Kind.TRIP, title="Resa i TN")
    client = _client(make_user(Role.OFFICER, "MHN"))
    assert "export.csv?kind=trip" in client.get("/register/", {"kind": "trip"}).text
    response = client.get("/register/export.csv", {"kind": "trip"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="diarium-')
    text = b"".join(response.streaming_content).decode("utf-8")
    titles = [row[3] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == ["Resa i MHN"]


def test_the_list_downloads_as_a_workbook(units, make_user, tmp_path: Path) -> None:
    from omvarld.accounts.models import Role

    _register(units, kind=Kind.TRIP, title="Resa")
    response = _client(make_user(Role.READER)).get("/register/export.xlsx")
    assert response.status_code == 200
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path, read_only=True)["Diarium"].iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == ["Resa"]


def test_an_unknown_download_format_is_a_404_and_bad_filters_a_400(units, make_user) -> None:
    from omvarld.accounts.models import Role

    client = _client(make_user(Role.READER))
    assert client.get("/register/export.pdf").status_code == 404
    refused = client.get("/register/export.csv", {"year": "tjugo"})
    assert refused.status_code == 400
    assert "Urvalet kunde inte användas" in refused.text


def test_a_signed_out_visitor_downloads_nothing(db) -> None:
    from django.test import Client

    response = Client().get("/register/export.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


class TestRegisterDownload(ListPageTests, ResourceTests):
    """The list's download holds what the list shows the user: officers and secretaries their units'."""

    model = Engagement
    unit_field = "unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})
    list_url = "/register/export.csv"

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Engagement)
        return obj.title
