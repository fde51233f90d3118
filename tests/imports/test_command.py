"""``omvarld import FILE``: the mapping it reads, a dry run, the import, and refusals with exit code 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.engagements.models import Engagement
from omvarld.imports.models import Import, ImportStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
pytestmark = pytest.mark.django_db


def omvarld_import(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    with pytest.raises(SystemExit) as exited:
        call_command("import", *arguments)
    assert exited.value.code == 2
    return capsys.readouterr().err


def test_a_dry_run_shows_the_mapping_and_what_the_import_would_do_and_changes_nothing(units) -> None:
    out, err = omvarld_import(str(EXAMPLES / "medlemskap.csv"), "--dry-run")

    assert "  A Id: Radens eget id i sitt register – source_id" in err
    assert "  J Årsavgift (kr): Total kostnad (kr) – cost_sek" in err
    assert "))" not in err
    assert out.strip() == (
        "Provkörning: 4 rader utan fel; importen skulle registrera 4 nya ärenden, ändra 0 och lämna 0 som de "
        "är. Ingenting ändrades."
    )
    assert not Engagement.objects.exists()
    assert not Import.objects.exists()


def test_the_import_and_the_same_file_again(units) -> None:
    out, _err = omvarld_import(str(EXAMPLES / "medlemskap.csv"))
    assert out.strip() == "4 rader importerade: 4 nya ärenden, 0 ändrade, 0 oförändrade."
    entries = AuditEntry.objects.filter(object_type="engagements.engagement").count()

    again, _err = omvarld_import(str(EXAMPLES / "medlemskap.csv"))

    assert again.strip() == "4 rader importerade: 0 nya ärenden, 0 ändrade, 4 oförändrade."
    assert AuditEntry.objects.filter(object_type="engagements.engagement").count() == entries
    assert [r.status for r in Import.objects.order_by("pk")] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert {e.channel for e in AuditEntry.objects.filter(object_type="engagements.engagement")} == {"cli"}


def test_a_file_with_errors_exits_with_code_2_and_every_problem(units, capsys) -> None:
    error = refused(capsys, str(EXAMPLES / "med-fel.csv"), "--dry-run")

    assert "\nFel: Filen har fel; ingenting har ändrats.\n" in error
    assert (
        "  - rad 4, kolumn Enhet: Okänd enhet ”XYZ”: skriv dess kod (till exempel MHN) eller dess namn."
        in error
    )
    assert error.count("  - rad ") == 12
    assert "Traceback" not in error
    assert not Engagement.objects.exists()


def test_the_kind_and_unit_of_a_file_that_names_neither_and_a_column_read_otherwise(units, tmp_path) -> None:
    path = tmp_path / "resor.csv"
    path.write_text("Nr,Vad,Kostnad\n1,Studieresa till Oslo,9000\n", encoding="utf-8")

    # The unit by its name, whatever the case, as by its code.
    omvarld_import(
        str(path),
        "--kind",
        "trip",
        "--unit",
        "miljö- och hälsoskyddsnämnden",
        "--map",
        "Vad=title",
        "--map",
        "A=-",
    )

    matter = Engagement.objects.get()
    assert (matter.kind, matter.unit.code, matter.title, matter.cost_sek) == (
        "trip",
        "MHN",
        "Studieresa till Oslo",
        9000,
    )
    assert not matter.import_keys.exists()  # the id column was left unread


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("--map", "Finns inte=title"),
            "--map Finns inte=title anger ingen kolumn i filen; skriv KOLUMN=FÄLT.",
        ),
        (("--map", "Rubrik=rubrik"), "--map Rubrik=rubrik: okänt fält ”rubrik”"),
        (("--unit", "XYZ"), "Okänd enhet ”XYZ”"),
        (("--user", "ingen"), "Ingen användare har användarnamnet ”ingen”."),
    ],
)
def test_a_bad_option_is_refused_in_swedish(units, capsys, arguments, message) -> None:
    assert message in refused(capsys, str(EXAMPLES / "medlemskap.csv"), "--dry-run", *arguments)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("saknas.csv", "Filen {path} finns inte."),
        ("register.pdf", "Bara Excelfiler (.xlsx) och CSV-filer (.csv) kan importeras."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(units, capsys, tmp_path, name, message) -> None:
    path = tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes(b"%PDF-1.4")
    assert message.format(path=path) in refused(capsys, str(path))


def test_importing_as_a_user_checks_their_permissions_and_names_them_in_the_log(
    units, make_user, capsys
) -> None:
    officer = make_user(Role.OFFICER, "MHN", username="hanna")
    error = refused(capsys, str(EXAMPLES / "medlemskap.csv"), "--user", "hanna", "--dry-run")
    assert "rad 2, kolumn Enhet: Du får inte registrera ärenden för Kommunstyrelsen." in error
    error = refused(capsys, str(EXAMPLES / "tjansteresor.csv"), "--user", "hanna")
    assert "hanna importerar bara för sina egna enheter: ange en av dem med --unit." in error

    omvarld_import(str(EXAMPLES / "tjansteresor.csv"), "--user", "hanna", "--map", "Enhet=-", "--unit", "MHN")
    assert {e.actor for e in AuditEntry.objects.filter(event="engagement.created")} == {officer}


@pytest.mark.parametrize("role", [Role.READER, Role.ADMINISTRATOR])
def test_a_user_whose_roles_give_no_right_to_import_is_told_so(units, make_user, capsys, role) -> None:
    make_user(role, username="utan")
    error = refused(
        capsys, str(EXAMPLES / "tjansteresor.csv"), "--user", "utan", "--unit", "MHN", "--dry-run"
    )
    assert "utan får inte importera: rollerna ger ingen rätt till det." in error
    assert "ange en av dem med --unit" not in error
