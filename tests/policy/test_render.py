"""Assessments rendered (issue 6, points 5 and 6): the fast JSON writer says exactly what
``Assessment.to_dict()`` says, ``omvarld assess`` prints it line by line, and the Swedish memo
(``--format text``) holds everything an officer needs and no code words.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from tests.policy.engagements import case_inputs, engagements, every_wording
from tests.policy.test_reasons import CODES, SNAKE_CASE

from omvarld.policy import Assessment, assess, list_versions, load_version
from omvarld.policy.cli import main
from omvarld.policy.engine import effective_date, evaluate
from omvarld.policy.render import OUTCOME_SV, REQUIREMENT_SV, VERDICT_SV, assessment_json, assessment_text

VERSIONS = [v.id for v in list_versions()]
DAY = date(2026, 11, 26)


def inputs() -> list[dict[str, Any]]:
    return [data for _, data in case_inputs()] + every_wording()[::5]


# ---------------------------------------------------------------- the JSON writer


def assert_json_is_to_dict(data: dict[str, Any], version: str) -> None:
    """Both ways round: the writer first on a fresh assessment, and ``to_dict`` first on another."""
    first = assess(data, version, as_of=DAY)
    written = orjson.loads(assessment_json(first))
    expected = first.to_dict()
    assert written == expected
    assert list(written) == list(expected)
    for w, e in zip(written["findings"], expected["findings"], strict=True):
        assert list(w) == list(e)
    second = assess(data, version, as_of=DAY)
    expected = second.to_dict()
    assert orjson.loads(assessment_json(second)) == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_the_json_writer_gives_exactly_to_dict_for_the_cases_and_every_wording(version: str) -> None:
    for data in inputs():
        assert_json_is_to_dict(data, version)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(engagements)
def test_the_json_writer_gives_exactly_to_dict_for_any_engagement(data: dict[str, Any]) -> None:
    for version in VERSIONS:
        assert_json_is_to_dict(data, version)


def test_the_json_writer_is_not_fooled_by_assessments_that_share_pieces() -> None:
    """Assessments written one after another share their serialised pieces; each still says its own."""
    batch = [assess(data, "stockholm-2008", as_of=DAY) for data in inputs()[:400]]
    written = [orjson.loads(assessment_json(a)) for a in batch]
    assert written == [a.to_dict() for a in batch]


# ---------------------------------------------------------------- omvarld assess


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("version", [*VERSIONS, None])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_assess_prints_one_line_per_engagement_equal_to_to_dict(
    tmp_path: Path, version: str | None, suffix: str
) -> None:
    items = inputs()
    path = tmp_path / f"portfolio{suffix}"
    if suffix == ".jsonl":
        path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in items))
    else:
        path.write_bytes(orjson.dumps(items))
    policy = ["--policy", version] if version else []
    code, out, err = run(["assess", *policy, "--as-of", DAY.isoformat(), str(path)])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(items)
    for line, data in zip(lines, items, strict=True):
        assert json.loads(line) == assess(data, version, as_of=DAY).to_dict()


# ---------------------------------------------------------------- the memo


def memos() -> list[tuple[Assessment, str]]:
    out = []
    for version in VERSIONS:
        for data in inputs()[::2]:
            a = assess(data, version, as_of=DAY)
            out.append((a, assessment_text(a)))
    return out


@pytest.fixture(scope="module")
def rendered() -> list[tuple[Assessment, str]]:
    return memos()


def test_the_memo_states_the_outcome_and_who_decides_in_swedish(
    rendered: list[tuple[Assessment, str]],
) -> None:
    for a, memo in rendered:
        assert f"\nUtfall: {OUTCOME_SV[a.outcome]}.\n" in memo
        (decides,) = [line for line in memo.splitlines() if line.startswith("Beslutar: ")]
        assert f"enligt raden ”{a.decided_by_row()['label']}”" in decides
        assert not re.search(r"\b(kommunfullmaktige|internationella_beredningen|namnd)\b", decides), decides


def test_the_memo_holds_every_finding_with_its_reason_and_verdict(
    rendered: list[tuple[Assessment, str]],
) -> None:
    for a, memo in rendered:
        for f in a.findings:
            assert f"{f.rule.title}: {VERDICT_SV[f.verdict].lower()}." in memo
            assert f"   {f.reason}\n" in memo


def test_the_memo_quotes_each_passage_once_and_refers_to_it_after(
    rendered: list[tuple[Assessment, str]],
) -> None:
    referred = 0
    for a, memo in rendered:
        citations = [c for f in a.findings for c in f.citations()] + a.decided_by_row()["citations"]
        for c in citations:
            assert memo.count(f"”{c['quote']}”") == 1, c["passage"]
        uses = [c["passage"] for c in citations]
        for passage in {p for p in uses if uses.count(p) > 1}:
            section = next(c["section"] for c in citations if c["passage"] == passage)
            assert f"Stöd: samma stycke som ovan – {section}." in memo
            referred += 1
    assert referred > 50


def test_the_memo_asks_the_open_questions(rendered: list[tuple[Assessment, str]]) -> None:
    asked = 0
    for a, memo in rendered:
        for q in a.questions:
            assert f"\n- {q['question']}\n" in memo
            asked += 1
        assert ("Frågor att besvara:" in memo) is bool(a.questions)
    assert asked > 100


def test_the_memo_names_the_requirements_in_swedish(rendered: list[tuple[Assessment, str]]) -> None:
    assert set(REQUIREMENT_SV) == {
        "minutes_entry",
        "travel_report",
        "bribery_assessment",
        "membership_review",
    }
    for a, memo in rendered:
        lines = [line for line in memo.splitlines() if line.startswith("Krav på dokumentation: ")]
        assert len(lines) == (1 if a.requirements else 0)
        if a.requirements:
            assert (
                lines[0]
                == "Krav på dokumentation: " + ", ".join(REQUIREMENT_SV[r] for r in a.requirements) + "."
            )


def test_the_memo_carries_the_warnings(rendered: list[tuple[Assessment, str]]) -> None:
    warned = 0
    for a, memo in rendered:
        assert ("\nObservera:\n" in memo) is bool(a.warnings)
        for warning in a.warnings:
            assert f"\n- {warning}\n" in memo
            warned += 1
    assert warned > 0


def test_the_memo_has_no_english_verdict_or_value_codes(rendered: list[tuple[Assessment, str]]) -> None:
    for a, memo in rendered:
        prose = re.sub(r"”[^”]*”", "”…”", memo)
        prose = prose.replace(f"[{a.policy}]", "")
        assert not CODES.findall(prose), (a.title, CODES.findall(prose))
        assert not SNAKE_CASE.findall(prose), (a.title, SNAKE_CASE.findall(prose))


def test_the_memo_has_no_nested_parentheses(rendered: list[tuple[Assessment, str]]) -> None:
    for _, memo in rendered:
        prose = re.sub(r"”[^”]*”", "”…”", memo)
        for line in prose.splitlines():
            depth = 0
            for ch in line:
                depth += {"(": 1, ")": -1}.get(ch, 0)
                assert depth <= 1, line


def test_the_explaining_plan_and_the_deciding_plan_give_the_same_assessment() -> None:
    # omvarld assess words and serialises while it decides (explain=True); every other caller decides
    # first and explains on demand. Both must say the same, byte for byte.
    for version in map(load_version, VERSIONS):
        for engagement in inputs():
            day = effective_date(engagement, DAY)
            explained = evaluate(version, engagement, day, explain=True)
            decided = evaluate(version, engagement, day)
            assert assessment_json(explained) == assessment_json(decided)
            assert explained.to_dict() == decided.to_dict()
