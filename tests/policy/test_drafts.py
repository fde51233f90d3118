"""A draft version (``loader.load_text``): YAML text checked as a shipped file is, in Swedish, and never
taken for a version that applies."""

from __future__ import annotations

import json

import pytest
from tests.policy.drafts import draft_yaml

from omvarld.policy import PolicyError, UnknownVersionError, compare, load_version
from omvarld.policy.loader import VERSIONS_DIR, load_text, version_ids

OVERLAY = draft_yaml(
    "reservation-2008-utkast",
    "Reservationen, utan kravet på full finansiering",
    "principle.aid_fully_financed",
).encode()


def problems(raw: bytes) -> list[str]:
    with pytest.raises(PolicyError) as info:
        load_text(raw, origin="utkast.yaml")
    return info.value.problems


def test_a_draft_overlay_builds_on_a_shipped_version_and_compares() -> None:
    draft = load_text(OVERLAY, origin="utkast.yaml")
    assert draft.id == "reservation-2008-utkast"
    assert "principle.aid_fully_financed" not in {rule.id for rule in draft.rules}
    assert len(draft.rules) == len(load_version("stockholm-2008").rules) - 1
    aid = {
        "kind": "aid",
        "title": "Bistånd",
        "unit": {"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"},
        "goals": ["attraktiv"],
        "directions": ["verksamhetsutveckling"],
        "benefit": "Kunskap.",
        "cost_sek": 100,
        "external_funding_sek": 0,
        "as_of": "2010-01-01",
    }
    [change] = compare([aid], "stockholm-2008", draft)
    assert (change.a.outcome, change.b.outcome) == ("reject", "approve")


def test_a_draft_is_never_a_version_that_applies() -> None:
    load_text(OVERLAY, origin="utkast.yaml")
    assert "reservation-2008-utkast" not in version_ids()
    with pytest.raises(UnknownVersionError):
        load_version("reservation-2008-utkast")


def test_a_draft_may_not_take_a_shipped_versions_id() -> None:
    raw = (VERSIONS_DIR / "stockholm-2008.yaml").read_bytes()
    [problem] = problems(raw)
    assert "'stockholm-2008' är en antagen versions id" in problem


def test_a_draft_builds_only_on_a_shipped_version() -> None:
    [problem] = problems(OVERLAY.replace(b"derives_from: stockholm-2008", b"derives_from: mitt-utkast"))
    assert problem.startswith("derives_from anger en okänd version 'mitt-utkast'")
    assert "stockholm-2008" in problem


def test_every_problem_of_a_draft_is_reported_in_swedish() -> None:
    found = problems(
        OVERLAY.replace(b"status: alternative", b"status: kanske")
        + b"rules:\n  - id: principle.ny\n    applies_to: [broschyr]\n    severity: blocking\n"
        b"    require: {fact: council_goalz}\n"
    )
    text = "\n".join(found)
    assert "status måste vara in_force, alternative eller historical, inte ”kanske”" in text
    assert "okända ärendeslag ['broschyr']" in text
    assert "okänt faktum 'council_goalz'" in text
    assert "saknar citat" in text
    assert "'reason_true' och 'reason_unknown' (svenska mallar) krävs" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"id: [unclosed\n", "ogiltig YAML på rad 2, kolumn 1: en lista eller mappning inom [ ] eller { }"),
        (b"id: x\ntitle: a: b\n", "ogiltig YAML på rad 2, kolumn 9: ett kolon står där inget värde"),
        (b"id: x\n\ttitle: t\n", "ogiltig YAML på rad 2, kolumn 1: en tabb får inte dra in en rad"),
        (b"- en lista\n", "filen måste innehålla en mappning"),
        (b"", "filen är tom"),
        (b"  \n# bara en kommentar\n", "filen är tom"),
        (b'!!python/object/apply:os.system ["ls"]\n', "ogiltig YAML på rad 1, kolumn 1: en YAML-tagg (!…)"),
        (b"%YAML 9.9\n--- {}\n", "ogiltig YAML på rad 1, kolumn 1: en YAML-version (%YAML) som inte stöds"),
        (b"a: \xff\n", "ogiltig YAML: ett tecken som YAML inte tillåter"),
        (b"a: " + b"[" * 5000 + b"\n", "ogiltig YAML på rad 1, kolumn 1003: värdena är för djupt nästlade"),
    ],
)
def test_broken_yaml_is_located_and_worded_in_swedish(raw: bytes, expected: str) -> None:
    [problem] = problems(raw)
    assert problem.startswith(expected), problem


def test_metadata_of_the_wrong_type_is_named_as_written() -> None:
    text = "\n".join(problems(OVERLAY.replace(b"status: alternative", b"status: 7")))
    assert "metadata: 'status' ska vara text (inom citattecken), inte talet 7" in text
    assert "måste vara in_force" not in text  # said once


def test_anchors_and_aliases_are_refused_before_anything_is_built() -> None:
    """Nested aliases grow exponentially as they are read ("billion laughs"); a policy needs none."""
    laughs = b"id: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        aliases = ", ".join([f"*{previous}"] * 5)
        laughs += f"{level}: &{level} [{aliases}]\n".encode()
    [problem] = problems(laughs)
    assert "YAML-ankare och alias (&namn, *namn) används inte i en policy" in problem


@pytest.mark.parametrize(
    "bad_id",
    ["x\n    import os", "Versal", "med mellanslag", "", "å", "a" * 81],
)
def test_an_id_is_one_word_it_names_things_in_urls_and_generated_code(bad_id: str) -> None:
    raw = OVERLAY + b"rules:\n  - id: " + json.dumps(bad_id).encode() + b"\n"
    text = "\n".join(problems(raw))
    assert f"id {bad_id!r} får bara innehålla små bokstäver" in text
