"""Properties over generated engagements (hypothesis)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omvarld.policy import assess, compare, outcome_of
from omvarld.policy.interchange import COUNTERPART_TYPES, DIRECTIONS, GOALS, KINDS, PAYERS, UNIT_TYPES

text = st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=20))
money = st.one_of(st.none(), st.integers(0, 50_000_000), st.floats(0, 5e7, allow_nan=False))
boolean = st.one_of(st.none(), st.booleans())
day = st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)).map(date.isoformat)
cities = st.sampled_from(
    [
        "Riga",
        "Köpenhamn",
        "S:t Petersburg",
        "Toronto",
        "Nairobi",
        "Suleimanya",
        "Gnesta",
        "Taipei",
        "Jerusalem",
        "Den Haag",
        "Mariehamn",
        "Hongkong",
        "",
    ]
)
countries = st.sampled_from(
    ["LV", "DK", "RU", "CA", "KE", "IQ", "SE", "de", "TW", "IL", "NL", "AX", "HK", None]
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


engagements = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={
        "title": text,
        "unit": optional(
            st.fixed_dictionaries(
                {},
                optional={"code": text, "name": text, "type": optional(st.sampled_from(UNIT_TYPES))},
            )
        ),
        "goals": optional(st.lists(st.sampled_from(GOALS), max_size=3)),
        "directions": optional(st.lists(st.sampled_from(DIRECTIONS), max_size=3)),
        "benefit": text,
        "subject_area": text,
        "counterpart": optional(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": text,
                    "type": optional(st.sampled_from(COUNTERPART_TYPES)),
                    "city": cities,
                    "country": countries,
                },
            )
        ),
        "scope": optional(st.sampled_from(["citywide", "unit_specific"])),
        "affected_units": optional(st.lists(st.sampled_from(["MHN", "TN", "SBN"]), max_size=3)),
        "responsible_units": optional(st.lists(st.sampled_from(["MHN", "TN"]), max_size=2)),
        "cost_sek": money,
        "external_funding_sek": money,
        "aid_character": boolean,
        "foreign_policy_stance": boolean,
        "major_engagement": boolean,
        "origin": optional(st.sampled_from(["external", "motion"])),
        "requested_kind": optional(st.sampled_from([k for k in KINDS if k != "request"])),
        "agreement_type": optional(st.sampled_from(["cooperation", "twin_city"])),
        "mutual_benefit": text,
        "travel_paid_by": optional(st.sampled_from(PAYERS)),
        "accommodation_paid_by": optional(st.sampled_from(PAYERS)),
        "participation": optional(st.sampled_from(["active", "passive"])),
        "hospitality_offered": boolean,
        "role": st.one_of(
            text, st.sampled_from(["speaker", "deltagare", "sitter i juryn", "Talare", "jonglör"])
        ),
        "special_reasons": text,
        "bribery_assessment_done": boolean,
        "learning_objective": text,
        "plan_reference": text,
        "representative": text,
        "contribution": text,
        "start_date": optional(day),
        "last_review": optional(day),
        "brand_used": boolean,
        "as_of": st.one_of(
            st.none(), st.dates(min_value=date(2009, 1, 1), max_value=date(2040, 1, 1)).map(date.isoformat)
        ),
    },
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(engagements)
def test_any_well_formed_engagement_is_assessed_and_the_outcome_follows_from_the_findings(
    data: dict[str, Any],
) -> None:
    for version in ("stockholm-2008", "reservation-2008"):
        a = assess(data, version, as_of=date(2026, 1, 1))
        result = a.to_dict()
        assert result["outcome"] == outcome_of(a.findings)
        blocking = [f for f in result["findings"] if f["severity"] == "blocking"]
        if any(f["verdict"] == "not_fulfilled" for f in blocking):
            assert result["outcome"] == "reject"
        elif any(f["verdict"] == "needs_info" for f in blocking):
            assert result["outcome"] == "incomplete"
        else:
            assert result["outcome"] == "approve"
        assert result["decided_by"] in {
            "kommunfullmaktige",
            "kommunstyrelsen",
            "internationella_beredningen",
            "namnd",
            "bolagsstyrelse",
        }
        for f in result["findings"]:
            assert f["reason"]
            assert f["citations"]
            if f["verdict"] == "needs_info":
                # A field to fill in; or, where no field answers it (a contested capital), a question.
                assert f["field"] or any(f["rule"] in q["rules"] for q in result["questions"])


@FAST
@given(st.lists(engagements, max_size=5))
def test_comparing_a_version_with_itself_is_empty(portfolio: list[dict[str, Any]]) -> None:
    for version in ("stockholm-2008", "reservation-2008"):
        assert compare(portfolio, version, version, include_finding_only=True, as_of=date(2026, 1, 1)) == []


@FAST
@given(st.lists(engagements, min_size=1, max_size=8))
def test_prioritisation_never_ranks_a_rejected_engagement_above_an_approved_one(
    portfolio: list[dict[str, Any]],
) -> None:
    from omvarld.policy import prioritise

    ranking = prioritise(portfolio, "stockholm-2008", as_of=date(2026, 1, 1))
    order = {"approve": 0, "incomplete": 1, "reject": 2}
    ranks = [order[p.assessment.outcome] for p in ranking]
    assert ranks == sorted(ranks)
    for p in ranking:
        assert p.score == round(sum(t.points for t in p.terms), 2)
