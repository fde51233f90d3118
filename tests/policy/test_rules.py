"""Each rule of the 2008 strategy, one verdict at a time, with its citations checked.

The catalogue is docs/policy-engine.md; every rule id there must exist and behave as
written.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.policy.conftest import base, run, verdict

from omvarld.policy import load_version
from omvarld.policy.loader import SourceText

CATALOGUE_RULES = [
    "principle.goal_link",
    "principle.concrete_benefit",
    "principle.direction",
    "principle.no_foreign_policy",
    "principle.aid_fully_financed",
    "principle.leading_partners",
    "principle.holistic",
    "membership.active_participation",
    "membership.regular_review",
    "development.subject_area",
    "development.learning_objective",
    "eu_project.plan_link",
    "agreement.no_twin_city",
    "agreement.capitals_only",
    "agreement.specific_area_mutual_benefit",
    "monitoring.responsible_unit",
    "communication.brand",
    "invitation.city_pays_travel",
    "invitation.exception_special_reasons",
    "invitation.bribery_check",
]
ADVISORY = {"principle.leading_partners", "principle.holistic"}


def agreement(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "agreement_type": "cooperation",
        "counterpart": {"name": "Riga", "type": "city", "city": "Riga", "country": "LV"},
        "subject_area": "miljö",
        "mutual_benefit": "Utbyte om klimatarbete.",
        "unit": {"code": "KS", "name": "Kommunstyrelsen", "type": "kommunstyrelsen"},
    }
    values.update(fields)
    return base("agreement", **values)


def membership(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "scope": "unit_specific",
        "subject_area": "miljö",
        "representative": "Miljödirektören",
        "contribution": "Leder en arbetsgrupp.",
        "start_date": "2012-05-01",
        "last_review": "2024-06-01",
        "counterpart": {"name": "Nätverket", "type": "organisation", "city": "Bryssel", "country": "BE"},
    }
    values.update(fields)
    return base("membership", **values)


def invitation(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"travel_paid_by": "city", "role": "participant"}
    values.update(fields)
    return base("invitation", **values)


# ------------------------------------------------------------------ the catalogue


@pytest.mark.parametrize("rule_id", CATALOGUE_RULES)
def test_every_catalogue_rule_exists_with_its_severity_and_citations(
    rule_id: str, source: SourceText
) -> None:
    rules = {r.id: r for r in load_version("stockholm-2008").rules}
    assert rule_id in rules
    rule = rules[rule_id]
    assert rule.severity == ("advisory" if rule_id in ADVISORY else "blocking")
    assert rule.citations, "every rule cites at least one passage"
    for passage in rule.citations:
        assert source.contains(passage.text), passage.id


def assert_cited(assessment: Any, rule: str, source: SourceText) -> None:
    finding = assessment.finding(rule)
    assert finding is not None
    data = finding.to_dict()
    assert data["reason"]
    assert data["citations"]
    version = assessment.version
    for c in data["citations"]:
        assert c["passage"] in version.passages
        assert c["section"]
        assert source.contains(c["quote"])


# ------------------------------------------------------------------ principles


def test_goal_link_is_fulfilled_when_a_council_goal_is_named(source: SourceText) -> None:
    a = run(base("visit"))
    assert verdict(a, "principle.goal_link") == "fulfilled"
    assert_cited(a, "principle.goal_link", source)


def test_goal_link_needs_info_without_goals_and_asks_for_them() -> None:
    a = run(base("visit", goals=[]))
    assert verdict(a, "principle.goal_link") == "needs_info"
    assert a.outcome == "incomplete"
    finding = a.finding("principle.goal_link")
    assert finding is not None
    assert finding.field == "goals"
    assert finding.question
    assert "inriktningsmål" in finding.question


def test_concrete_benefit_is_fulfilled_when_stated_and_needs_info_when_blank(source: SourceText) -> None:
    assert verdict(run(base("visit")), "principle.concrete_benefit") == "fulfilled"
    a = run(base("visit", benefit="   "))
    assert verdict(a, "principle.concrete_benefit") == "needs_info"
    assert a.finding("principle.concrete_benefit").field == "benefit"  # type: ignore[union-attr]
    assert_cited(a, "principle.concrete_benefit", source)


def test_direction_needs_info_when_no_direction_is_given(source: SourceText) -> None:
    assert verdict(run(base("visit")), "principle.direction") == "fulfilled"
    a = run(base("visit", directions=None))
    assert verdict(a, "principle.direction") == "needs_info"
    assert_cited(a, "principle.direction", source)


def test_foreign_policy_stance_is_not_fulfilled(source: SourceText) -> None:
    a = run(base("visit", foreign_policy_stance=True))
    assert verdict(a, "principle.no_foreign_policy") == "not_fulfilled"
    assert a.outcome == "reject"
    assert_cited(a, "principle.no_foreign_policy", source)
    assert verdict(run(base("visit")), "principle.no_foreign_policy") == "fulfilled"


def test_aid_fully_financed_by_another_party_is_fulfilled(source: SourceText) -> None:
    a = run(base("aid", cost_sek=100, external_funding_sek=100))
    assert verdict(a, "principle.aid_fully_financed") == "fulfilled"
    assert_cited(a, "principle.aid_fully_financed", source)


def test_aid_partly_financed_by_the_city_is_not_fulfilled() -> None:
    a = run(base("visit", aid_character=True, cost_sek=100, external_funding_sek=99))
    assert verdict(a, "principle.aid_fully_financed") == "not_fulfilled"
    assert "99 kr av 100 kr" in a.finding("principle.aid_fully_financed").reason  # type: ignore[union-attr]


def test_aid_with_unknown_funding_needs_info() -> None:
    assert verdict(run(base("aid", cost_sek=100)), "principle.aid_fully_financed") == "needs_info"
    assert verdict(run(base("aid", external_funding_sek=100)), "principle.aid_fully_financed") == "needs_info"


def test_aid_rule_does_not_apply_to_work_without_aid_character() -> None:
    assert verdict(run(base("visit", cost_sek=100)), "principle.aid_fully_financed") == "not_applicable"


def test_leading_partner_is_advisory_and_never_changes_the_outcome(source: SourceText) -> None:
    small = agreement(counterpart={"name": "Cannes", "type": "city", "city": "Cannes", "country": "FR"})
    a = run(small)
    assert verdict(a, "principle.leading_partners") == "not_fulfilled"
    assert_cited(a, "principle.leading_partners", source)
    assert verdict(run(agreement()), "principle.leading_partners") == "fulfilled"  # a capital


def test_holistic_is_fulfilled_with_business_or_academia() -> None:
    uni = {"name": "KTH-partner", "type": "university", "city": "Boston", "country": "US"}
    assert (
        verdict(run(base("trip", travel_paid_by="city", counterpart=uni)), "principle.holistic")
        == "fulfilled"
    )
    city = {"name": "Oslo", "type": "city", "city": "Oslo", "country": "NO"}
    a = run(base("trip", travel_paid_by="city", learning_objective="x", counterpart=city))
    assert verdict(a, "principle.holistic") == "not_fulfilled"
    assert a.outcome == "approve"


# ------------------------------------------------------------------ memberships


def test_active_participation_is_fulfilled_with_representative_and_contribution(source: SourceText) -> None:
    a = run(membership())
    assert verdict(a, "membership.active_participation") == "fulfilled"
    assert_cited(a, "membership.active_participation", source)


def test_active_participation_needs_info_without_a_contribution() -> None:
    a = run(membership(contribution=None))
    assert verdict(a, "membership.active_participation") == "needs_info"
    assert a.finding("membership.active_participation").field == "contribution"  # type: ignore[union-attr]


def test_membership_reviewed_within_four_years_is_fulfilled(source: SourceText) -> None:
    a = run(membership(last_review="2023-01-01"))
    assert verdict(a, "membership.regular_review") == "fulfilled"
    assert "membership_review" in a.requirements
    assert_cited(a, "membership.regular_review", source)


def test_membership_review_overdue_needs_info_with_requirement() -> None:
    a = run(membership(last_review="2019-06-01"))
    assert verdict(a, "membership.regular_review") == "needs_info"
    assert "membership_review" in a.requirements
    assert a.outcome == "incomplete"
    assert "2023-06-01" in a.finding("membership.regular_review").reason  # type: ignore[union-attr]


def test_never_reviewed_membership_counts_from_its_start() -> None:
    assert verdict(
        run(membership(last_review=None, start_date="2025-01-01")), "membership.regular_review"
    ) == ("fulfilled")
    assert verdict(
        run(membership(last_review=None, start_date="2010-01-01")), "membership.regular_review"
    ) == ("needs_info")


def test_membership_without_any_date_needs_info() -> None:
    a = run(membership(last_review=None, start_date=None))
    assert verdict(a, "membership.regular_review") == "needs_info"
    assert a.finding("membership.regular_review").field == "last_review"  # type: ignore[union-attr]


def test_membership_without_scope_needs_info_and_goes_to_kommunstyrelsen() -> None:
    a = run(membership(scope=None))
    assert verdict(a, "membership.scope_stated") == "needs_info"
    assert a.decided_by == "kommunstyrelsen"


# ------------------------------------------------------------------ development


@pytest.mark.parametrize("kind", ["membership", "agreement", "request", "eu_project"])
def test_subject_area_needs_info_when_missing(kind: str) -> None:
    data = base(kind, requested_kind="agreement", origin="external", plan_reference="VP 2026:3")
    assert verdict(run(data), "development.subject_area") == "needs_info"
    assert verdict(run({**data, "subject_area": "miljö"}), "development.subject_area") == "fulfilled"


def test_geography_is_never_a_ground_for_rejection_of_a_membership() -> None:
    far = {"name": "Metropolis", "type": "organisation", "city": "Montreal", "country": "CA"}
    assert run(membership(counterpart=far)).outcome == "approve"


def test_learning_objective_needs_info_on_a_development_trip(source: SourceText) -> None:
    a = run(base("trip", travel_paid_by="city"))
    assert verdict(a, "development.learning_objective") == "needs_info"
    assert_cited(a, "development.learning_objective", source)
    ok = run(base("trip", travel_paid_by="city", learning_objective="Lära av Oslo."))
    assert verdict(ok, "development.learning_objective") == "fulfilled"


def test_learning_objective_does_not_apply_to_a_positioning_trip() -> None:
    a = run(base("trip", travel_paid_by="city", directions=["positionering"]))
    assert verdict(a, "development.learning_objective") == "not_applicable"


def test_eu_project_without_plan_link_needs_info(source: SourceText) -> None:
    a = run(base("eu_project", subject_area="miljö"))
    assert verdict(a, "eu_project.plan_link") == "needs_info"
    assert_cited(a, "eu_project.plan_link", source)
    assert verdict(
        run(base("eu_project", subject_area="m", plan_reference="VP 4.2")), "eu_project.plan_link"
    ) == ("fulfilled")


# ------------------------------------------------------------------ agreements


def test_twin_city_agreement_is_not_fulfilled(source: SourceText) -> None:
    a = run(agreement(agreement_type="twin_city"))
    assert verdict(a, "agreement.no_twin_city") == "not_fulfilled"
    assert a.outcome == "reject"
    assert_cited(a, "agreement.no_twin_city", source)


def test_cooperation_agreement_is_not_a_twin_city_agreement() -> None:
    assert verdict(run(agreement()), "agreement.no_twin_city") == "fulfilled"


def test_agreement_of_unknown_type_needs_info() -> None:
    assert verdict(run(agreement(agreement_type=None)), "agreement.no_twin_city") == "needs_info"


def test_agreement_with_a_capital_is_fulfilled_and_names_it(source: SourceText) -> None:
    a = run(agreement())
    assert verdict(a, "agreement.capitals_only") == "fulfilled"
    assert a.finding("agreement.capitals_only").reason == "Riga är huvudstad i Lettland."  # type: ignore[union-attr]
    assert_cited(a, "agreement.capitals_only", source)


@pytest.mark.parametrize(
    ("city", "country"), [("Köpenhamn", "DK"), ("Helsingfors", "FI"), ("Warszawa", "PL"), ("London", "GB")]
)
def test_capitals_are_recognised_under_swedish_and_english_names(city: str, country: str) -> None:
    cp = {"name": city, "type": "city", "city": city, "country": country}
    assert verdict(run(agreement(counterpart=cp)), "agreement.capitals_only") == "fulfilled"


def test_agreement_with_a_non_capital_is_not_fulfilled_and_names_the_capital() -> None:
    cp = {"name": "S:t Petersburg", "type": "city", "city": "S:t Petersburg", "country": "RU"}
    a = run(agreement(counterpart=cp))
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"
    assert a.finding("agreement.capitals_only").reason == (  # type: ignore[union-attr]
        "S:t Petersburg är inte huvudstad i Ryssland; huvudstaden är Moskva."
    )


@pytest.mark.parametrize("kind", ["organisation", "company", "university", "state_agency"])
def test_agreement_with_a_party_that_is_not_a_place_is_not_concerned_by_the_capitals_rule(kind: str) -> None:
    cp = {"name": "Partnern", "type": kind, "city": "Bryssel", "country": "BE"}
    a = run(agreement(counterpart=cp))
    assert verdict(a, "agreement.capitals_only") == "not_applicable"
    assert a.decided_by == "kommunstyrelsen"  # still an international agreement


def test_agreement_with_unknown_city_or_country_needs_info() -> None:
    a = run(agreement(counterpart={"name": "X", "type": "city", "country": "LV"}))
    assert verdict(a, "agreement.capitals_only") == "needs_info"
    assert a.finding("agreement.capitals_only").field == "counterpart.city"  # type: ignore[union-attr]
    b = run(agreement(counterpart={"name": "X", "type": "city", "city": "Riga"}))
    assert verdict(b, "agreement.capitals_only") == "needs_info"
    assert b.finding("agreement.capitals_only").field == "counterpart.country"  # type: ignore[union-attr]


def test_unknown_city_in_a_known_country_is_not_its_capital() -> None:
    cp = {"name": "Suleimanya", "type": "city", "city": "Ingenstans-by", "country": "IQ"}
    assert verdict(run(agreement(counterpart=cp)), "agreement.capitals_only") == "not_fulfilled"


def test_capitals_rule_does_not_apply_to_a_swedish_counterpart() -> None:
    cp = {"name": "Göteborg", "type": "city", "city": "Göteborg", "country": "SE"}
    assert verdict(run(agreement(counterpart=cp)), "agreement.capitals_only") == "not_applicable"


def test_request_for_an_agreement_is_held_to_the_agreement_rules() -> None:
    data = base(
        "request",
        origin="external",
        requested_kind="agreement",
        agreement_type="twin_city",
        subject_area="kultur",
        mutual_benefit="Utbyte.",
        counterpart={"name": "Toronto", "type": "city", "city": "Toronto", "country": "CA"},
    )
    a = run(data)
    assert verdict(a, "agreement.no_twin_city") == "not_fulfilled"
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"
    assert a.decided_by == "kommunstyrelsen"
    other = run({**data, "requested_kind": "visit"})
    assert verdict(other, "agreement.capitals_only") == "not_applicable"


def test_specific_area_and_mutual_benefit(source: SourceText) -> None:
    a = run(agreement())
    assert verdict(a, "agreement.specific_area_mutual_benefit") == "fulfilled"
    assert_cited(a, "agreement.specific_area_mutual_benefit", source)
    assert (
        verdict(run(agreement(mutual_benefit="")), "agreement.specific_area_mutual_benefit") == "needs_info"
    )


# ------------------------------------------------------------------ EU policy, communication


def test_eu_policy_needs_a_responsible_unit(source: SourceText) -> None:
    a = run(base("eu_policy", scope="unit_specific"))
    assert verdict(a, "monitoring.responsible_unit") == "needs_info"
    assert_cited(a, "monitoring.responsible_unit", source)
    ok = run(base("eu_policy", scope="unit_specific", responsible_units=["MHN"]))
    assert verdict(ok, "monitoring.responsible_unit") == "fulfilled"


def test_communication_without_the_brand_is_not_fulfilled(source: SourceText) -> None:
    a = run(base("communication"))
    assert verdict(a, "communication.brand") == "not_fulfilled"
    assert "Stockholm – The Capital of Scandinavia" in a.finding("communication.brand").reason  # type: ignore[union-attr]
    assert_cited(a, "communication.brand", source)
    assert verdict(run(base("communication", brand_used=True)), "communication.brand") == "fulfilled"


# ------------------------------------------------------------------ invitations and travel


def test_city_paying_its_own_travel_is_fulfilled(source: SourceText) -> None:
    a = run(invitation())
    assert verdict(a, "invitation.city_pays_travel") == "fulfilled"
    assert a.decided_by == "internationella_beredningen"
    assert {"minutes_entry", "travel_report"} <= set(a.requirements)
    assert_cited(a, "invitation.city_pays_travel", source)


def test_travel_paid_by_the_inviter_for_a_participant_is_not_fulfilled() -> None:
    a = run(invitation(travel_paid_by="inviter", bribery_assessment_done=True))
    assert verdict(a, "invitation.city_pays_travel") == "not_fulfilled"
    assert verdict(a, "invitation.exception_special_reasons") == "not_fulfilled"
    assert a.outcome == "reject"


def test_unknown_payer_needs_info() -> None:
    a = run(invitation(travel_paid_by=None))
    assert verdict(a, "invitation.city_pays_travel") == "needs_info"
    assert a.finding("invitation.city_pays_travel").field == "travel_paid_by"  # type: ignore[union-attr]
    assert verdict(a, "invitation.exception_special_reasons") == "not_applicable"


def test_speaker_with_special_reasons_gets_the_exception_decided_by_the_committee(source: SourceText) -> None:
    a = run(
        invitation(
            travel_paid_by="inviter",
            role="speaker",
            special_reasons="Huvudtalare.",
            bribery_assessment_done=True,
        )
    )
    assert verdict(a, "invitation.exception_special_reasons") == "fulfilled"
    assert verdict(a, "invitation.city_pays_travel") == "fulfilled"
    assert a.decided_by == "namnd"
    assert "minutes_entry" in a.requirements
    assert a.outcome == "approve"
    assert_cited(a, "invitation.exception_special_reasons", source)


def test_speaker_without_special_reasons_needs_info_and_goes_to_the_committee() -> None:
    a = run(invitation(travel_paid_by="other", role="panelist", bribery_assessment_done=True))
    assert verdict(a, "invitation.exception_special_reasons") == "needs_info"
    assert a.finding("invitation.exception_special_reasons").field == "special_reasons"  # type: ignore[union-attr]
    assert verdict(a, "invitation.city_pays_travel") == "needs_info"
    assert a.decided_by == "namnd"  # only the responsible committee or board can grant the exception
    assert a.decided_by_row()["row"] == "invitation_exception"


def test_exception_with_unknown_role_needs_info() -> None:
    a = run(
        invitation(travel_paid_by="inviter", role=None, special_reasons="Skäl.", bribery_assessment_done=True)
    )
    assert verdict(a, "invitation.exception_special_reasons") == "needs_info"
    assert a.finding("invitation.exception_special_reasons").field == "role"  # type: ignore[union-attr]


def test_bribery_check_needs_info_until_done(source: SourceText) -> None:
    a = run(invitation(travel_paid_by="inviter", role="speaker", special_reasons="Skäl."))
    assert verdict(a, "invitation.bribery_check") == "needs_info"
    assert "bribery_assessment" in a.requirements
    assert a.finding("invitation.bribery_check").field == "bribery_assessment_done"  # type: ignore[union-attr]
    assert_cited(a, "invitation.bribery_check", source)


def test_bribery_check_applies_to_a_hosted_visit_with_hospitality() -> None:
    assert verdict(run(base("visit", hospitality_offered=True)), "invitation.bribery_check") == "needs_info"
    done = run(base("visit", hospitality_offered=True, bribery_assessment_done=True))
    assert verdict(done, "invitation.bribery_check") == "fulfilled"
    assert verdict(run(base("visit")), "invitation.bribery_check") == "not_applicable"


def test_trip_requires_a_travel_report() -> None:
    a = run(base("trip", travel_paid_by="city", learning_objective="x"))
    assert a.requirements == ["travel_report"]


# ------------------------------------------------------------------ who decides


@pytest.mark.parametrize(
    ("unit_type", "body"),
    [
        ("namnd", "namnd"),
        ("stadsdelsnamnd", "namnd"),
        ("bolag", "bolagsstyrelse"),
        ("kommunstyrelsen", "kommunstyrelsen"),
    ],
)
def test_unit_body_follows_the_unit_type(unit_type: str, body: str) -> None:
    a = run(base("visit", unit={"code": "X", "name": "X", "type": unit_type}))
    assert a.decided_by == body
    assert a.decided_by_row()["row"] == "unit_body"


def test_unknown_unit_type_falls_back_to_kommunstyrelsen_and_asks() -> None:
    a = run(base("visit", unit={"code": "X", "name": "X"}))
    assert a.decided_by == "kommunstyrelsen"
    assert a.decided_by_row()["fallback"] is True
    assert verdict(a, "organisation.unit_body") == "needs_info"
    assert a.finding("organisation.unit_body").field == "unit.type"  # type: ignore[union-attr]


def test_major_engagement_goes_to_kommunstyrelsen_by_cost_or_flag() -> None:
    assert run(base("eu_project", subject_area="x", plan_reference="y", cost_sek=10_000_000)).decided_by == (
        "kommunstyrelsen"
    )
    assert (
        run(base("eu_project", subject_area="x", plan_reference="y", cost_sek=9_999_999)).decided_by
        == "namnd"
    )
    assert run(base("visit", major_engagement=True)).decided_by == "kommunstyrelsen"


def test_eu_policy_affecting_several_units_goes_to_kommunstyrelsen() -> None:
    a = run(base("eu_policy", responsible_units=["MHN"], affected_units=["MHN", "TN"]))
    assert a.decided_by == "kommunstyrelsen"
    assert a.decided_by_row()["row"] == "eu_policy_citywide"


def test_the_authority_row_and_its_citation_are_reported(source: SourceText) -> None:
    row = run(agreement()).to_dict()["decided_by_row"]
    assert row["row"] == "agreement"
    assert row["citations"]
    assert all(source.contains(c["quote"]) for c in row["citations"])
