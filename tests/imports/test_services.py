"""The import's services: an imported row is written exactly as the register's services write a typed one
(the same rows, numbers, assessments, decisions and audit entries), and the record of each import."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from omvarld.accounts.models import Role
from omvarld.audit.chain import chain_verify
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.engagements.models import Decision, Engagement
from omvarld.engagements.services import decision_record, engagement_register, engagement_submit
from omvarld.imports import tasks
from omvarld.imports.models import Import, ImportStatus
from omvarld.imports.services import import_upload
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create

pytestmark = pytest.mark.django_db

# Rows of every path through the writer: drafts registered today and back-dated, a submitted matter, decided
# ones (approved as advised, and rejected against the advice, with its reason), a counterpart added by the
# file and named again on a later row, one already in the register, funding by source.
ROWS: list[dict[str, Any]] = [
    {
        "Ärendeslag": "invitation",
        "Rubrik": "Inbjudan att tala på C40:s möte om klimatanpassning",
        "Enhet": "MHN",
        "Motpart": "C40 Cities",
        "Typ av motpart": "organisation",
        "Land": "DK",
        "Stad": "Köpenhamn",
        "Resan betalas av": "inviter",
        "Synnerliga skäl": "Staden är inbjuden som talare",
        "Mutbedömning gjord": "ja",
        "Inriktningsmål": "attraktiv",
        "Registrerad": "2021-08-16",
        "Status": "submitted",
    },
    {
        "Ärendeslag": "membership",
        "Rubrik": "Medlemskap i Eurocities",
        "Enhet": "KS",
        "Motpart": "Eurocities",
        "Typ av motpart": "organisation",
        "Land": "BE",
        "Stad": "Bryssel",
        "Kostnad": "180000",
        "Omfattning": "citywide",
        "Representant": "Borgarrådet",
        "Aktiv insats": "Ordförande i miljögruppen",
        "Deltagande": "active",
        "Nytta för stockholmarna": "Påverkan på EU:s stadspolitik",
        "Sakområde": "Miljö",
        "Inriktningsmål": "attraktiv",
        "Inriktningar": "bevakning_paverkan",
        "Registrerad": "2009-01-15",
        "Beslut": "approved",
        "Beslutsdatum": "2009-02-11",
        "Protokoll": "Kommunstyrelsen 2009:3, § 12",
        "Skäl för avvikelse": "Beslutat innan strategins underlag fanns.",
    },
    {
        "Ärendeslag": "trip",
        "Rubrik": "Konferens om cirkulära byggmaterial i Helsingfors",
        "Enhet": "SBN",
        "Motpart": "Helsingfors stad",
        "Land": "FI",
        "Kostnad": "19200",
        "Finansiering staden": "18200",
        "Finansiering EU": "1000",
        "Börjar": "2026-09-23",
        "Slutar": "2026-09-24",
    },
    {
        "Ärendeslag": "agreement",
        "Rubrik": "Vänortsavtal med Gdańsk",
        "Enhet": "KS",
        "Motpart": "Miasto Gdańsk",
        "Typ av motpart": "city",
        "Land": "PL",
        "Stad": "Gdańsk",
        "Avtalstyp": "twin_city",
        "Registrerad": "2012-05-02",
        "Beslut": "approved",
        "Beslutsdatum": "2012-06-13",
        "Beslutande organ": "KS",
        "Protokoll": "Kommunstyrelsen 2012:11, § 3",
        "Skäl för avvikelse": "Avtalet gäller ett tidsbegränsat kulturutbyte.",
    },
    {
        "Ärendeslag": "visit",
        "Rubrik": "Besök från C40 om skyfall",
        "Enhet": "MHN",
        "Motpart": "C40 Cities",
        "Land": "DK",
        "Registrerad": "2022-03-01",
    },
]
COLUMNS = sorted(
    {column for row in ROWS for column in row}, key=lambda c: [c in row for row in ROWS], reverse=True
)
SERVICE_NAMES = {
    "Ärendeslag": "kind",
    "Rubrik": "title",
    "Resan betalas av": "travel_paid_by",
    "Synnerliga skäl": "special_reasons",
    "Kostnad": "cost_sek",
    "Omfattning": "scope",
    "Representant": "representative",
    "Aktiv insats": "contribution",
    "Deltagande": "participation",
    "Nytta för stockholmarna": "benefit",
    "Sakområde": "subject_area",
    "Avtalstyp": "agreement_type",
}


def the_file() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(ROWS)
    return out.getvalue().encode()


def typed(actor: Any, units: dict[str, Unit]) -> None:
    """The rows as an officer would register, submit and decide them one by one through the services."""
    for row in ROWS:
        values: dict[str, Any] = {SERVICE_NAMES[c]: v for c, v in row.items() if c in SERVICE_NAMES}
        if "cost_sek" in values:
            values["cost_sek"] = int(values["cost_sek"])
        if "Mutbedömning gjord" in row:
            values["bribery_assessment_done"] = True
        for column, name in (("Inriktningsmål", "goals"), ("Inriktningar", "directions")):
            if column in row:
                values[name] = [row[column]]
        funding = {
            s: int(row[f"Finansiering {label}"])
            for s, label in (("city", "staden"), ("eu", "EU"))
            if f"Finansiering {label}" in row
        }
        if funding:
            values["funding"] = funding
        for column, name in (("Börjar", "starts_on"), ("Slutar", "ends_on")):
            if column in row:
                values[name] = datetime.date.fromisoformat(row[column])
        existing = Counterpart.objects.filter(name=row["Motpart"], country=row["Land"]).first()
        new = (
            None
            if existing
            else {
                "name": row["Motpart"],
                "type": row.get("Typ av motpart", ""),
                "country": row["Land"],
                "city": row.get("Stad", ""),
            }
        )
        registered = datetime.date.fromisoformat(row["Registrerad"]) if "Registrerad" in row else None
        decided = "Beslut" in row
        engagement = engagement_register(
            actor=actor,
            unit=units[values.pop("unit", row["Enhet"])],
            today=registered or (datetime.date.fromisoformat(row["Beslutsdatum"]) if decided else None),
            counterpart=existing,
            new_counterpart=new,
            responsible=actor,
            **values,
        )
        if row.get("Status") == "submitted" or decided:
            engagement_submit(actor=actor, engagement=engagement, as_of=registered or timezone.localdate())
        if decided:
            decision_record(
                actor=actor,
                engagement=engagement,
                outcome=row["Beslut"],
                decided_on=datetime.date.fromisoformat(row["Beslutsdatum"]),
                minutes_reference=row["Protokoll"],
                body=units[row["Beslutande organ"]] if "Beslutande organ" in row else None,
                deviation_reason=row.get("Skäl för avvikelse", ""),
            )


def _time(value: Any) -> Any:
    """A time as it was written: one written now is only 'now' (it is not the same moment twice)."""
    moment = datetime.datetime.fromisoformat(value)
    local = moment.astimezone(timezone.get_current_timezone())
    return value if (local.hour, local.minute, local.second, local.microsecond) == (12, 0, 0, 0) else "now"


def _plain(values: dict[str, Any] | None, counterparts: dict[int, str], numbers: dict[int, str]) -> Any:
    if values is None:
        return None
    found = dict(values)
    found.pop("id", None)
    for name in ("recorded_at", "assessed_at"):
        found.pop(name, None)
    if found.get("registered_at"):
        found["registered_at"] = _time(found["registered_at"])
    if found.get("counterpart"):
        found["counterpart"] = counterparts[found["counterpart"]]
    if "engagement" in found:
        found["engagement"] = numbers[found["engagement"]]
    if "assessment" in found:
        found["assessment"] = "the matter's assessment"
    return found


def written() -> dict[str, Any]:
    """What is in the register, with the ids (which differ between two writings) named by what they are."""
    counterparts = dict(Counterpart.objects.values_list("pk", "name"))
    numbers = dict(Engagement.objects.values_list("pk", "registration_number"))

    def entries(object_type: str, pk: int) -> list[Any]:
        return [
            (
                e.event,
                e.action,
                e.channel,
                e.actor_id,
                e.actor_name,
                e.unit_id,
                e.object_repr,
                e.data,
                _plain(e.before, counterparts, numbers),
                _plain(e.after, counterparts, numbers),
            )
            for e in AuditEntry.objects.filter(object_type=object_type, object_id=str(pk)).order_by("pk")
        ]

    from omvarld.audit.services import snapshot

    matters = {}
    for engagement in Engagement.objects.order_by("registration_number"):
        decision = Decision.objects.filter(engagement=engagement).first()
        matters[engagement.registration_number] = {
            "stored": _plain(snapshot(engagement), counterparts, numbers),
            "entries": entries("engagements.engagement", engagement.pk),
            "assessments": [
                (s.as_of, s.policy_version, s.policy_hash, s.facts, s.outcome, s.decided_by, s.result)
                for s in engagement.assessments.order_by("pk")
            ],
            "decision": _plain(snapshot(decision), counterparts, numbers) if decision else None,
            "decision entries": entries("engagements.decision", decision.pk) if decision else [],
        }
    return {
        "matters": matters,
        "counterparts": {
            c.name: (_plain(snapshot(c), counterparts, numbers), entries("organisation.counterpart", c.pk))
            for c in Counterpart.objects.all()
        },
    }


@pytest.mark.parametrize("apart", [False, True], ids=["checked-in-the-job", "checked-apart"])
def test_an_imported_row_is_written_exactly_as_the_services_write_a_typed_one(
    units, make_user, tmp_path, apart
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    path = tmp_path / "register.csv"
    path.write_bytes(the_file())

    with transaction.atomic():
        outcome = tasks.run(actor=coordinator, params={"path": str(path)}, check_apart=apart)
        imported = written()
        transaction.set_rollback(True)
    with transaction.atomic():
        typed(coordinator, units)
        by_hand = written()
        transaction.set_rollback(True)

    assert outcome["errors"] == []
    assert outcome["created"] == len(ROWS)
    assert list(imported["matters"]) == list(by_hand["matters"])
    for number, matter in by_hand["matters"].items():
        assert imported["matters"][number] == matter, number
    assert imported == by_hand


def test_an_upload_is_kept_with_its_checksum_and_audited(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")

    record = import_upload(
        actor=officer, file_name="C:\\Users\\hanna\\medlemskap.csv", content=the_file(), unit=units["MHN"]
    )

    assert record.file_name == "medlemskap.csv"
    assert record.size == len(the_file())
    assert record.file.read() == the_file()
    entry = AuditEntry.objects.get(event="import.uploaded")
    assert (entry.actor, entry.unit_id, entry.object_id) == (officer, units["MHN"].pk, str(record.pk))


def test_an_officer_cannot_upload_for_another_unit_or_city_wide(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    for unit in (units["TN"], None):
        with pytest.raises(PermissionDenied):
            import_upload(actor=officer, file_name="a.csv", content=the_file(), unit=unit)
    assert not Import.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.pdf", b"%PDF-1.4", "Bara Excelfiler (.xlsx) och CSV-filer (.csv) kan importeras."),
        ("register.csv", b"", "Filen är tom."),
        ("register.xlsx", b"not a workbook", "Filen är ingen Excelfil (.xlsx) som går att läsa."),
        ("register.csv", b"Rubrik\n", "Filen har en rubrikrad men inga rader."),
    ],
)
def test_a_file_the_import_cannot_read_is_refused_at_upload(units, name, content, message) -> None:
    with pytest.raises(ApplicationError) as refused:
        import_upload(actor=None, file_name=name, content=content)
    assert [detail.message for detail in refused.value.details] == [message]
    assert not Import.objects.exists()


def test_each_run_is_recorded_on_the_import_with_its_counts(units, make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    record = import_upload(actor=coordinator, file_name="register.csv", content=the_file())

    tasks.run(actor=coordinator, params={"import": record.pk, "dry_run": True})
    record.refresh_from_db()
    assert (record.status, record.rows, record.created, record.errors) == (ImportStatus.CHECKED, 5, 5, 0)
    assert not Engagement.objects.exists()

    tasks.run(actor=coordinator, params={"import": record.pk})
    record.refresh_from_db()
    assert (record.status, record.created, record.updated, record.unchanged) == (
        ImportStatus.IMPORTED,
        5,
        0,
        0,
    )
    assert record.finished_at is not None
    assert [e.event for e in AuditEntry.objects.filter(object_type="imports.import").order_by("pk")] == [
        "import.uploaded",
        "import.checked",
        "import.completed",
    ]
    with pytest.raises(ApplicationError, match="redan importerad"):
        tasks.run(actor=coordinator, params={"import": record.pk})
    assert chain_verify().intact


def test_a_refused_import_is_recorded_as_refused_and_writes_nothing_else(units) -> None:
    record = import_upload(
        actor=None, file_name="register.csv", content="Rubrik;Enhet\nEtt ärende;MHN\n".encode()
    )

    with pytest.raises(ApplicationError):
        tasks.run(actor=None, params={"import": record.pk})

    record.refresh_from_db()
    assert (record.status, record.errors) == (ImportStatus.REFUSED, 1)
    assert not Engagement.objects.exists()
    assert AuditEntry.objects.filter(event="import.refused").count() == 1
