"""Validation of the engagement interchange format: every problem at once, by path, in Swedish."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from tests.policy.conftest import base
from tests.policy.test_cli_fuzz import engagements as fuzzed_engagements

from omvarld.policy.engine import validated_portfolio
from omvarld.policy.errors import InputError, Problem
from omvarld.policy.interchange import (
    FIELDS,
    MAX_ITEMS,
    MAX_SEK,
    MAX_TEXT,
    _certainly_valid,
    all_problems,
    engagement_problems,
    parse_date,
    validate_engagement,
)

# English words that must never appear in a message (field names and values are quoted or listed
# after "tillåtna värden", and none of them is one of these).
ENGLISH = re.compile(
    r"\b(must|invalid|expected|should|unknown|required|allowed|error|field|value|values|not|instead|"
    r"got|did you mean|is|too|long|large|negative|finite|number|string|integer|boolean|object|"
    r"tuple|str|int|float|bool|dict|NoneType)\b",
    re.IGNORECASE,
)


def problems_of(data: object) -> dict[str, str]:
    """The problems of ``data`` by path; each message is checked to be Swedish."""
    found = engagement_problems(data)
    for problem in found:
        assert_swedish(problem.message)
    return {p.field: p.message for p in found}


def assert_swedish(message: str) -> None:
    # Names of fields and values are quoted (”…”) or listed after a colon: leave them out.
    prose = re.sub(r"”[^”]*”", "", message).split("tillåtna")[0].split("kända fält")[0]
    assert not ENGLISH.search(prose), f"English in {message!r}"
    assert message.strip(), "empty message"


def only(data: object) -> tuple[str, str]:
    (item,) = problems_of(data).items()
    return item


def test_a_well_formed_engagement_of_every_kind_has_no_problems() -> None:
    for kind in FIELDS["kind"].values or {}:
        assert engagement_problems(base(kind)) == []


def test_null_and_blank_mean_not_stated() -> None:
    data = base("trip", title="", travel_paid_by=None, goals=[], benefit="   ", last_review="")
    assert engagement_problems(data) == []


# ---------------------------------------------------------------- unknown fields


@pytest.mark.parametrize(
    ("field", "path", "suggested"),
    [
        ("travel_payed_by", "travel_payed_by", "travel_paid_by"),
        ("cost", "cost", "cost_sek"),
        ("goal", "goal", "goals"),
        ("Kind", "Kind", "kind"),
    ],
)
def test_an_unknown_field_is_named_and_the_nearest_known_field_suggested(
    field: str, path: str, suggested: str
) -> None:
    where, message = only({**base("trip"), field: "x"})
    assert where == path
    assert message.startswith("okänt fält")
    assert f"menar du ”{suggested}”?" in message


@pytest.mark.parametrize(
    ("obj", "typo", "suggested"),
    [("unit", "tpye", "type"), ("unit", "namn", "name"), ("counterpart", "contry", "country")],
)
def test_unknown_fields_inside_unit_and_counterpart_are_named_with_their_path(
    obj: str, typo: str, suggested: str
) -> None:
    data = base("agreement", counterpart={"name": "Riga", "type": "city"})
    data[obj] = {**data[obj], typo: "x"}
    where, message = only(data)
    assert where == f"{obj}.{typo}"
    assert f"menar du ”{suggested}”?" in message


def test_an_unknown_field_with_no_near_name_lists_the_known_fields() -> None:
    where, message = only({**base("visit"), "zzzzqqqq": 1})
    assert where == "zzzzqqqq"
    assert "kända fält: kind, title," in message


def test_a_very_long_unknown_field_name_is_cut_in_the_path() -> None:
    where, _ = only({**base("visit"), "x" * 5000: 1})
    assert len(where) <= 120


# ---------------------------------------------------------------- enums


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit", {"type": "kommun"}),
        ("unit", {"type": "Namnd"}),
        ("counterpart", {"type": "stad"}),
        ("counterpart", {"type": "state"}),
    ],
)
def test_unit_and_counterpart_types_are_enums(field: str, value: dict[str, str]) -> None:
    where, message = only(base("agreement", **{field: value}))
    assert where == f"{field}.type"
    assert message.startswith(f"okänt värde ”{value['type']}”; tillåtna värden:")


def test_a_type_of_the_wrong_json_type_is_named() -> None:
    where, message = only(base("agreement", counterpart={"type": ["city"]}))
    assert (where, message) == ("counterpart.type", "ska vara text, inte en lista.")


def test_a_request_cannot_ask_for_a_request() -> None:
    where, message = only(base("request", requested_kind="request"))
    assert where == "requested_kind"
    assert message.startswith("okänt värde ”request”")
    assert "request" not in message.split("tillåtna värden:")[1].split(", ")


@pytest.mark.parametrize(("kind", "message"), [(5, "ska vara text, inte ett heltal."), ("", "saknas")])
def test_kind_is_required_and_text(kind: object, message: str) -> None:
    where, found = only({**base("visit"), "kind": kind})
    assert where == "kind"
    assert message in found


def test_an_unknown_kind_lists_the_kinds() -> None:
    where, message = only(base("party"))
    assert where == "kind"
    assert message.startswith("okänt ärendeslag ”party”; tillåtna ärendeslag: invitation, trip,")
    assert "menar du" not in message


def test_a_misspelt_kind_suggests_the_nearest_kind() -> None:
    _, message = only(base("vist"))
    assert "menar du ”visit”?" in message


# ---------------------------------------------------------------- every problem at once


def test_every_problem_of_an_engagement_is_reported_at_once_each_with_its_path() -> None:
    data = base("trip", cost_sek=-1, travel_paid_by="kommunen", counterpart={"contry": "LV"}, goals=["snygg"])
    with pytest.raises(InputError) as info:
        validate_engagement(data)
    paths = [p.field for p in info.value.problems]
    assert paths == ["goals[0]", "cost_sek", "travel_paid_by", "counterpart.contry"]  # input order
    text = str(info.value)
    assert text.startswith("Ogiltig indata (4 fel):")
    assert all(f"fältet ”{path}”" in text for path in paths)


def test_three_bad_fields_give_three_problems() -> None:
    found = problems_of(base("visit", cost_sek="mycket", brand_used="ja", travel_payed_by="city"))
    assert sorted(found) == ["brand_used", "cost_sek", "travel_payed_by"]


def test_every_invalid_element_of_an_array_is_reported_with_its_index() -> None:
    portfolio = [base("aid", cost_sek=-5), base("visit"), base("party"), {**base("trip"), "tittle": "x"}]
    with pytest.raises(InputError) as info:
        validated_portfolio(portfolio, date(2026, 1, 1))
    assert [p.field for p in info.value.problems] == ["[0].cost_sek", "[2].kind", "[3].tittle"]
    for problem in info.value.problems:
        assert_swedish(problem.message)


def test_a_non_object_element_is_located_by_its_index() -> None:
    with pytest.raises(InputError) as info:
        validated_portfolio([base("visit"), "visit", None], date(2026, 1, 1))
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("[1]", "ett ärende ska vara ett JSON-objekt, inte text."),
        ("[2]", "ett ärende ska vara ett JSON-objekt, inte null."),
    ]


def test_a_problem_on_a_line_says_the_line_and_the_field() -> None:
    error = InputError([Problem("kind", "saknas.").on_line(7)])
    assert str(error) == "Ogiltig indata på rad 7, i fältet ”kind”: saknas."
    two = InputError([Problem("kind", "saknas.", 7), Problem("", "tom.", 9)])
    assert str(two) == "Ogiltig indata (2 fel):\n  - rad 7, fältet ”kind”: saknas.\n  - rad 9: tom."


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "får inte vara negativt."),
        (-0.5, "får inte vara negativt."),
        (float("nan"), "ska vara ett ändligt tal."),
        (float("inf"), "ska vara ett ändligt tal."),
        (float("-inf"), "ska vara ett ändligt tal."),
        (True, "ska vara ett belopp i kronor (ett tal), inte ett sanningsvärde (true eller false)."),
        ("100", "ska vara ett belopp i kronor (ett tal), inte text."),
        ([100], "ska vara ett belopp i kronor (ett tal), inte en lista."),
        ({"sek": 1}, "ska vara ett belopp i kronor (ett tal), inte ett objekt."),
        (MAX_SEK + 1, "är orimligt stort (högst 1 000 000 000 000 kronor)."),
        (float(MAX_SEK) * 10, "är orimligt stort (högst 1 000 000 000 000 kronor)."),
        (10**400, "är orimligt stort (högst 1 000 000 000 000 kronor)."),
        (-(10**400), "får inte vara negativt."),
    ],
)
@pytest.mark.parametrize("field", ["cost_sek", "external_funding_sek"])
def test_amounts_are_finite_non_negative_numbers_up_to_the_maximum(
    field: str, value: object, message: str
) -> None:
    assert only(base("aid", **{field: value})) == (field, message)


@pytest.mark.parametrize("value", [0, 0.0, 1.5, MAX_SEK, float(MAX_SEK)])
def test_amounts_from_zero_to_the_maximum_are_accepted(value: float) -> None:
    assert engagement_problems(base("aid", cost_sek=value)) == []


# ---------------------------------------------------------------- texts, booleans, lists


@pytest.mark.parametrize("field", ["title", "benefit", "role"])
def test_texts_longer_than_the_maximum_are_refused(field: str) -> None:
    assert engagement_problems(base("trip", **{field: "a" * MAX_TEXT})) == []
    where, message = only(base("trip", **{field: "a" * (MAX_TEXT + 1)}))
    assert where == field
    assert message == "är för lång (10 001 tecken; högst 10 000)."


def test_a_long_text_in_an_enum_is_too_long_not_an_unknown_value() -> None:
    assert only(base("trip", travel_paid_by="x" * (MAX_TEXT + 1)))[1].startswith("är för lång")


def test_a_long_text_inside_the_counterpart_is_refused_with_its_path() -> None:
    where, _ = only(base("agreement", counterpart={"name": "n" * (MAX_TEXT + 1)}))
    assert where == "counterpart.name"


@pytest.mark.parametrize("value", [1, 0, "true", "ja", [True]])
def test_booleans_are_true_or_false(value: object) -> None:
    where, message = only(base("visit", hospitality_offered=value))
    assert where == "hospitality_offered"
    assert message.startswith("ska vara true eller false, inte ")


@pytest.mark.parametrize(
    ("value", "path", "start"),
    [
        ("attraktiv", "goals", "ska vara en lista, inte text."),
        ({"a": 1}, "goals", "ska vara en lista, inte ett objekt."),
        (["attraktiv", 3], "goals[1]", "ska vara text, inte ett heltal."),
        (["attraktiv", None], "goals[1]", "ska vara text, inte null."),
        (["attraktiv", ["kvalitet"]], "goals[1]", "ska vara text, inte en lista."),
        (
            ["snygg"],
            "goals[0]",
            "okänt värde ”snygg”; tillåtna värden: attraktiv, kvalitet, kostnadseffektiv.",
        ),
        (["attraktiv"] * (MAX_ITEMS + 1), "goals", "har för många värden (201; högst 200)."),
    ],
)
def test_list_items_of_the_wrong_type_or_value_are_named_by_index(
    value: object, path: str, start: str
) -> None:
    assert only(base("visit", goals=value)) == (path, start)


def test_every_bad_item_of_a_list_is_reported() -> None:
    found = problems_of(base("visit", directions=["x", "positionering", 2, "y"]))
    assert sorted(found) == ["directions[0]", "directions[2]", "directions[3]"]


def test_a_free_text_list_refuses_overlong_items() -> None:
    where, message = only(base("eu_policy", affected_units=["MHN", "x" * (MAX_TEXT + 1)]))
    assert where == "affected_units[1]"
    assert message == "är för lång (10 001 tecken; högst 10 000)."


def test_an_unknown_country_code_is_refused() -> None:
    where, message = only(base("agreement", counterpart={"country": "XX"}))
    assert where == "counterpart.country"
    assert "okänd landskod ”XX”" in message


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "”2026-02-30” är inget giltigt datum."),
        ("2026-13-01", "”2026-13-01” är inget giltigt datum."),
        ("2025-02-29", "”2025-02-29” är inget giltigt datum."),
        ("0000-01-01", "”0000-01-01” är inget giltigt datum."),
        ("2026-1-1", "”2026-1-1” är inget datum på formen ÅÅÅÅ-MM-DD."),
        ("1 juni 2019", "”1 juni 2019” är inget datum på formen ÅÅÅÅ-MM-DD."),
        ("20260101", "”20260101” är inget datum på formen ÅÅÅÅ-MM-DD."),
        ("2026-01-01T10:00", "”2026-01-01T10:00” är inget datum på formen ÅÅÅÅ-MM-DD."),
        ("٢٠٢٦-٠١-٠١", "”٢٠٢٦-٠١-٠١” är inget datum på formen ÅÅÅÅ-MM-DD."),
        (20260101, "ska vara ett datum (ÅÅÅÅ-MM-DD) som text, inte ett heltal."),
        (True, "ska vara ett datum (ÅÅÅÅ-MM-DD) som text, inte ett sanningsvärde (true eller false)."),
    ],
)
@pytest.mark.parametrize("field", ["as_of", "start_date", "last_review"])
def test_dates_malformed_or_impossible_are_refused(field: str, value: object, message: str) -> None:
    assert only(base("membership", **{field: value})) == (field, message)


def test_a_valid_date_is_accepted_and_parsed() -> None:
    assert engagement_problems(base("membership", start_date="2024-02-29")) == []
    assert parse_date(" 2024-02-29 ", "as_of") == date(2024, 2, 29)
    assert parse_date("", "as_of") is None


def test_parse_date_raises_an_input_error_naming_the_option() -> None:
    with pytest.raises(InputError) as info:
        parse_date("2026-02-30", "--as-of")
    assert str(info.value) == "Ogiltig indata i fältet ”--as-of”: ”2026-02-30” är inget giltigt datum."


# ---------------------------------------------------------------- Python callers


@pytest.mark.parametrize("value", [("attraktiv",), {"attraktiv"}, b"attraktiv", date(2026, 1, 1), object()])
def test_python_values_outside_json_are_refused_in_swedish(value: Any) -> None:
    where, message = only(base("visit", goals=value))
    assert where == "goals"
    assert message.startswith("ska vara en lista, inte ")


def test_a_non_mapping_engagement_is_refused_in_swedish() -> None:
    for value in (None, 3, "visit", [base("visit")], 1.5, True):
        where, message = only(value)
        assert where == ""
        assert message.startswith("ett ärende ska vara ett JSON-objekt, inte ")


def test_non_text_keys_from_python_are_unknown_fields() -> None:
    where, message = only({**base("visit"), 3: "x"})
    assert where == "3"
    assert message.startswith("okänt fält")


# ---------------------------------------------------------------- the quick test


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzed_engagements())
def test_the_quick_test_never_passes_an_engagement_the_full_checks_refuse(data: Any) -> None:
    # engagement_problems asks the quick test first and trusts a "certainly valid".
    if _certainly_valid(data):
        assert all_problems(data) == []
    assert engagement_problems(data) == all_problems(data)


@pytest.mark.parametrize(
    "data",
    [
        base("visit", goals=["attraktiv", 3]),
        base("visit", goals=[["attraktiv"]]),
        base("visit", goals=["attraktiv", ""]),
        base("visit", affected_units=["MHN", {"x": 1}]),
        base("visit", affected_units=["x" * (MAX_TEXT + 1)]),
        base("visit", counterpart={"name": "X", "country": "ZZ"}),
        base("visit", unit={"type": "namnd", "kod": "U1"}),
        base("visit", cost_sek=True),
        base("visit", cost_sek=float("nan")),
        base("visit", brand_used=1),
        base("visit", as_of="2026-02-30"),
        {**base("visit"), 3: "x"},
        {**base("visit"), "kind": None},
    ],
)
def test_the_quick_test_sends_every_doubtful_value_to_the_full_checks(data: Any) -> None:
    assert not _certainly_valid(data)
    assert engagement_problems(data)
