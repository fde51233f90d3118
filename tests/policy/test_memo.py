"""The explaining plan's memo of worded findings (``omvarld assess``): keyed by exactly the values a
reason reads, never confusing two of them, and bounded."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from tests.policy.conftest import base

from omvarld.policy import jsonparts, load_version
from omvarld.policy.engine import evaluate
from omvarld.policy.render import assessment_json

DAY = date(2026, 11, 26)


def explained(data: dict[str, object]) -> dict[str, object]:
    """The assessment as ``omvarld assess`` writes it, checked against the deciding path."""
    version = load_version("stockholm-2008")
    written = assessment_json(evaluate(version, data, DAY, explain=True))
    assert written == assessment_json(evaluate(version, data, DAY))
    found: dict[str, object] = orjson.loads(written)
    return found


def reason(data: dict[str, object], rule: str) -> str:
    findings = explained(data)["findings"]
    assert isinstance(findings, list)
    (found,) = [f["reason"] for f in findings if f["rule"] == rule]
    return str(found)


def test_engagements_that_differ_only_in_a_fact_a_reason_reads_get_their_own_reasons() -> None:
    rule = "principle.concrete_benefit"
    first = reason(base("visit", benefit="Renare luft."), rule)
    second = reason(base("visit", benefit="Kortare köer."), rule)
    again = reason(base("visit", benefit="Renare luft.", title="Ett annat ärende"), rule)
    assert "Renare luft" in first
    assert "Kortare köer" in second
    assert again == first


def test_amounts_that_are_equal_as_numbers_are_worded_alike_and_others_not() -> None:
    data = {"aid_character": True, "external_funding_sek": 100, "cost_sek": 250}
    whole = reason(base("aid", **data), "principle.aid_fully_financed")
    as_float = reason(base("aid", **{**data, "cost_sek": 250.0}), "principle.aid_fully_financed")
    other = reason(base("aid", **{**data, "cost_sek": 250.5}), "principle.aid_fully_financed")
    assert whole == as_float
    assert other != whole
    assert "250,50" in other


def test_booleans_never_key_a_memo() -> None:
    # True == 1, but a reason words them differently (ja, 1).
    assert bool not in jsonparts.KEYABLE
    assert {str, int, float, type(None)} == set(jsonparts.KEYABLE)


def test_the_memos_stay_within_their_budget_and_still_say_the_right_thing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonparts, "MEMO_BUDGET", 64_000)
    for i in range(400):
        text = f"Nytta nummer {i} " + "x" * (i % 50 + 1)
        assert text in reason(base("visit", benefit=text + "."), "principle.concrete_benefit")
        assert jsonparts.memo_size() <= 64_000
