"""Prioritisation: transparent, parameterised, explained term by term."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.policy.conftest import base
from tests.policy.engagements import engagements

from omvarld.policy import InputError, load_version, prioritise, scores

DAY = date(2026, 11, 28)


def test_score_is_the_sum_of_explained_terms_with_weights_from_the_policy() -> None:
    weights = load_version("stockholm-2008").parameters["priority_weights"].values[0].value
    (p,) = prioritise(
        [base("aid", cost_sek=1_000_000, external_funding_sek=1_000_000, aid_character=True)],
        "stockholm-2008",
    )
    terms = {t.name: t for t in p.terms}
    assert set(terms) == {
        "goal_link",
        "direction",
        "benefit",
        "leading_partner",
        "holistic_partner",
        "external_funding_share",
        "cost",
    }
    assert terms["goal_link"].weight == weights["goal_link"]
    assert terms["external_funding_share"].value == 1.0
    assert terms["external_funding_share"].points == weights["external_funding_share"]
    assert terms["cost"].points < 0
    assert all(t.explanation for t in p.terms)
    assert p.score == round(sum(t.points for t in p.terms), 2)


def test_more_goals_and_external_funding_rank_higher_among_approved() -> None:
    plain = base("visit", title="plain")
    rich = base(
        "visit", title="rich", goals=["attraktiv", "kvalitet"], cost_sek=100, external_funding_sek=100
    )
    ranking = prioritise([plain, rich], "stockholm-2008")
    assert [p.assessment.title for p in ranking] == ["rich", "plain"]


def test_a_rejected_engagement_ranks_below_an_approved_one_whatever_its_score() -> None:
    rejected = base(
        "visit",
        title="rejected",
        foreign_policy_stance=True,
        goals=["attraktiv", "kvalitet", "kostnadseffektiv"],
        cost_sek=1,
        external_funding_sek=1,
    )
    approved = base("visit", title="approved", goals=[], benefit="", directions=["positionering"])
    approved["goals"] = ["attraktiv"]
    ranking = prioritise([rejected, approved], "stockholm-2008")
    assert ranking[0].assessment.title == "approved"
    assert ranking[0].score < ranking[1].score
    assert ranking[1].to_dict()["rank"] == 2


def test_each_term_is_explained_in_swedish_with_its_figures() -> None:
    (p,) = prioritise(
        [base("aid", cost_sek=2_500_000, external_funding_sek=1_000_000, aid_character=True)],
        "stockholm-2008",
    )
    explained = {t.name: t.explanation for t in p.terms}
    assert explained["cost"] == "Kostnad 2 500 000 kr (andel av referensbeloppet 10 000 000 kr, högst 1)."
    assert explained["external_funding_share"] == "Extern finansiering 40 % av kostnaden."
    assert explained["goal_link"].endswith("av kommunfullmäktiges inriktningsmål.")
    (unknown,) = prioritise([base("trip")], "stockholm-2008")
    explained = {t.name: t.explanation for t in unknown.terms}
    assert explained["cost"] == "Kostnad okänd."
    assert explained["external_funding_share"] == "Extern finansiering okänd."


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=st.lists(engagements, min_size=1, max_size=6))
def test_scores_are_prioritises_scores_in_the_portfolios_order(portfolio) -> None:
    ranked = {priority.index: priority for priority in prioritise(portfolio, "stockholm-2008", DAY)}

    scored = scores(portfolio, "stockholm-2008", DAY)

    assert [s.index for s in scored] == list(range(len(portfolio)))
    for one in scored:
        assert one.score == ranked[one.index].score
        assert one.terms == ranked[one.index].terms


def test_scores_refuse_what_prioritise_refuses() -> None:
    portfolio = [base("trip"), {**base("aid"), "cost_sek": "mycket"}]

    with pytest.raises(InputError) as by_prioritise:
        prioritise(portfolio, "stockholm-2008")
    with pytest.raises(InputError) as by_scores:
        scores(portfolio, "stockholm-2008")

    assert str(by_scores.value) == str(by_prioritise.value)
