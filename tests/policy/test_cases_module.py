"""The example cases as the study pages read them (``omvarld.policy.cases``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from tests.policy.drafts import draft_yaml
from tests.policy.engagements import engagements, every_wording

from omvarld.policy.cases import CASES_DIR, assessment_of, cases_citing, cited_passages, list_cases
from omvarld.policy.engine import Assessment, evaluate, prepared
from omvarld.policy.loader import load_text, load_version, version_ids


def test_the_cases_ship_with_the_package_one_folder_per_shipped_version() -> None:
    found = list_cases()
    assert len(found) == len(list(CASES_DIR.glob("*/*.json"))) >= 16
    assert {case.policy for case in found} <= set(version_ids())
    assert all(case.title for case in found)


def test_a_case_cites_the_passages_of_its_findings_and_of_its_deciding_row() -> None:
    [motion] = [case for case in list_cases() if case.name == "suleimanya-motion"]
    cited = cited_passages(assessment_of(motion))
    assert "strategi.verksamhet.samarbetsavtal" in cited  # agreement.capitals_only
    assert "strategi.principer.bistand" in cited  # principle.aid_fully_financed
    assert "reservation.medfinansiering" not in cited  # the reservation's passage, not the strategy's


def test_the_cases_citing_a_passage_are_those_whose_assessment_cites_it() -> None:
    names = {case.name for case in cases_citing("reservation.medfinansiering")}
    assert names == {"suleimanya-motion-under-the-reservation"}
    capitals = {case.name for case in cases_citing("strategi.verksamhet.samarbetsavtal")}
    assert {
        "suleimanya-motion",
        "london-environment-agreement",
        "agreement-hong-kong-not-a-sovereign-capital",
    } <= (capitals)
    assert "eurocities-membership" not in capitals
    assert cases_citing("no.such.passage") == []


DAY = date(2026, 11, 26)


def _passages_of_findings(assessment: Assessment) -> frozenset[str]:
    """What an assessment cites, read from its findings one by one (the definition)."""
    cited = {passage.id for finding in assessment.findings for passage in finding.passages}
    return frozenset(cited | {passage.id for passage in assessment.decided_by_passages})


def _both_ways(data: dict[str, Any], version: str) -> tuple[Assessment, Assessment]:
    """The engagement decided only (its findings worded when read), and worded as it is decided."""
    facts, day = prepared(data, DAY)
    policy = load_version(version)
    return evaluate(policy, facts, day), evaluate(policy, facts, day, explain=True)


@pytest.mark.parametrize("version", version_ids())
def test_the_passages_cited_are_those_of_the_findings_for_every_wording(version: str) -> None:
    for data in every_wording():
        for assessment in _both_ways(data, version):
            assert cited_passages(assessment) == _passages_of_findings(assessment), data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(engagements)
def test_the_passages_cited_are_those_of_the_findings_for_any_engagement(data: dict[str, Any]) -> None:
    for assessment in _both_ways(data, "stockholm-2008"):
        assert cited_passages(assessment) == _passages_of_findings(assessment)


# The shipped versions cite a wording's own passages by a rule that applies to every engagement as well
# (the contested capital's foreign-policy passages): without that rule, only the wording cites them.
WITHOUT_THE_FOREIGN_POLICY_RULE = draft_yaml(
    "utan-utrikespolitiken", "Strategin utan regeln om utrikespolitik", "principle.no_foreign_policy"
).encode()


def test_the_passages_a_wording_adds_are_cited_though_no_rule_cites_them() -> None:
    draft = load_text(WITHOUT_THE_FOREIGN_POLICY_RULE, origin="utkast.yaml")
    case = CASES_DIR / "stockholm-2008" / "agreement-jerusalem-contested-capital.json"
    facts, day = prepared(orjson.loads(case.read_bytes())["input"], DAY)
    for assessment in (evaluate(draft, facts, day), evaluate(draft, facts, day, explain=True)):
        assert "strategi.principer.utrikespolitik" in cited_passages(assessment)
        assert cited_passages(assessment) == _passages_of_findings(assessment)
