"""The organisation over time: units carry their period, and a merger is a change with history.

Stockholm's district committees are the example: fourteen from 2007, Hägersten-Liljeholmen and Älvsjö
merged into Hägersten-Älvsjö on 1 July 2020, and on 1 July 2023 Rinkeby-Kista and Spånga-Tensta into
Järva, Norrmalm and Östermalm into Norra innerstaden — eleven today.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from omvarld.accounts import permissions
from omvarld.accounts.models import Role
from omvarld.accounts.services import role_assign
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.organisation import selectors
from omvarld.organisation.models import Unit, UnitStatus
from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load, units_load_file, units_merge

HEADER = "code,name,name_en,type,parent,valid_from,valid_to,successor\n"
DAY = datetime.date

TODAYS_DISTRICT_COMMITTEES = {
    "Bromma stadsdelsnämnd",
    "Enskede-Årsta-Vantörs stadsdelsnämnd",
    "Farsta stadsdelsnämnd",
    "Hägersten-Älvsjö stadsdelsnämnd",
    "Hässelby-Vällingby stadsdelsnämnd",
    "Järva stadsdelsnämnd",
    "Kungsholmens stadsdelsnämnd",
    "Norra innerstadens stadsdelsnämnd",
    "Skarpnäcks stadsdelsnämnd",
    "Skärholmens stadsdelsnämnd",
    "Södermalms stadsdelsnämnd",
}
DISTRICT_COMMITTEES_2008 = {
    "Bromma stadsdelsnämnd",
    "Enskede-Årsta-Vantörs stadsdelsnämnd",
    "Farsta stadsdelsnämnd",
    "Hägersten-Liljeholmens stadsdelsnämnd",
    "Hässelby-Vällingby stadsdelsnämnd",
    "Kungsholmens stadsdelsnämnd",
    "Norrmalms stadsdelsnämnd",
    "Rinkeby-Kista stadsdelsnämnd",
    "Skarpnäcks stadsdelsnämnd",
    "Skärholmens stadsdelsnämnd",
    "Spånga-Tensta stadsdelsnämnd",
    "Södermalms stadsdelsnämnd",
    "Älvsjö stadsdelsnämnd",
    "Östermalms stadsdelsnämnd",
}


def _district_committees(user, on: datetime.date | None = None) -> set[str]:
    return set(
        selectors.unit_list(user=user, on=on).filter(type="stadsdelsnamnd").values_list("name", flat=True)
    )


@pytest.fixture
def reader(make_user):
    return make_user(Role.READER)


# --- The bundled organisation: today's, with 2008's as history ---


def test_today_stockholm_has_eleven_district_committees(reader) -> None:
    assert _district_committees(reader) == TODAYS_DISTRICT_COMMITTEES


@pytest.mark.parametrize("day", [DAY(2008, 6, 1), DAY(2019, 12, 31), DAY(2020, 6, 30)])
def test_matters_from_2008_to_mid_2020_see_the_fourteen_district_committees_of_their_time(
    reader, day
) -> None:
    assert _district_committees(reader, on=day) == DISTRICT_COMMITTEES_2008


def test_between_the_mergers_there_were_thirteen(reader) -> None:
    between = _district_committees(reader, on=DAY(2022, 1, 1))
    assert len(between) == 13
    assert "Hägersten-Älvsjö stadsdelsnämnd" in between
    assert "Älvsjö stadsdelsnämnd" not in between
    assert "Rinkeby-Kista stadsdelsnämnd" in between


@pytest.mark.parametrize(
    ("successor", "first_day", "predecessors"),
    [
        ("SDN-HAGERSTEN-ALVSJO", DAY(2020, 7, 1), {"SDN-HAGERSTEN", "SDN-ALVSJO"}),
        ("SDN-JARVA", DAY(2023, 7, 1), {"SDN-RINKEBY", "SDN-SPANGA"}),
        ("SDN-NORRA-INNERSTADEN", DAY(2023, 7, 1), {"SDN-NORRMALM", "SDN-OSTERMALM"}),
    ],
)
def test_each_merger_can_be_followed_both_ways(units, successor, first_day, predecessors) -> None:
    new = units[successor]
    assert new.valid_from == first_day
    assert {unit.code for unit in new.predecessors.all()} == predecessors
    for code in predecessors:
        assert units[code].successor == new
        assert units[code].valid_to == first_day - datetime.timedelta(days=1)


def test_a_unit_that_ceased_keeps_existing_with_its_period(units) -> None:
    alvsjo = units["SDN-ALVSJO"]
    assert alvsjo.name == "Älvsjö stadsdelsnämnd"
    assert not alvsjo.is_in_force(DAY(2020, 7, 1))
    assert alvsjo.is_in_force(DAY(2020, 6, 30))


# --- Loading periods and successors from a file ---


def test_loading_the_file_again_changes_nothing_and_reopens_nothing(units) -> None:
    entries = AuditEntry.objects.count()
    # Today's units alone, as an older file without the periods would list them: empty cells keep what is
    # stored, so the units that ceased stay ceased.
    text = HEADER + "SDN-ALVSJO,Älvsjö stadsdelsnämnd,Älvsjö District Committee,stadsdelsnamnd,KF,,,\n"
    result = units_load(actor=None, text=text)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Unit.objects.get(code="SDN-ALVSJO").valid_to == DAY(2020, 6, 30)
    assert units_load_file(actor=None, path=DEFAULT_UNITS_FILE).unchanged == len(units)
    assert AuditEntry.objects.count() == entries


def test_the_new_file_brings_an_older_organisation_up_to_date_with_audited_endings(db) -> None:
    # The organisation as Omvärld held it before units had periods: fourteen district committees.
    old = HEADER + "KF,Kommunfullmäktige,,kommunfullmaktige,,,,\n"
    old += "SDN-ALVSJO,Älvsjö stadsdelsnämnd,,stadsdelsnamnd,KF,,,\n"
    old += "SDN-HAGERSTEN,Hägersten-Liljeholmens stadsdelsnämnd,,stadsdelsnamnd,KF,,,\n"
    units_load(actor=None, text=old)
    result = units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    assert result.updated >= 2
    entry = AuditEntry.objects.filter(
        object_type="organisation.unit", action="update", object_repr__startswith="Ä"
    ).get()
    assert (entry.before["valid_to"], entry.after["valid_to"]) == (None, "2020-06-30")
    assert entry.after["successor"] == Unit.objects.get(code="SDN-HAGERSTEN-ALVSJO").pk


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("B,Beta,,namnd,A,2020-13-01,,", "valid_from", "är inget datum"),
        ("B,Beta,,namnd,A,,1 juli 2020,", "valid_to", "skriv det ÅÅÅÅ-MM-DD"),
        ("B,Beta,,namnd,A,2021-01-01,2020-12-31,", "valid_to", "innan den börjar 2021-01-01"),
        ("B,Beta,,namnd,A,,,A", "successor", "först när den upphör"),
        ("B,Beta,,namnd,A,,2020-06-30,SAKNAS", "successor", "Efterträdaren SAKNAS finns inte"),
        ("B,Beta,,namnd,A,,2020-06-30,B", "successor", "sin egen efterträdare"),
        ("B,Beta,,namnd,A,,2020-06-30,C", "successor", "Efterträdaren C gäller inte 2020-07-01"),
    ],
    ids=["month-13", "words", "ends-before-it-begins", "no-end", "unknown", "itself", "gap"],
)
def test_a_wrong_period_is_refused_with_row_and_column_and_nothing_is_written(
    db, line, column, message
) -> None:
    text = HEADER + "A,Alfa,,kommunfullmaktige,,,,\nC,Gamma,,namnd,A,2021-01-01,,\n" + line + "\n"
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=text)
    [detail] = raised.value.details
    assert (detail.row, detail.column) == (4, column)
    assert message in detail.message
    assert not Unit.objects.exists()


def test_a_unit_whose_units_below_go_on_cannot_end(db) -> None:
    text = HEADER + "A,Alfa,,kommunfullmaktige,,,2020-06-30,\nB,Beta,,namnd,A,,,\n"
    with pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text=text)
    [detail] = raised.value.details
    assert (detail.row, detail.column) == (2, "valid_to")
    assert (
        detail.message
        == "Underordnade enheter finns kvar efter 2020-06-30: B. Avsluta eller flytta dem först."
    )
    assert not Unit.objects.exists()


def test_a_unit_may_merge_into_one_that_comes_later_in_the_file(db) -> None:
    text = HEADER + "KF,Fullmäktige,,kommunfullmaktige,,,,\n"
    text += "OLD,Gamla nämnden,,namnd,KF,,2019-12-31,NEW\n"
    text += "NEW,Nya nämnden,,namnd,KF,2020-01-01,,\n"
    assert units_load(actor=None, text=text).created == 3
    assert Unit.objects.get(code="OLD").successor.code == "NEW"
    # One entry per unit, its final state: the merged unit's creation already names its successor.
    created = AuditEntry.objects.get(object_type="organisation.unit", object_repr="Gamla nämnden")
    assert created.after["successor"] == Unit.objects.get(code="NEW").pk


# --- Recording a merger: the service and the command ---


@pytest.fixture
def small_city(db) -> dict[str, Unit]:
    units_load(
        actor=None,
        text=HEADER
        + "KF,Fullmäktige,,kommunfullmaktige,,,,\n"
        + "NORR,Norra nämnden,,stadsdelsnamnd,KF,,,\n"
        + "SODER,Södra nämnden,,stadsdelsnamnd,KF,2010-01-01,,\n"
        + "MITT,Mellersta nämnden,,stadsdelsnamnd,KF,2027-01-01,,\n"
        + "VAST,Västra nämnden,,stadsdelsnamnd,KF,,,\n"
        + "KONTOR,Norra kontoret,,forvaltning,NORR,,,\n",
    )
    return {unit.code: unit for unit in Unit.objects.all()}


def test_a_merger_ends_the_units_the_day_before_and_records_their_successor(small_city) -> None:
    merged = units_merge(
        actor=None,
        units=[small_city["VAST"], small_city["SODER"]],
        successor=small_city["MITT"],
        on=DAY(2027, 1, 1),
    )
    assert [unit.code for unit in merged] == ["SODER", "VAST"]
    for code in ("SODER", "VAST"):
        unit = Unit.objects.get(code=code)
        assert (unit.valid_to, unit.successor.code) == (DAY(2026, 12, 31), "MITT")
        entry = AuditEntry.objects.filter(object_type="organisation.unit", object_id=str(unit.pk)).latest(
            "id"
        )
        assert entry.action == "update"
        assert (entry.before["valid_to"], entry.after["valid_to"]) == (None, "2026-12-31")
        assert (entry.before["successor"], entry.after["successor"]) == (None, small_city["MITT"].pk)
    assert {unit.code for unit in small_city["MITT"].predecessors.all()} == {"SODER", "VAST"}


@pytest.mark.parametrize(
    ("codes", "successor", "on", "message"),
    [
        (["NORR"], "MITT", DAY(2027, 1, 1), "Underordnade enheter finns kvar efter 2026-12-31: KONTOR"),
        (["SODER"], "MITT", DAY(2026, 1, 1), "Efterträdaren MITT gäller inte 2026-01-01"),
        (["SODER"], "SODER", DAY(2027, 1, 1), "SODER kan inte gå upp i sig själv"),
        (["SODER"], "MITT", DAY(2010, 1, 1), "innan den börjar 2010-01-01"),
    ],
    ids=["children-go-on", "successor-not-yet", "itself", "before-it-began"],
)
def test_a_merger_that_cannot_be_is_refused_and_changes_nothing(
    small_city, codes, successor, on, message
) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as raised:
        units_merge(
            actor=None, units=[small_city[code] for code in codes], successor=small_city[successor], on=on
        )
    assert raised.value.message == "Enheterna kunde inte slås samman; ingenting har ändrats."
    assert any(message in detail.message for detail in raised.value.details), raised.value.details
    assert not Unit.objects.filter(valid_to__isnull=False).exists()
    assert AuditEntry.objects.count() == entries


def test_a_unit_that_ceased_cannot_merge_again(small_city) -> None:
    units_merge(actor=None, units=[small_city["SODER"]], successor=small_city["MITT"], on=DAY(2027, 1, 1))
    with pytest.raises(ApplicationError) as raised:
        units_merge(actor=None, units=[small_city["SODER"]], successor=small_city["NORR"], on=DAY(2028, 1, 1))
    assert raised.value.details[0].message == "SODER upphörde redan 2026-12-31."
    assert Unit.objects.get(code="SODER").successor.code == "MITT"


@pytest.mark.parametrize(
    ("role", "unit"), [(Role.READER, None), (Role.COORDINATOR, None), (Role.OFFICER, "MHN")]
)
def test_only_an_administrator_records_a_merger(make_user, small_city, role, unit) -> None:
    with pytest.raises(PermissionDenied):
        units_merge(
            actor=make_user(role, unit),
            units=[small_city["SODER"]],
            successor=small_city["MITT"],
            on=DAY(2027, 1, 1),
        )
    units_merge(
        actor=make_user(Role.ADMINISTRATOR),
        units=[small_city["SODER"]],
        successor=small_city["MITT"],
        on=DAY(2027, 1, 1),
    )
    assert (
        AuditEntry.objects.filter(action="update", channel="system")
        .latest("id")
        .actor_name.startswith("administrator")
    )


def test_the_command_records_a_merger_and_shows_it(small_city) -> None:
    out = io.StringIO()
    call_command("unit", "merge", "SODER", "--into", "MITT", "--on", "2027-01-01", stdout=out)
    assert out.getvalue().strip() == "SODER upphörde efter 2026-12-31 och gick upp i MITT."
    assert AuditEntry.objects.filter(object_repr="Södra nämnden", action="update").get().channel == "cli"
    shown = io.StringIO()
    call_command("unit", "show", "MITT", stdout=shown)
    assert "Bildad av: SODER (2010-01-01 – 2026-12-31)" in shown.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SODER", "--into", "MITT", "--on", "1 januari 2027"], "är inget datum"),
        (["SAKNAS", "--into", "MITT", "--on", "2027-01-01"], "Enheten SAKNAS finns inte"),
        (["SODER", "--into", "MITT", "--on", "2026-01-01"], "Efterträdaren MITT gäller inte 2026-01-01"),
    ],
)
def test_the_command_refuses_in_swedish_with_exit_code_2(small_city, capsys, args, message) -> None:
    with pytest.raises(SystemExit) as raised:
        call_command("unit", "merge", *args)
    assert raised.value.code == 2
    assert message in capsys.readouterr().err
    assert not Unit.objects.filter(valid_to__isnull=False).exists()


# --- Who sees what, over time ---


def test_an_officer_of_the_successor_sees_the_history_of_the_units_that_merged_into_it(
    make_user, units
) -> None:
    officer = make_user(Role.OFFICER, "SDN-HAGERSTEN-ALVSJO")
    seen = permissions.restrict(AuditEntry.objects.all(), officer, permissions.Action.VIEW)
    assert {entry.unit.code for entry in seen.select_related("unit")} == {
        "SDN-HAGERSTEN-ALVSJO",
        "SDN-HAGERSTEN",
        "SDN-ALVSJO",
    }


def test_a_role_is_not_given_in_a_unit_that_ceased(make_user, units) -> None:
    user = make_user()
    with pytest.raises(ApplicationError) as raised:
        role_assign(actor=None, user=user, role=Role.OFFICER, unit=units["SDN-ALVSJO"])
    assert raised.value.details[0].message == (
        "Enheten Älvsjö stadsdelsnämnd upphörde 2020-06-30 och gick upp i Hägersten-Älvsjö stadsdelsnämnd; "
        "ge rollen där."
    )


# --- The pages and the API show the period, and history apart from today's organisation ---


@pytest.fixture
def reader_client(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def test_the_unit_list_shows_todays_organisation_and_links_to_its_history(reader_client) -> None:
    page = reader_client.get("/organisation/").text
    assert "Hägersten-Älvsjö stadsdelsnämnd" in page
    assert "från 2020-07-01" in page
    assert '">Älvsjö stadsdelsnämnd</a>' not in page
    assert "Historiken: 6 enheter som har upphört" in page


def test_the_history_shows_the_units_that_ceased_and_what_they_merged_into(reader_client) -> None:
    page = reader_client.get("/organisation/", {"status": "ended"}).text
    assert "Organisationens historik" in page
    assert "Gick upp i" in page
    row = page[page.index("SDN-ALVSJO") :].split("</tr>")[0]
    assert "till och med 2020-06-30" in row
    assert "Hägersten-Älvsjö stadsdelsnämnd" in row
    assert "Kungsholmens stadsdelsnämnd" not in page


def test_the_unit_list_shows_the_organisation_of_a_past_day(reader_client) -> None:
    page = reader_client.get("/organisation/", {"on": "2010-05-01"}).text
    assert "Organisationen som den såg ut 2010-05-01." in page
    assert "Älvsjö stadsdelsnämnd" in page
    assert "Järva stadsdelsnämnd" not in page


def test_a_wrong_day_is_a_swedish_error_by_the_field(reader_client) -> None:
    page = reader_client.get("/organisation/", {"on": "2010-13-01"})
    assert page.status_code == 200
    assert "Fyll i ett giltigt datum." in page.text


@pytest.mark.parametrize("query", [{"status": "ended"}, {"status": "all"}, {"on": "2010-01-01"}])
def test_the_history_pages_run_the_same_number_of_queries_for_few_and_many_units(
    reader_client, query, django_assert_num_queries
) -> None:
    with CaptureQueriesContext(connection) as few:
        assert reader_client.get("/organisation/", query).status_code == 200
    units_load(
        actor=None,
        text=HEADER
        + "".join(f"X{n},Nämnd {n},,namnd,KF,2001-01-01,2009-12-31,SDN-BROMMA\n" for n in range(30))
        + "".join(f"Y{n},Bolag {n},,bolag,SSAB,,,\n" for n in range(30)),
    )
    with django_assert_num_queries(len(few.captured_queries)):
        assert reader_client.get("/organisation/", query).status_code == 200


def test_a_units_page_follows_its_history_both_ways(reader_client, units) -> None:
    new = reader_client.get(units["SDN-HAGERSTEN-ALVSJO"].get_absolute_url()).text
    assert "Bildad av" in new
    assert f'href="{units["SDN-ALVSJO"].get_absolute_url()}"' in new
    assert f'href="{units["SDN-HAGERSTEN"].get_absolute_url()}"' in new
    old = reader_client.get(units["SDN-ALVSJO"].get_absolute_url()).text
    assert "Enheten upphörde efter 2020-06-30." in old
    assert f'href="{units["SDN-HAGERSTEN-ALVSJO"].get_absolute_url()}"' in old
    assert reader_client.get("/organisation/units/999999/").status_code == 404


def test_the_api_lists_todays_units_with_their_period_and_history_on_request(reader, units) -> None:
    client = APIClient()
    client.force_authenticate(reader)
    today = {row["code"]: row for row in client.get("/api/units/", {"limit": 500}).json()["results"]}
    assert "SDN-ALVSJO" not in today
    assert today["SDN-HAGERSTEN-ALVSJO"]["valid_from"] == "2020-07-01"
    assert sorted(today["SDN-HAGERSTEN-ALVSJO"]["predecessors"]) == ["SDN-ALVSJO", "SDN-HAGERSTEN"]
    ended = client.get("/api/units/", {"status": "ended", "limit": 500}).json()["results"]
    assert {row["code"]: row["successor"] for row in ended}["SDN-ALVSJO"] == "SDN-HAGERSTEN-ALVSJO"
    in_2010 = {
        row["code"] for row in client.get("/api/units/", {"on": "2010-01-01", "limit": 500}).json()["results"]
    }
    assert {"SDN-ALVSJO", "SDN-RINKEBY"} <= in_2010
    assert "SDN-JARVA" not in in_2010
    one = client.get(f"/api/units/{units['SDN-ALVSJO'].pk}/").json()  # one unit, whatever its period
    assert (one["valid_to"], one["successor"]) == ("2020-06-30", "SDN-HAGERSTEN-ALVSJO")
    refused = client.get("/api/units/", {"on": "igår"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "on"


def test_the_unit_list_is_todays_organisation_by_default_in_the_selector(reader, units) -> None:
    assert selectors.unit_list(user=reader).filter(code="SDN-ALVSJO").count() == 0
    assert selectors.unit_list(user=reader, status=UnitStatus.ENDED).count() == 6
    assert selectors.unit_by_code(user=reader, code="SDN-ALVSJO") == units["SDN-ALVSJO"]


# --- The migration keeps what the database held ---


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_an_inactive_unit_into_one_that_ceased() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("organisation", "0001_initial")])
    old_apps = executor.loader.project_state([("organisation", "0001_initial")]).apps
    OldUnit = old_apps.get_model("organisation", "Unit")
    OldUnit.objects.create(code="A", name="Aktiv", type="namnd", is_active=True)
    OldUnit.objects.create(code="B", name="Nedlagd", type="namnd", is_active=False)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Unit.objects.get(code="A").valid_to is None
    ended = Unit.objects.get(code="B")
    assert ended.valid_to is not None
    assert not ended.is_in_force(timezone.localdate())


def test_the_schema_declares_the_day_and_the_status_of_the_unit_list(reader) -> None:
    client = APIClient()
    client.force_authenticate(reader)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/units/"]["get"]["parameters"]}
    assert [alternative.get("format") for alternative in parameters["on"]["oneOf"]] == ["date", None]
    assert sorted(parameters["status"]["enum"]) == ["", "all", "current", "ended"]
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    assert unit["valid_to"]["nullable"] is True
    assert unit["successor"]["nullable"] is True


def test_a_units_page_runs_the_same_number_of_queries_however_many_units_it_was_formed_from(
    reader_client, units, django_assert_num_queries
) -> None:
    bromma = units["SDN-BROMMA"]
    with CaptureQueriesContext(connection) as few:
        assert reader_client.get(bromma.get_absolute_url()).status_code == 200
    units_load(
        actor=None,
        text=HEADER
        + "".join(f"X{n},Nämnd {n},,namnd,KF,2001-01-01,2009-12-31,SDN-BROMMA\n" for n in range(20))
        + "".join(f"Y{n},Kontor {n},,forvaltning,SDN-BROMMA,,,\n" for n in range(20)),
    )
    with django_assert_num_queries(len(few.captured_queries)):
        page = reader_client.get(bromma.get_absolute_url()).text
    assert "Nämnd 19" in page
    assert "Kontor 19" in page
