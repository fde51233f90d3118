"""The register's text search: a piece of the title or of the registration number, whatever its case
(å, ä and ö included), found the same way by the list page, the API and the export; on SQLite from the
FTS5 trigram index that migration 0008_title_search keeps in step with the register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.bases import ListEndpointTests, ListPageTests
from tests.engagements.test_views import EngagementResource
from tests.factories import EngagementFactory, UnitFactory

from omvarld.accounts.models import Role
from omvarld.engagements import search
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement

pytestmark = pytest.mark.django_db

# Titles that try the search: Swedish letters in both cases, digits, LIKE's wildcards and its escape
# character, quotes, FTS5's own syntax, and texts shorter than a trigram.
TITLES = [
    "Studieresa till Göteborg",
    "ÅRSMÖTE I ÖSTERSUND",
    "Årsmöte i Östersund",
    "besök från älvsjö och ängby",
    "Eurocities årsmöte 2026",
    "Rabatt 100% på allt",
    "Möte om a_b och a%b",
    'Avtal "Hållbar stad" med Oslo',
    "O'Connors stipendium",
    "Sökväg C:\\temp\\fil",
    "Café i Åre – 12 deltagare",
    "MÜNCHEN: Städtepartnerschaft",
    "Ölandsbron NEAR(Kalmar) OR title:* AND ^x",
    "Ab",
    "Ä",
    "ö",
]
NUMBERS = {"Dnr 006-1137/2007": "Medlemskap i Eurocities", "KS 2026/12": "Vänort: Åbo"}
# Reproducible (the same texts on every run and both databases), never saved between runs.
EXAMPLES = settings(
    max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
ALPHABET = "abcdeåäöxyzABCÅÄÖXZéÉüÜ0123 %_\\\"'*^():-/"


@pytest.fixture(params=["few", "many", "many-spellings"])
def way(request, monkeypatch) -> str:
    """The three ways SQLite finds a text of three characters or more, each as if the register held as
    many matches as takes it there: few (the matches read by id from the FTS5 index), many (``LIKE`` in
    the list's order, once per spelling), many with more spellings than ``LIKE`` is tried for (the
    list's order, each row tested against the index). PostgreSQL has one way: these change nothing."""
    if request.param != "few":
        monkeypatch.setattr(search, "FEW_MATCHES", 0)
    if request.param == "many-spellings":
        monkeypatch.setattr(search, "MOST_SPELLINGS", 0)
    return str(request.param)


@pytest.fixture
def register(way: str) -> dict[int, tuple[str, str]]:
    """The register the searches run against: each engagement's title and registration number by id."""
    unit = UnitFactory()
    made = [EngagementFactory(title=title, unit=unit) for title in TITLES]
    made += [EngagementFactory(title=title, registration_number=n, unit=unit) for n, title in NUMBERS.items()]
    return {e.pk: (e.title, e.registration_number) for e in made}


def searched(text: str) -> set[int]:
    filterset = EngagementFilterSet({"q": text}, queryset=Engagement.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def meant(text: str, register: dict[int, tuple[str, str]]) -> set[int]:
    """What the search means: a whole registration number is that matter; else every matter whose title
    or number holds the text, whatever its case (the form strips the text first)."""
    text = text.strip()
    if not text:
        return set(register)
    whole = {pk for pk, (_title, number) in register.items() if number in {text, text.upper()}}
    if whole:
        return whole
    needle = text.lower()
    return {
        pk for pk, (title, number) in register.items() if needle in title.lower() or needle in number.lower()
    }


def plain(text: str) -> set[int]:
    """The plain filter: ``icontains`` on the title or the number (SQLite's LIKE folds ASCII letters only)."""
    found = Engagement.objects.filter(Q(title__icontains=text) | Q(registration_number__icontains=text))
    return set(found.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("vänort", ["Vänort: Åbo"]),
        ("göteborg", ["Studieresa till Göteborg"]),
        ("ÖSTERSUND", ["ÅRSMÖTE I ÖSTERSUND", "Årsmöte i Östersund"]),
        ("årsmöte", ["ÅRSMÖTE I ÖSTERSUND", "Årsmöte i Östersund", "Eurocities årsmöte 2026"]),
        ("ÄLVSJÖ OCH", ["besök från älvsjö och ängby"]),
        ("100%", ["Rabatt 100% på allt"]),
        ("a_b", ["Möte om a_b och a%b"]),
        ("a%b", ["Möte om a_b och a%b"]),
        ('"hållbar', ['Avtal "Hållbar stad" med Oslo']),
        ("o'connor", ["O'Connors stipendium"]),
        ("c:\\temp", ["Sökväg C:\\temp\\fil"]),
        ("near(kalmar) or", ["Ölandsbron NEAR(Kalmar) OR title:* AND ^x"]),
        ("title:*", ["Ölandsbron NEAR(Kalmar) OR title:* AND ^x"]),
        ("müNchen", ["MÜNCHEN: Städtepartnerschaft"]),
        ("1137/20", ["Medlemskap i Eurocities"]),
        ("2026/1", ["Vänort: Åbo"]),
        ("dnr 006-1137/2007", ["Medlemskap i Eurocities"]),  # a whole number, by the unique index
        # Shorter than a trigram: found without the index, still whatever the case.
        ("ÖS", ["ÅRSMÖTE I ÖSTERSUND", "Årsmöte i Östersund"]),
        (
            "ä",
            [
                "besök från älvsjö och ängby",
                "Sökväg C:\\temp\\fil",
                "MÜNCHEN: Städtepartnerschaft",
                "Ä",
                "Vänort: Åbo",
            ],
        ),
        ("xyz", []),
    ],
)
def test_a_piece_of_the_title_or_number_is_found_whatever_its_case(register, text, titles) -> None:
    assert sorted(register[pk][0] for pk in searched(text)) == sorted(titles)
    assert searched(text) == meant(text, register)


def test_the_search_finds_what_its_meaning_says_for_any_text(register) -> None:
    pieces = [text for pair in register.values() for text in pair]

    def varied(piece: str, start: int, length: int, capitals: list[bool]) -> str:
        cut = piece[start % len(piece) :][:length]
        return "".join(c.upper() if up else c.lower() for c, up in zip(cut, capitals, strict=False))

    texts = st.one_of(
        st.builds(
            varied,
            st.sampled_from(pieces),
            st.integers(0, 40),
            st.integers(1, 9),
            st.lists(st.booleans(), min_size=9, max_size=9),
        ),
        st.text(alphabet=ALPHABET, min_size=1, max_size=6),
    )

    @given(text=texts)
    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def finds_what_it_means(text: str) -> None:
        assert searched(text) == meant(text, register)

    finds_what_it_means()


@pytest.mark.parametrize("text", ["göteborg", "ÖSTERSUND", "årsmöte", "a_b", "100%", "ä", "Ö", "2026", "Xyz"])
def test_the_search_agrees_with_the_plain_filter_where_the_plain_filter_folds_the_case(
    register, text
) -> None:
    # PostgreSQL's UPPER folds every letter; SQLite's LIKE only ASCII ones, and missed "ÖSTERSUND" for
    # "östersund": there the search is compared with what it means.
    if connection.vendor == "postgresql" or text.isascii():
        assert searched(text) == plain(text)
    assert searched(text) == meant(text, register)


# --- The index follows the register ---


def _index_is_whole() -> None:
    """SQLite: FTS5's own check that the index holds exactly what the engagements table holds."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO engagements_search(engagements_search) VALUES ('integrity-check')")


def test_the_search_follows_what_is_registered_changed_and_deleted(db) -> None:
    unit = UnitFactory()
    trip = EngagementFactory(title="Studieresa till Tammerfors", unit=unit)
    other = EngagementFactory(title="Medlemskap i Eurocities", unit=unit)
    assert searched("tammerfors") == {trip.pk}

    trip.title = "Studieresa till Åbo"
    trip.save()
    assert searched("tammerfors") == set()
    assert searched("ÅBO") == {trip.pk}

    Engagement.objects.filter(pk=other.pk).update(registration_number="KS 2026/4711")
    assert searched("2026/471") == {other.pk}
    assert searched("FAB-") == {trip.pk}

    other.title = "Medlemskap i Metropolis"
    Engagement.objects.bulk_update([other], ["title"])
    assert searched("metropolis") == {other.pk}
    assert searched("eurocities") == set()

    trip.delete()
    assert searched("åbo") == set()
    assert searched("studieresa") == set()
    _index_is_whole()


def test_saving_a_matter_without_changing_its_title_or_number_leaves_the_index_alone(db) -> None:
    engagement = EngagementFactory(title="Inbjudan till Riga")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM engagements_search_data")
            before = cursor.fetchone()[0]
        engagement.description = "Ny beskrivning"
        engagement.save()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM engagements_search_data")
            assert cursor.fetchone()[0] == before  # no new segment: the trigger did not fire
    assert searched("riga") == {engagement.pk}
    _index_is_whole()


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_matters_registered_before_it() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("engagements", "0006_queue_position")])
    try:
        if connection.vendor == "sqlite":
            assert "engagements_search" not in connection.introspection.table_names()
        old_apps = executor.loader.project_state([("engagements", "0006_queue_position")]).apps
        unit = old_apps.get_model("organisation", "Unit").objects.create(code="X", name="Nämnd", type="namnd")
        old_apps.get_model("engagements", "Engagement").objects.create(
            registration_number="X-1/2009", series="X", year=2009, number=1, kind="trip",
            title="Studieresa till Göteborg", unit_id=unit.pk,
        )  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert [e.title for e in Engagement.objects.filter(pk__in=searched("GÖTEBORG"))] == [
        "Studieresa till Göteborg"
    ]
    _index_is_whole()


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_the_table_gets_the_triggers_back() -> None:
    """Django alters an SQLite table by making a new one and dropping the old, and its triggers with it;
    after ``migrate`` (its post_migrate signal) they are back, and the index holds what changed meanwhile."""
    if connection.vendor != "sqlite":
        pytest.skip("the triggers and the table rebuild are SQLite's")
    engagement = EngagementFactory(title="Studieresa till Tammerfors")
    old = Engagement._meta.get_field("title")
    wider = models.CharField(max_length=201)
    wider.set_attributes_from_name("title")
    wider.model = Engagement
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Engagement, old, wider)
        assert _triggers() == set()
        Engagement.objects.filter(pk=engagement.pk).update(title="Studieresa till Åbo")
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        assert _triggers() == set(search.TRIGGERS)
        assert searched("åbo") == {engagement.pk}
        assert searched("tammerfors") == set()
        _index_is_whole()
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Engagement, wider, old)
        search.repair_triggers(using=connection.alias)
    assert _triggers() == set(search.TRIGGERS)


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'engagements_engagement'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_the_repair_puts_back_nothing_when_nothing_is_missing(db) -> None:
    assert search.repair_triggers(using=connection.alias) == []


# --- The list page, the API and the export search alike ---


def test_the_list_the_api_and_both_exports_find_the_same_matters(units, make_user, tmp_path: Path) -> None:
    found = EngagementFactory(title="Årsmöte i Östersund", unit=units["MHN"])
    EngagementFactory(title="Studieresa till Oslo", unit=units["MHN"])
    client = Client()
    client.force_login(make_user(Role.READER))

    page = client.get("/register/", {"q": "ÅRSMÖTE I ÖSTER"}).text
    assert "Årsmöte i Östersund" in page
    assert "Studieresa till Oslo" not in page
    assert "1 ärende matchar." in page

    listed = client.get("/api/engagements/", {"q": "årsmöte i öster"}).json()
    assert [row["registration_number"] for row in listed["results"]] == [found.registration_number]
    assert (listed["count"], listed["count_is_capped"]) == (1, False)

    download = b"".join(client.get("/register/export.csv", {"q": "ÅRSMÖTE"}).streaming_content).decode()
    assert "Årsmöte i Östersund" in download
    assert "Studieresa till Oslo" not in download

    output = tmp_path / "register.json"
    call_command("export", "register", "--format", "json", "--q", "årsmöte", "--output", str(output))
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert [record["title"] for record in exported] == ["Årsmöte i Östersund"]


# --- A searched list runs the shared checks too (roles, units, the same queries for few rows and many) ---


# The factory's titles are "Inbjudan 1", "Inbjudan 2" …: every row matches, found through the index.


class TestSearchedEngagementPages(ListPageTests, EngagementResource):
    list_url = "/register/?q=INBJUDAN"


class TestSearchedEngagementEndpoints(ListEndpointTests, EngagementResource):
    api_url = "/api/engagements/?q=inbjudan"
