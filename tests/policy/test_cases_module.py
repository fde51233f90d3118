"""The example cases as the study pages read them (``omvarld.policy.cases``)."""

from __future__ import annotations

from omvarld.policy.cases import CASES_DIR, assessment_of, cases_citing, cited_passages, list_cases
from omvarld.policy.loader import version_ids


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
