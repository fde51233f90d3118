"""Which field a column fills, guessed from its heading, and a cell read as people write it."""

from __future__ import annotations

import datetime

import pytest

from omvarld.engagements.export import COLUMNS as EXPORT_COLUMNS
from omvarld.imports import columns
from omvarld.imports.columns import BY_NAME, Problem, Reader, guess


def test_swedish_and_english_headings_are_recognised_whatever_their_case_and_accents() -> None:
    assert guess(
        ["Dnr", "RUBRIK", "Ärendeslag", "Nämnd", "Motpart", "Land", "Årsavgift (kr)", "Beslutsdatum"]
    ) == {
        0: "registration_number",
        1: "title",
        2: "kind",
        3: "unit",
        4: "counterpart",
        5: "country",
        6: "cost_sek",
        7: "decided_on",
    }
    assert guess(["Title", "Kind", "Unit", "Counterpart", "Country", "Starts on", "Total cost (SEK)"]) == {
        0: "title",
        1: "kind",
        2: "unit",
        3: "counterpart",
        4: "country",
        5: "starts_on",
        6: "cost_sek",
    }


def test_every_column_of_the_registers_own_export_is_recognised_but_those_omvarld_works_out() -> None:
    headings = [heading for heading, _key in EXPORT_COLUMNS]
    mapping = guess(headings)
    unread = [headings[index] for index in range(len(headings)) if index not in mapping]
    assert unread == ["Bedömning", "Beslutande organ enligt strategin", "Avvikelse"]
    assert [mapping[headings.index(f"Finansiering {label} (kr)")] for label in ("Staden", "EU", "Sida")] == [
        "funding_city",
        "funding_eu",
        "funding_sida",
    ]


def test_a_field_goes_to_the_first_column_that_names_it_and_unknown_headings_are_left_unread() -> None:
    assert guess(["Rubrik", "Titel", "Vår egen anteckning", ""]) == {0: "title"}


def test_every_field_has_a_swedish_label() -> None:
    for target in columns.TARGETS:
        assert str(target.label), target.name
    assert str(BY_NAME["funding_eu"].label) == "Finansiering: EU (kr)"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        (12000, 12000),
        (12000.0, 12000),
        ("12 000", 12000),
        ("12 000 kr", 12000),
        ("12000,00", 12000),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_read_as_whole_kronor(written, value) -> None:
    assert columns.amount(written) == value


@pytest.mark.parametrize("written", ["tolv", "12,5", 12.5, True])
def test_what_is_no_amount_is_a_problem(written) -> None:
    with pytest.raises(Problem, match="är inget belopp"):
        columns.amount(written)


@pytest.mark.parametrize(
    ("written", "value"),
    [("ja", True), ("Nej", False), ("X", True), (True, True), ("", None), ("okänt", None), ("Vet ej", None)],
)
def test_yes_and_no(written, value) -> None:
    assert columns.yes_no(written) is value


def test_dates_are_read_as_iso_dates_or_as_the_workbooks_own() -> None:
    assert columns.date("2024-05-02") == datetime.date(2024, 5, 2)
    assert columns.date("2024-05-02 00:00:00") == datetime.date(2024, 5, 2)
    workbook_day = datetime.datetime(2024, 5, 2)  # noqa: DTZ001 (a workbook's dates have no time zone)
    assert columns.date(workbook_day) == datetime.date(2024, 5, 2)
    for wrong in ("2/5 2024", "2024-02-30"):
        with pytest.raises(Problem, match="är inget datum"):
            columns.date(wrong)


def test_choices_are_read_by_their_code_their_labels_and_the_engines_words() -> None:
    reader = Reader()
    kind, scope, payer = BY_NAME["kind"], BY_NAME["scope"], BY_NAME["travel_paid_by"]
    assert [
        reader.choice(value, kind) for value in ("trip", "Tjänsteresa", "Business trip", "förfrågan")
    ] == [
        "trip",
        "trip",
        "trip",
        "request",
    ]
    assert [
        reader.choice(value, scope) for value in ("Hela staden", "stadsövergripande", "The whole city")
    ] == ["citywide"] * 3
    assert reader.choice("Den som bjuder in", payer) == "inviter"
    assert reader.choice("grannen", payer) == "grannen"  # kept, for the service to refuse with the choices
    assert [reader.choice(v, BY_NAME["decision"]) for v in ("Bifall", "avslag", "approved")] == [
        "approved",
        "rejected",
        "approved",
    ]


def test_lists_are_split_by_semicolons_and_by_commas_that_do_not_belong_to_a_name() -> None:
    reader = Reader()
    goals = BY_NAME["goals"]
    assert reader.items("En attraktiv, trygg och växande stad; Kvalitet och valfrihet", goals) == [
        "attraktiv",
        "kvalitet",
    ]
    assert reader.items("attraktiv, kostnadseffektiv", goals) == ["attraktiv", "kostnadseffektiv"]
    assert reader.items("MHN, SVAB", BY_NAME["affected_units"]) == ["MHN", "SVAB"]
