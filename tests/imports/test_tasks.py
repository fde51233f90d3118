"""Importing a register: a dry run reports every problem by row and column and changes nothing; a real run
writes all or nothing; the same file again changes nothing; a changed row changes its matter, audited."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from omvarld.accounts.models import Role
from omvarld.audit.chain import chain_verify
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError
from omvarld.engagements import export
from omvarld.engagements.models import (
    Decision,
    Engagement,
    RegistrationCounter,
    Status,
    StoredAssessment,
)
from omvarld.engagements.services import engagement_register, engagement_update
from omvarld.imports import tasks
from omvarld.imports.models import ImportKey
from omvarld.organisation.models import Counterpart

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
pytestmark = pytest.mark.django_db


def dry_run(path: Path, actor: Any = None, **params: Any) -> dict[str, Any]:
    return tasks.run(actor=actor, params={"path": str(path), "dry_run": True, **params})


def import_file(
    path: Path, actor: Any = None, check_apart: bool | None = None, **params: Any
) -> dict[str, Any]:
    return tasks.run(actor=actor, params={"path": str(path), **params}, check_apart=check_apart)


# A real run checks a large file in a process of its own while it writes: the tests that run both ways
# hold the two to the same outcome (a small file is checked in the job's process unless told).
checked = pytest.mark.parametrize("apart", [False, True], ids=["checked-in-the-job", "checked-apart"])


def write(tmp_path: Path, text: str, name: str = "register.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def register_state() -> dict[str, Any]:
    """Everything an import could change."""
    return {
        "engagements": list(Engagement.objects.order_by("pk").values()),
        "counterparts": Counterpart.objects.count(),
        "decisions": Decision.objects.count(),
        "assessments": StoredAssessment.objects.count(),
        "keys": ImportKey.objects.count(),
        "entries": AuditEntry.objects.count(),
        "numbers": RegistrationCounter.objects.aggregate(total=Sum("last_number"))["total"],
    }


def problems(outcome_or_error: dict[str, Any] | ApplicationError) -> list[tuple[int | None, str | None, str]]:
    if isinstance(outcome_or_error, ApplicationError):
        return [(d.row, d.column, d.message) for d in outcome_or_error.details]
    return [(e.get("row"), e.get("column"), e["message"]) for e in outcome_or_error["errors"]]


# The example with errors, and every problem in it, as the user guide shows them.
EXPECTED_PROBLEMS = [
    (
        2,
        "Typ av motpart",
        "Senatsverwaltung für Stadtentwicklung Berlin finns inte bland motparterna än: ange dess typ (Stad, "
        "Region, Organisation, Företag, Universitet, Statlig myndighet) så läggs den till.",
    ),
    (2, "Slutar", "Ärendet kan inte sluta innan det börjar."),
    (
        3,
        "Ärendeslag",
        "Okänt ärendeslag ”Konferens”; ärendeslagen är: Inbjudan, Tjänsteresa, Besök, Medlemskap, "
        "Samarbetsavtal, EU-projekt, Arbete av biståndskaraktär, EU-policybevakning, Förfrågan om samarbete, "
        "Internationell kommunikation.",
    ),
    (3, "Börjar", "'2024-13-01' är inget datum; skriv det ÅÅÅÅ-MM-DD, till exempel 2020-07-01."),
    (3, "Kostnad (kr)", "”tiotusen” är inget belopp; skriv hela kronor, till exempel 12000."),
    (4, "Rubrik", "Ange en rubrik."),
    (4, "Enhet", "Okänd enhet ”XYZ”: skriv dess kod (till exempel MHN) eller dess namn."),
    (5, "Resan betalas av", "Det här gäller inte ärendeslaget Medlemskap; lämna fältet tomt."),
    (5, "Registrerad", "Ett ärende kan inte registreras i framtiden."),
    (
        6,
        "Beslut",
        "Beslutet avviker från strategins råd (ett annat organ, eller emot bedömningen): ange skälet.",
    ),
    (6, "Protokoll", "Ange protokollet där beslutet finns."),
    (7, "Id", "Samma id finns på rad 2."),
]


@checked
def test_a_file_with_errors_changes_nothing_and_reports_every_error_by_row_and_column(units, apart) -> None:
    before = register_state()

    outcome = dry_run(EXAMPLES / "med-fel.csv")

    assert problems(outcome) == EXPECTED_PROBLEMS
    assert register_state() == before
    with pytest.raises(ApplicationError) as refused:
        import_file(EXAMPLES / "med-fel.csv", check_apart=apart)
    assert refused.value.message == "Filen kunde inte importeras; ingenting har ändrats."
    assert problems(refused.value) == EXPECTED_PROBLEMS
    assert register_state() == before


@checked
def test_the_good_file_imports_each_row_as_a_registered_matter(units, apart) -> None:
    outcome = import_file(EXAMPLES / "medlemskap.csv", check_apart=apart)

    assert (outcome["rows"], outcome["created"], outcome["updated"], outcome["unchanged"]) == (4, 4, 0, 0)
    assert outcome["errors"] == []
    matters = {key.key: key.engagement for key in ImportKey.objects.select_related("engagement")}
    eurocities = matters["MED-2009-01"]
    assert eurocities.registration_number == "INT-1/2009"  # registered on its own day, in that year's series
    assert eurocities.registered_at.date() == datetime.date(2009, 1, 15)
    assert eurocities.kind == "membership"
    assert eurocities.unit.code == "KS"
    assert eurocities.cost_sek == 180000
    assert eurocities.scope == "citywide"
    assert eurocities.goals == ["attraktiv"]
    assert eurocities.counterpart is not None
    assert (eurocities.counterpart.name, eurocities.counterpart.country) == ("Eurocities", "BE")
    assert eurocities.status == Status.DECIDED
    assert eurocities.decision.minutes_reference == "Kommunstyrelsen, protokoll 2009:3, § 12"
    assert eurocities.decision.decided_on == datetime.date(2009, 2, 11)
    assert eurocities.assessments.get().as_of == datetime.date(2009, 1, 15)
    events = list(
        AuditEntry.objects.filter(object_type="engagements.engagement", object_id=str(eurocities.pk))
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == ["engagement.created", "engagement.submitted", "engagement.decided"]
    ubc = matters["MED-2012-03"]
    assert (ubc.registration_number, ubc.status) == ("INT-1/2012", Status.DRAFT)
    assert chain_verify().intact


def test_the_same_file_again_changes_nothing(units) -> None:
    import_file(EXAMPLES / "medlemskap.csv")
    before = register_state()

    outcome = import_file(EXAMPLES / "medlemskap.csv")

    assert (outcome["created"], outcome["updated"], outcome["unchanged"]) == (0, 0, 4)
    assert register_state() == before


def membership_rows(count: int) -> str:
    """A file of ``count`` memberships of MHN, each with its own id and counterpart."""
    head = "Id;Ärendeslag;Rubrik;Enhet;Motpart;Typ av motpart;Land;Stad;Årsavgift (kr);Registrerad"
    rows = [
        f"MED-{n};Medlemskap;Medlemskap i nätverk {n};MHN;Nätverk {n};Organisation;BE;Bryssel;1000;2024-01-15"
        for n in range(1, count + 1)
    ]
    return "\n".join([head, *rows]) + "\n"


def test_a_file_checked_again_reads_its_matters_in_the_same_queries_for_many_rows_as_for_few(
    units, make_user, tmp_path, django_assert_num_queries
) -> None:
    coordinator = make_user(Role.COORDINATOR)  # an actor: the matters get their responsible officer
    few, many = (
        write(tmp_path, membership_rows(3), "few.csv"),
        write(tmp_path, membership_rows(30), "many.csv"),
    )
    import_file(many, actor=coordinator)
    assert Engagement.objects.filter(responsible=coordinator).count() == 30

    with CaptureQueriesContext(connection) as checking_few:
        assert dry_run(few, actor=coordinator)["unchanged"] == 3
    with django_assert_num_queries(len(checking_few)):
        assert dry_run(many, actor=coordinator)["unchanged"] == 30


def test_a_changed_row_updates_its_matter_with_an_audit_entry(units, tmp_path) -> None:
    import_file(EXAMPLES / "medlemskap.csv")
    text = (EXAMPLES / "medlemskap.csv").read_text(encoding="utf-8-sig")
    changed = write(tmp_path, text.replace(";25000;", ";27500;"))
    ubc = ImportKey.objects.get(key="MED-2012-03").engagement

    outcome = import_file(changed)

    assert (outcome["created"], outcome["updated"], outcome["unchanged"]) == (0, 1, 3)
    ubc.refresh_from_db()
    assert ubc.cost_sek == 27500
    entry = AuditEntry.objects.filter(object_id=str(ubc.pk), event="engagement.updated").get()
    assert (entry.before["cost_sek"], entry.after["cost_sek"]) == (25000, 27500)
    assert entry.channel == "system"


def test_a_decided_matter_is_not_changed_by_an_import(units, tmp_path) -> None:
    import_file(EXAMPLES / "medlemskap.csv")
    text = (EXAMPLES / "medlemskap.csv").read_text(encoding="utf-8-sig")
    before = register_state()
    changed = write(tmp_path, text.replace(";180000;", ";190000;").replace("2009:3, § 12", "2009:3, § 13"))

    outcome = dry_run(changed)

    number = ImportKey.objects.get(key="MED-2009-01").engagement.registration_number
    assert problems(outcome) == [
        (2, "Årsavgift (kr)", f"{number} är beslutat och kan inte längre ändras."),
        (2, "Protokoll", f"{number} beslutades annorlunda; en import kan inte ändra ett beslut."),
    ]
    assert register_state() == before


def test_a_draft_given_a_decision_in_a_later_file_is_submitted_and_decided(units, tmp_path) -> None:
    import_file(EXAMPLES / "medlemskap.csv")
    text = (EXAMPLES / "medlemskap.csv").read_text(encoding="utf-8-sig")
    decided = text.replace(
        ";2012-01-20;;;;;", ";2012-01-20;Bifall;2012-02-15;;Miljö- och hälsoskyddsnämnden 2012:2, § 9;"
    )
    ubc = ImportKey.objects.get(key="MED-2012-03").engagement

    outcome = import_file(write(tmp_path, decided))

    assert (outcome["updated"], outcome["unchanged"]) == (1, 3)
    ubc.refresh_from_db()
    assert ubc.status == Status.DECIDED
    assert ubc.decision.body.code == "MHN"  # the body the strategy names, as none is given
    assert ubc.assessments.get().as_of == datetime.date(2012, 1, 20)  # submitted on its own day


def test_the_export_of_the_register_imports_again_without_a_change(units, tmp_path) -> None:
    import_file(EXAMPLES / "medlemskap.csv")
    import_file(EXAMPLES / "tjansteresor.csv")
    exported = tmp_path / "diariet.csv"
    with exported.open("w", encoding="utf-8", newline="") as out:
        export.write_csv(Engagement.objects.order_by("year", "number"), out)
    before = register_state()

    outcome = import_file(exported)

    assert outcome["mapping"]["0"] == "registration_number"
    assert (outcome["created"], outcome["updated"], outcome["unchanged"]) == (0, 0, 7)
    assert register_state() == before


def test_rows_without_an_id_are_found_by_kind_unit_title_and_start_date(units, tmp_path) -> None:
    path = write(
        tmp_path,
        "Rubrik,Ärendeslag,Enhet,Börjar,Kostnad\n"
        "Studieresa till Oslo,Tjänsteresa,MHN,2024-02-01,9000\n"
        "Studieresa till Oslo,Tjänsteresa,MHN,2024-09-01,9500\n",
    )
    import_file(path)
    assert import_file(path)["unchanged"] == 2

    costs = path.read_text().replace("9500", "9900")
    assert import_file(write(tmp_path, costs))["updated"] == 1
    assert sorted(Engagement.objects.values_list("cost_sek", flat=True)) == [9000, 9900]

    twice = write(
        tmp_path, costs + "Studieresa till Oslo,Tjänsteresa,MHN,2024-02-01,9000\n", name="twice.csv"
    )
    assert problems(dry_run(twice)) == [
        (
            4,
            "Rubrik",
            "Samma ärendeslag, ägande enhet, rubrik och startdatum finns på rad 2. "
            "Ge raderna en id-kolumn som skiljer dem åt.",
        )
    ]


@checked
def test_an_officer_imports_only_into_their_own_units(units, make_user, tmp_path, apart) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    path = write(
        tmp_path,
        "Id;Rubrik;Ärendeslag;Enhet\n"
        "A-1;Studieresa till Oslo;Tjänsteresa;MHN\n"
        "A-2;Studieresa till Riga;Tjänsteresa;TN\n",
    )

    outcome = dry_run(path, actor=officer)

    assert problems(outcome) == [(3, "Enhet", "Du får inte registrera ärenden för Trafiknämnden.")]
    assert outcome["created"] == 1
    first = write(
        tmp_path, "Id;Rubrik;Ärendeslag;Enhet\nA-1;Studieresa till Oslo;Tjänsteresa;MHN\n", "ok.csv"
    )
    with pytest.raises(ApplicationError) as refused:
        import_file(path, actor=officer, check_apart=apart)
    assert problems(refused.value) == problems(outcome)
    assert not Engagement.objects.exists()
    import_file(first, actor=officer, check_apart=apart)
    matter = Engagement.objects.get()
    assert (matter.registered_by, matter.responsible) == (officer, officer)  # as the form registers it
    assert AuditEntry.objects.get(object_id=str(matter.pk), event="engagement.created").actor == officer


@checked
def test_a_row_refused_while_the_file_is_written_leaves_the_register_as_it_was(
    units, tmp_path, apart
) -> None:
    """Someone saves a matter after the import has read the register and before it writes that row: the
    import stops at that row, and nothing of the file is written — not even the rows before it."""
    draft = engagement_register(actor=None, kind="trip", title="Studieresa till Oslo", unit=units["MHN"])
    path = write(
        tmp_path,
        f"Diarienummer;Rubrik;Ärendeslag;Enhet;Kostnad\n"
        f";Studieresa till Riga;Tjänsteresa;MHN;5000\n"
        f"{draft.registration_number};Studieresa till Oslo;Tjänsteresa;MHN;8000\n",
    )
    before = register_state()

    def meanwhile(done: int, total: int, message: str | None = None) -> None:
        if (done, total) == (0, 4):  # the register is read; nothing is checked or written yet
            engagement_update(actor=None, engagement=draft, title="Studieresa till Oslo och Bergen")

    with pytest.raises(ApplicationError) as refused:
        tasks.run(actor=None, params={"path": str(path)}, progress=meanwhile, check_apart=apart)

    assert [(d.row, d.column) for d in refused.value.details] == [(3, None)]
    assert "medan du redigerade" in refused.value.details[0].message
    after = register_state()
    assert after["engagements"][0]["title"] == "Studieresa till Oslo och Bergen"
    assert {k: v for k, v in after.items() if k not in ("engagements", "entries")} == {
        k: v for k, v in before.items() if k not in ("engagements", "entries")
    }
    assert len(after["engagements"]) == 1
    assert after["entries"] == before["entries"] + 1  # the change made meanwhile, and nothing else


def test_every_kind_of_engagement_can_be_imported(units) -> None:
    for name in sorted(path.name for path in EXAMPLES.glob("*.csv") if path.name != "med-fel.csv"):
        outcome = import_file(EXAMPLES / name)
        assert outcome["errors"] == [], name
        assert outcome["created"] == outcome["rows"], name
    kinds = set(Engagement.objects.values_list("kind", flat=True))
    assert kinds == {
        "invitation",
        "trip",
        "visit",
        "membership",
        "agreement",
        "eu_project",
        "aid",
        "eu_policy",
        "request",
        "communication",
    }
    assert import_file(EXAMPLES / "inbjudningar.xlsx")["unchanged"] == 2  # the workbook holds the CSV's rows
    assert chain_verify().intact
