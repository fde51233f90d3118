"""Loading a municipality's units from CSV: all or nothing, with the row and column of every error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError
from omvarld.organisation.models import Unit, UnitType
from omvarld.organisation.services import MAX_UNIT_LEVELS, units_load, units_load_file

HEADER = "code,name,name_en,type,parent\n"


def test_the_bundled_stockholm_file_holds_the_bodies_the_strategy_names(units) -> None:
    assert units["KF"].type == UnitType.COUNCIL
    assert units["KS"].parent == units["KF"]
    assert units["KS-IB"].name == "Internationella beredningen"
    assert units["KS-IB"].parent == units["KS"]
    assert units["SLK"].name == "Stadsledningskontoret"
    assert units["MHN"].type == UnitType.COMMITTEE
    assert units["SDN-KUNGSHOLMEN"].type == UnitType.DISTRICT_COMMITTEE
    assert units["SDN-RINKEBY"].name == "Rinkeby-Kista stadsdelsnämnd"
    assert units["SBR"].parent == units["SSAB"]
    assert units["SSAB"].name == "Stockholms Stadshus AB"
    assert {u.name for u in units.values() if u.parent_id == units["SEU"].pk} == {
        "Stockholmsregionens Brysselkontor",
        "Stockholmsregionens kontor i S:t Petersburg",
        "Stockholmsregionens kontor i Warszawa",
    }


def test_loading_twice_changes_nothing_the_second_time(units) -> None:
    entries = AuditEntry.objects.count()
    result = units_load_file(
        actor=None, path=Path(__file__).parents[2] / "src/omvarld/organisation/data/stockholm.csv"
    )
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == len(units)
    assert AuditEntry.objects.count() == entries


def test_a_child_may_come_before_its_parent_in_the_file(db) -> None:
    units_load(
        actor=None, text=HEADER + "DIST,Distriktet,,stadsdelsnamnd,TOP\nTOP,Fullmäktige,,kommunfullmaktige,\n"
    )
    assert Unit.objects.get(code="DIST").parent.code == "TOP"


def test_a_renamed_unit_is_updated_and_audited(units) -> None:
    result = units_load(actor=None, text=HEADER + "MHN,Miljönämnden,,namnd,KF\n")
    assert result.updated == 1
    entry = AuditEntry.objects.latest("id")
    assert entry.before["name"] == "Miljö- och hälsoskyddsnämnden"
    assert entry.after["name"] == "Miljönämnden"


def test_every_error_is_reported_with_row_and_column_and_nothing_is_written(db) -> None:
    text = (
        HEADER
        + "A,Alfa,,namnd,\n,Utan kod,,namnd,\nB,Beta,,okand,\nA,Dubblett,,namnd,\nC,Gamma,,namnd,SAKNAS\n"
    )
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=text)
    places = {(d.row, d.column) for d in raised.value.details}
    assert places == {(3, "code"), (4, "type"), (5, "code"), (6, "parent")}
    assert "ingenting har ändrats" in raised.value.message
    assert not Unit.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_cycle_of_parents_is_refused(db) -> None:
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=HEADER + "A,Alfa,,namnd,B\nB,Beta,,namnd,A\n")
    assert {d.column for d in raised.value.details} == {"parent"}
    assert not Unit.objects.exists()


def test_a_file_without_required_columns_is_refused(db) -> None:
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text="kod,namn\nA,Alfa\n")
    # The columns it does not know, and those it lacks, all at once.
    assert {d.column for d in raised.value.details} == {"kod", "namn", "code", "name", "type"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "Filen är tom."),
        ("\n  \n", "Filen är tom."),
        (
            HEADER.replace("parent", "parent,färg") + "KF,Fullmäktige,,kommunfullmaktige,,röd\n",
            "Okänd kolumn 'färg'",
        ),
        (
            HEADER + "KF,Fullmäktige,,kommunfullmaktige,,extra\n",
            "Rad 2 har fler värden än rubrikraden har kolumner.",
        ),
        (
            HEADER + "K F,Fullmäktige,,kommunfullmaktige,\n",
            "Koden 'K F' får bara innehålla bokstäver, siffror",
        ),
    ],
)
def test_what_the_loader_does_not_take_is_named_and_nothing_is_written(db, text, said) -> None:
    with translation.override("sv"), pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=text)
    assert said in " ".join(detail.message for detail in raised.value.details)
    assert not Unit.objects.exists()


def test_the_command_reports_errors_in_swedish_and_exits_with_code_2(db, tmp_path, capsys) -> None:
    bad = tmp_path / "enheter.csv"
    bad.write_text(HEADER + "A,Alfa,,okand,\n", encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        call_command("load_units", str(bad))
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "rad 2, kolumn type" in err
    assert "Okänd typ" in err
    assert not Unit.objects.exists()


def test_the_command_without_arguments_loads_stockholm(db) -> None:
    call_command("load_units", verbosity=0)
    assert Unit.objects.filter(code="KS").exists()


def test_the_console_script_refuses_a_missing_file_with_exit_code_2(tmp_path) -> None:
    env_data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "omvarld", "load_units", str(tmp_path / "saknas.csv")],
        capture_output=True,
        text=True,
        env={
            "OMVARLD_DATA_DIR": str(env_data),
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{env_data}/x.sqlite3",
        },
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "finns inte" in result.stderr
    assert "Traceback" not in result.stderr


# --- Refused like the forms refuse: lengths, control characters, paths, deep chains  ---


def _refused(path: Path, capsys) -> str:
    with pytest.raises(SystemExit) as raised:
        call_command("load_units", str(path))
    assert raised.value.code == 2
    assert not Unit.objects.exists()
    assert not AuditEntry.objects.exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("A" * 41 + ",Alfa,,namnd,", "code", "högst 40 tecken"),
        ("A," + "N" * 201 + ",,namnd,", "name", "högst 200 tecken"),
        ("A,Alfa," + "E" * 201 + ",namnd,", "name_en", "högst 200 tecken"),
        ("A,Al\x00fa,,namnd,", "name", "styrtecken"),
        ("A\x07,Alfa,,namnd,", "code", "styrtecken"),
        ('A,"Al\nfa",,namnd,', "name", "styrtecken"),
        ("A,Alfa,Al\x1bpha,namnd,", "name_en", "styrtecken"),
    ],
    ids=["code-too-long", "name-too-long", "name_en-too-long", "nul", "bell", "newline", "escape"],
)
def test_text_the_model_would_refuse_is_refused_with_row_and_column(
    db, tmp_path, capsys, line, column, message
) -> None:
    path = tmp_path / "enheter.csv"
    path.write_text(HEADER + "KF,Fullmäktige,,kommunfullmaktige,\n" + line + "\n", encoding="utf-8")
    err = _refused(path, capsys)
    assert f"rad 3, kolumn {column}" in err
    assert message in err


def test_a_field_larger_than_csv_allows_is_refused_with_its_row(db, tmp_path, capsys) -> None:
    path = tmp_path / "enheter.csv"
    path.write_text(HEADER + "KF,Fullmäktige,,kommunfullmaktige,\n" + 'A,"' + "x" * 200_000 + '",,namnd,\n')
    err = _refused(path, capsys)
    assert "rad 3" in err
    assert "en cell är längre än 131 072 tecken" in err


def test_a_directory_is_refused(db, tmp_path, capsys) -> None:
    assert "är en mapp" in _refused(tmp_path, capsys)


def test_a_path_that_cannot_be_read_is_refused(db, tmp_path, capsys) -> None:
    not_a_folder = tmp_path / "enheter.csv"
    not_a_folder.write_text(HEADER, encoding="utf-8")
    assert "kunde inte läsas" in _refused(not_a_folder / "under.csv", capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_refused(db, tmp_path, capsys) -> None:
    path = tmp_path / "enheter.csv"
    path.write_text(HEADER, encoding="utf-8")
    path.chmod(0)
    assert "behörighet" in _refused(path, capsys)


def _chain(length: int) -> str:
    """A file in which every unit is the parent of the next, children listed before their parents."""
    lines = [f"U{n},Enhet {n},,namnd,{f'U{n - 1}' if n else ''}" for n in range(length)]
    return HEADER + "\n".join(reversed(lines)) + "\n"


def test_a_chain_thousands_deep_is_refused_without_recursion(db, tmp_path, capsys) -> None:
    path = tmp_path / "enheter.csv"
    path.write_text(_chain(5000), encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # a recursive walk of the chain would fail long before its end
    try:
        err = _refused(path, capsys)
    finally:
        sys.setrecursionlimit(limit)
    assert f"högst {MAX_UNIT_LEVELS} nivåer" in err
    assert "kolumn parent" in err
    assert "fel till" in err  # thousands of rows are wrong; the report stays readable


def test_a_chain_as_deep_as_allowed_is_loaded_parents_first(db) -> None:
    result = units_load(actor=None, text=_chain(MAX_UNIT_LEVELS))
    assert result.created == MAX_UNIT_LEVELS
    assert Unit.objects.get(code=f"U{MAX_UNIT_LEVELS - 1}").parent.code == f"U{MAX_UNIT_LEVELS - 2}"


def test_a_long_cycle_is_found_without_recursion(db) -> None:
    lines = [f"U{n},Enhet {n},,namnd,U{(n + 1) % 3000}" for n in range(3000)]
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=HEADER + "\n".join(lines) + "\n")
    assert raised.value.details[0].message == "Enheten ingår i en cirkel av överordnade enheter."
    assert not Unit.objects.exists()
