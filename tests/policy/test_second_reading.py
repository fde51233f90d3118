"""The second reading of the strategy: one section per clarification of the policy catalogue's closing
section ("Clarifications of the second reading"), which overrides the tables above it.

``src/omvarld/policy/cases`` holds one example of each point; the tests here vary each point over the
inputs it speaks of — every payer, every role word, every sort of capital and counterpart, every requested
kind, the days around each deadline — so that the principle holds, not only the example.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from tests.policy.conftest import base, run, verdict
from tests.policy.engagements import REQUESTABLE, every_wording

from omvarld.policy import Assessment, InputError, assess
from omvarld.policy.interchange import FIELDS, PAYERS, question_for
from omvarld.policy.roles import ROLES

Engagement = dict[str, Any]
KS = {"code": "KS", "name": "Kommunstyrelsen", "type": "kommunstyrelsen"}
HAMN = {"code": "HAMN", "name": "Stockholms Hamn AB", "type": "bolag"}
FOREIGN_POLICY = {"strategi.principer.utrikespolitik", "synpunkter.utrikespolitik"}
SWEDISH_ROLE_NAMES = {role.swedish for role in ROLES.values()}


def invitation(**fields: Any) -> Engagement:
    values: dict[str, Any] = {"role": "deltagare", "bribery_assessment_done": True}
    values.update(fields)
    return base("invitation", **values)


def agreement(counterpart: dict[str, str], **fields: Any) -> Engagement:
    values: dict[str, Any] = {
        "agreement_type": "cooperation",
        "subject_area": "miljö",
        "mutual_benefit": "Utbyte om klimatanpassning.",
        "unit": KS,
        "counterpart": counterpart,
    }
    values.update(fields)
    return base("agreement", **values)


def city(name: str, country: str) -> dict[str, str]:
    return {"name": name, "type": "city", "city": name, "country": country}


def membership(**fields: Any) -> Engagement:
    values: dict[str, Any] = {
        "scope": "unit_specific",
        "subject_area": "miljö",
        "representative": "Miljödirektören",
        "contribution": "Leder en arbetsgrupp.",
        "last_review": "2024-06-01",
    }
    values.update(fields)
    return base("membership", **values)


def finding_reason(a: Assessment, rule: str) -> str:
    found = a.finding(rule)
    assert found is not None, f"{rule} gave no finding"
    return found.reason


def cited(a: Assessment, rule: str) -> set[str]:
    found = a.finding(rule)
    assert found is not None
    return {c["passage"] for c in found.citations()}


# ================================================================ unknown fields


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("accomodation_paid_by", "accommodation_paid_by"),
        ("participaton", "participation"),
        ("hospitality", "hospitality_offered"),
        ("requested_knd", "requested_kind"),
        ("special_reason", "special_reasons"),
    ],
)
def test_a_misspelt_second_reading_field_stops_the_assessment_and_names_the_field(
    typo: str, meant: str
) -> None:
    with pytest.raises(InputError) as info:
        assess({**invitation(), typo: "inviter"}, "stockholm-2008")
    (problem,) = info.value.problems
    assert problem.field == typo
    assert f"menar du ”{meant}”?" in problem.message


def test_a_misspelt_field_beside_the_right_one_is_still_an_error() -> None:
    data = {**invitation(travel_paid_by="city"), "travel_payed_by": "inviter"}
    with pytest.raises(InputError) as info:
        assess(data, "stockholm-2008")
    assert [p.field for p in info.value.problems] == ["travel_payed_by"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("accommodation_paid_by", "hotel"), ("participation", "sometimes"), ("travel_paid_by", "nobody")],
)
def test_an_unknown_value_of_a_new_field_is_refused_listing_the_values(field: str, value: str) -> None:
    with pytest.raises(InputError) as info:
        assess(invitation(**{field: value}), "stockholm-2008")
    (problem,) = info.value.problems
    assert problem.field == field
    allowed = problem.message.split("tillåtna värden:")[1]
    assert all(v in allowed for v in FIELDS[field].values or {})


@pytest.mark.parametrize("payer", PAYERS)
def test_every_payer_of_journey_and_stay_is_accepted(payer: str) -> None:
    a = assess(invitation(travel_paid_by=payer, accommodation_paid_by=payer), "stockholm-2008")
    assert a.outcome in ("approve", "incomplete", "reject")


# ================================================================ travel_paid_by: none


@pytest.mark.parametrize("role", ["talare", "deltagare", None])
def test_an_invitation_without_a_journey_has_no_travel_rules_and_no_travel_report(role: str | None) -> None:
    a = run(invitation(travel_paid_by="none", role=role))
    assert verdict(a, "invitation.city_pays_travel") == "not_applicable"
    assert verdict(a, "invitation.exception_special_reasons") == "not_applicable"
    assert verdict(a, "invitation.bribery_check") == "not_applicable"
    assert a.requirements == ["minutes_entry"]
    assert a.decided_by == "internationella_beredningen"
    assert a.outcome == "approve"


def test_a_trip_without_a_journey_requires_no_travel_report() -> None:
    a = run(base("trip", travel_paid_by="none", learning_objective="Lära av Oslo."))
    assert verdict(a, "invitation.city_pays_travel") == "not_applicable"
    assert a.requirements == []
    assert a.decided_by == "namnd"


def test_without_a_journey_hospitality_still_calls_for_the_bribery_check() -> None:
    a = run(invitation(travel_paid_by="none", hospitality_offered=True, bribery_assessment_done=False))
    assert verdict(a, "invitation.city_pays_travel") == "not_applicable"
    assert verdict(a, "invitation.bribery_check") == "needs_info"
    assert a.requirements == ["minutes_entry", "bribery_assessment"]


def test_without_a_journey_a_stay_paid_by_the_inviter_is_still_a_travel_cost() -> None:
    a = run(invitation(travel_paid_by="none", accommodation_paid_by="inviter"))
    assert verdict(a, "invitation.city_pays_travel") == "not_fulfilled"
    assert "logiet" in finding_reason(a, "invitation.city_pays_travel")
    assert "travel_report" in a.requirements


def test_the_question_about_the_journey_offers_no_journey_as_an_answer() -> None:
    a = run(invitation(travel_paid_by=None))
    found = a.finding("invitation.city_pays_travel")
    assert found is not None
    assert found.field == "travel_paid_by"
    assert "ingen resa" in (found.question or "")


# ================================================================ accommodation_paid_by


@pytest.mark.parametrize("journey", ["city", "none", None])
@pytest.mark.parametrize("stay", ["inviter", "other"])
@pytest.mark.parametrize("kind", ["invitation", "trip"])
def test_a_stay_paid_by_someone_else_breaks_the_rule_as_a_paid_journey_does(
    kind: str, stay: str, journey: str | None
) -> None:
    data = base(kind, travel_paid_by=journey, accommodation_paid_by=stay, role="deltagare")
    a = run(data)
    assert verdict(a, "invitation.city_pays_travel") == "not_fulfilled"
    assert "logiet" in finding_reason(a, "invitation.city_pays_travel")
    assert verdict(a, "invitation.exception_special_reasons") == "not_fulfilled"
    assert verdict(a, "invitation.bribery_check") == "needs_info"
    assert "bribery_assessment" in a.requirements
    assert a.outcome == "reject"


@pytest.mark.parametrize("stay", ["inviter", "other"])
def test_a_stay_paid_by_someone_else_opens_the_exception_for_a_speaker_with_reasons(stay: str) -> None:
    data = invitation(travel_paid_by="city", accommodation_paid_by=stay, role="talare",
                      special_reasons="Huvudtalare vid konferensen.")  # fmt: skip
    a = run(data)
    assert verdict(a, "invitation.exception_special_reasons") == "fulfilled"
    assert verdict(a, "invitation.city_pays_travel") == "fulfilled"
    assert "logiet" in finding_reason(a, "invitation.city_pays_travel")
    assert a.decided_by == "namnd"
    assert "minutes_entry" in a.requirements
    assert a.outcome == "approve"
    pending = run({**data, "bribery_assessment_done": False})
    assert verdict(pending, "invitation.bribery_check") == "needs_info"


@pytest.mark.parametrize(("journey", "stay"), [("city", "city"), ("city", "none"), ("city", None)])
def test_journey_and_stay_paid_by_the_city_fulfil_the_rule_without_a_bribery_check(
    journey: str, stay: str | None
) -> None:
    a = run(invitation(travel_paid_by=journey, accommodation_paid_by=stay, bribery_assessment_done=False))
    assert verdict(a, "invitation.city_pays_travel") == "fulfilled"
    assert verdict(a, "invitation.bribery_check") == "not_applicable"
    assert "bribery_assessment" not in a.requirements


def test_a_stay_not_stated_is_paid_like_the_journey() -> None:
    a = run(invitation(travel_paid_by="inviter"))
    assert "resan och logiet" in finding_reason(a, "invitation.city_pays_travel")
    a = run(invitation(travel_paid_by="inviter", accommodation_paid_by="city"))
    reason = finding_reason(a, "invitation.city_pays_travel")
    assert "resan" in reason
    assert "logiet" not in reason


def test_meals_receptions_and_gifts_call_for_the_bribery_check_only() -> None:
    a = run(invitation(travel_paid_by="city", hospitality_offered=True, bribery_assessment_done=False))
    assert verdict(a, "invitation.city_pays_travel") == "fulfilled"
    assert verdict(a, "invitation.exception_special_reasons") == "not_applicable"
    assert verdict(a, "invitation.bribery_check") == "needs_info"
    assert a.decided_by == "internationella_beredningen"
    done = run(invitation(travel_paid_by="city", hospitality_offered=True, bribery_assessment_done=True))
    assert verdict(done, "invitation.bribery_check") == "fulfilled"
    assert done.outcome == "approve"


# ================================================================ participation


@pytest.mark.parametrize("kind", ["membership", "request"])
def test_passive_participation_is_not_fulfilled_even_with_representative_and_contribution(kind: str) -> None:
    data = membership(participation="passive")
    if kind == "request":
        data = {**data, "kind": "request", "origin": "external", "requested_kind": "membership"}
    a = run(data)
    assert verdict(a, "membership.active_participation") == "not_fulfilled"
    assert a.outcome == "reject"
    assert "strategi.verksamhet.aktiva_insatser" in cited(a, "membership.active_participation")
    assert "passivt" in finding_reason(a, "membership.active_participation")


@pytest.mark.parametrize("participation", ["active", None])
def test_active_or_unstated_participation_is_judged_by_representative_and_contribution(
    participation: str | None,
) -> None:
    assert verdict(run(membership(participation=participation)), "membership.active_participation") == (
        "fulfilled"
    )
    for missing, field in (("representative", "representative"), ("contribution", "contribution")):
        a = run(membership(participation=participation, **{missing: None}))
        assert verdict(a, "membership.active_participation") == "needs_info"
        found = a.finding("membership.active_participation")
        assert found is not None
        assert found.field == field


# ================================================================ roles


SIGNIFICANT = [  # (the role as written, its Swedish name in the reason)
    ("talare", "talare"),
    ("huvudtalare", "huvudtalare"),
    ("föreläsare", "föreläsare"),
    ("moderator", "moderator"),
    ("moderera", "moderator"),
    ("paneldeltagare", "paneldeltagare"),
    ("panelist", "paneldeltagare"),
    ("sitter i juryn", "jurymedlem"),
    ("jury member", "jurymedlem"),
    ("keynote speaker", "huvudtalare"),
    ("session chair", "ordförande"),
    ("leder ett seminarium", "samtalsledare"),
    ("Talare", "talare"),
    ("FÖRELÄSARE", "föreläsare"),
    ("inledningstalare", "huvudtalare"),
    ("gästföreläsare", "föreläsare"),
    ("member of the jury", "jurymedlem"),
    ("speaker", "talare"),
    ("presenter", "presentatör"),
    ("en av talarna", "talare"),
]
ATTENDING = [
    "deltagare",
    "participant",
    "observer",
    "observatör",
    "gäst",
    "guest",
    "åhörare",
    "konferensdeltagare",
    "attendee",
    "Deltagare",
]
UNKNOWN = ["jonglör", "trollkarl", "fotograf", "xyzzy", "chaufför"]


@pytest.mark.parametrize("kind", ["invitation", "trip"])
@pytest.mark.parametrize(("role", "swedish"), SIGNIFICANT)
def test_a_significant_role_in_swedish_or_english_opens_the_exception(
    role: str, swedish: str, kind: str
) -> None:
    data = base(kind, travel_paid_by="inviter", role=role, bribery_assessment_done=True)
    pending = run(data)
    assert verdict(pending, "invitation.exception_special_reasons") == "needs_info"
    found = pending.finding("invitation.exception_special_reasons")
    assert found is not None
    assert found.field == "special_reasons"
    granted = run({**data, "special_reasons": "Staden är inbjuden som huvudtalare."})
    assert verdict(granted, "invitation.exception_special_reasons") == "fulfilled"
    assert verdict(granted, "invitation.city_pays_travel") == "fulfilled"
    assert granted.decided_by == "namnd"
    reason = finding_reason(granted, "invitation.exception_special_reasons")
    assert f"väsentlig roll som {swedish}," in reason
    if role.casefold() != swedish:
        assert role.casefold() not in reason.casefold()


@pytest.mark.parametrize("role", ATTENDING)
def test_plain_attendance_is_no_ground_for_the_exception(role: str) -> None:
    a = run(invitation(travel_paid_by="inviter", role=role, special_reasons="Viktig konferens."))
    assert verdict(a, "invitation.exception_special_reasons") == "not_fulfilled"
    assert verdict(a, "invitation.city_pays_travel") == "not_fulfilled"
    assert a.decided_by == "internationella_beredningen"
    reason = finding_reason(a, "invitation.exception_special_reasons")
    assert re.match(r"Rollen som (\w+) är ingen väsentlig roll", reason), reason
    assert reason.split()[2] in SWEDISH_ROLE_NAMES


@pytest.mark.parametrize("kind", ["invitation", "trip"])
@pytest.mark.parametrize("role", UNKNOWN)
def test_an_unknown_role_is_asked_about_never_rejected(role: str, kind: str) -> None:
    data = base(
        kind, travel_paid_by="inviter", role=role, special_reasons="Skäl.", bribery_assessment_done=True
    )
    a = run({**data, "learning_objective": "Lära av Oslo."})
    assert verdict(a, "invitation.exception_special_reasons") == "needs_info"
    assert verdict(a, "invitation.city_pays_travel") == "needs_info"
    assert a.outcome == "incomplete"
    found = a.finding("invitation.exception_special_reasons")
    assert found is not None
    assert found.field == "role"
    assert found.question == question_for("role")
    assert f"”{role}”" in found.reason


# ================================================================ capitals


@pytest.mark.parametrize(
    ("place", "country", "sovereign"),
    [
        ("Hongkong", "HK", "Kina"),
        ("Hong Kong", "HK", "Kina"),
        ("Mariehamn", "AX", "Finland"),
        ("Nuuk", "GL", "Danmark"),
        ("Tórshavn", "FO", "Danmark"),
        ("Torshavn", "FO", "Danmark"),
    ],
)
def test_the_capital_of_a_territory_that_is_no_sovereign_state_is_no_capital(
    place: str, country: str, sovereign: str
) -> None:
    a = run(agreement(city(place, country)))
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"
    reason = finding_reason(a, "agreement.capitals_only")
    assert "ingen självständig stat" in reason
    assert f"hör till {sovereign}" in reason
    assert "är huvudstad" not in reason


CONTESTED = [("Jerusalem", "IL"), ("East Jerusalem", "PS"), ("Östra Jerusalem", "PS"), ("Taipei", "TW")]


@pytest.mark.parametrize(("place", "country"), CONTESTED)
def test_a_contested_capital_is_asked_about_with_the_foreign_policy_passages(
    place: str, country: str
) -> None:
    a = run(agreement(city(place, country)))
    assert verdict(a, "agreement.capitals_only") == "needs_info"
    assert cited(a, "agreement.capitals_only") >= FOREIGN_POLICY
    assert a.outcome == "incomplete"
    questions = [q for q in a.questions if q["rule"] == "agreement.capitals_only"]
    assert len(questions) == 1
    assert "utrikespolitiken" in questions[0]["question"]


@pytest.mark.parametrize(
    ("place", "country"),
    [*CONTESTED, ("Tel Aviv", "IL"), ("Haifa", "IL"), ("Ramallah", "PS"), ("Kaohsiung", "TW")],
)
def test_no_reason_names_a_contested_city_as_a_capital(place: str, country: str) -> None:
    reason = finding_reason(run(agreement(city(place, country))), "agreement.capitals_only")
    assert not re.search(r"\bär (en )?huvudstad\b", reason), reason
    assert "huvudstaden är" not in reason, reason


@pytest.mark.parametrize(
    ("place", "country", "seat"),
    [
        ("Den Haag", "NL", True),
        ("Haag", "NL", True),
        ("The Hague", "NL", True),
        ("Amsterdam", "NL", False),
        ("La Paz", "BO", True),
        ("Sucre", "BO", False),
        ("Cotonou", "BJ", True),
        ("Porto-Novo", "BJ", False),
    ],
)
def test_a_seat_of_government_counts_as_the_capital_beside_the_official_one(
    place: str, country: str, seat: bool
) -> None:
    a = run(agreement(city(place, country)))
    assert verdict(a, "agreement.capitals_only") == "fulfilled"
    assert ("regeringssäte" in finding_reason(a, "agreement.capitals_only")) is seat


# ================================================================ the counterparts the capitals rule concerns


@pytest.mark.parametrize(
    "counterpart",
    [
        {"name": "Greater London Authority", "type": "region", "city": "London", "country": "GB"},
        {"name": "Land Berlin", "type": "region", "city": "Berlin", "country": "DE"},
        {"name": "Land Berlin", "type": "region", "country": "DE"},
        {"name": "Stadt Wien", "type": "region", "city": "Wien", "country": "AT"},
        {"name": "Ville de Paris", "type": "region", "city": "Paris", "country": "FR"},
        {"name": "Tokyo Metropolitan Government", "type": "region", "city": "Tokyo", "country": "JP"},
    ],
    ids=lambda c: c["name"] + ("" if "city" in c else " (utan stad)"),
)
def test_a_region_that_is_a_capital_citys_own_government_is_judged_by_its_city(
    counterpart: dict[str, str],
) -> None:
    a = run(agreement(counterpart))
    assert verdict(a, "agreement.capitals_only") == "fulfilled"
    assert "är styret för" in finding_reason(a, "agreement.capitals_only")


def test_a_region_that_is_a_non_capital_citys_government_is_judged_by_that_city() -> None:
    a = run(agreement({"name": "Ville de Lyon", "type": "region", "city": "Lyon", "country": "FR"}))
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"
    assert (
        finding_reason(a, "agreement.capitals_only")
        == "Lyon är inte huvudstad i Frankrike; huvudstaden är Paris."
    )


REGIONS = [
    ("Île-de-France", "Paris", "FR"),
    ("Comunidad de Madrid", "Madrid", "ES"),
    ("Generalitat de Catalunya", "Barcelona", "ES"),
    ("Greater Manchester Combined Authority", "Manchester", "GB"),
]


@pytest.mark.parametrize(("name", "place", "country"), REGIONS)
def test_any_other_region_is_not_a_capital(name: str, place: str, country: str) -> None:
    a = run(agreement({"name": name, "type": "region", "city": place, "country": country}))
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"
    assert finding_reason(a, "agreement.capitals_only").startswith(f"Motparten ”{name}” är en region")


@pytest.mark.parametrize(("name", "place", "country"), REGIONS)
def test_a_region_without_a_city_is_not_a_capital(name: str, place: str, country: str) -> None:
    a = run(agreement({"name": name, "type": "region", "country": country}))
    assert verdict(a, "agreement.capitals_only") == "not_fulfilled"


@pytest.mark.parametrize(("name", "place", "country"), REGIONS[:3])
def test_a_region_without_a_city_is_called_a_region_in_the_reason(
    name: str, place: str, country: str
) -> None:
    a = run(agreement({"name": name, "type": "region", "country": country}))
    assert finding_reason(a, "agreement.capitals_only").startswith(f"Motparten ”{name}” är en region")


@pytest.mark.parametrize("kind", ["university", "company", "organisation", "state_agency"])
def test_a_request_for_an_agreement_with_a_party_that_is_no_place_skips_the_capitals_rule(kind: str) -> None:
    data = agreement({"name": "Partnern", "type": kind, "city": "Toronto", "country": "CA"})
    a = run({**data, "kind": "request", "origin": "external", "requested_kind": "agreement"})
    assert verdict(a, "agreement.capitals_only") == "not_applicable"
    assert a.decided_by == "kommunstyrelsen"
    assert a.decided_by_row()["row"] == "agreement"


# ================================================================ general subject areas


@pytest.mark.parametrize(
    "subject",
    ["allmänt", "allmänt samarbete", "alla områden", "general cooperation", "Allmänt.", "ALLMÄNT SAMARBETE",
     "samarbete inom alla områden", "brett samarbete mellan städerna"],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["agreement", "request"])
def test_a_subject_area_that_names_no_specific_area_is_not_fulfilled(subject: str, kind: str) -> None:
    data = agreement(city("Riga", "LV"), subject_area=subject)
    if kind == "request":
        data = {**data, "kind": "request", "origin": "external", "requested_kind": "agreement"}
    a = run(data)
    assert verdict(a, "agreement.specific_area_mutual_benefit") == "not_fulfilled"
    assert a.outcome == "reject"
    assert "specifikt område" in finding_reason(a, "agreement.specific_area_mutual_benefit")


@pytest.mark.parametrize(
    "subject", ["miljö", "samarbete inom avfall", "IT", "kollektivtrafik", "äldreomsorg"]
)
def test_a_specific_subject_area_is_fulfilled(subject: str) -> None:
    a = run(agreement(city("Riga", "LV"), subject_area=subject))
    assert verdict(a, "agreement.specific_area_mutual_benefit") == "fulfilled"


# ================================================================ requests


def as_request(data: Engagement) -> Engagement:
    return {**data, "kind": "request", "origin": "external", "requested_kind": data["kind"]}


def test_a_request_is_judged_by_the_rules_decision_row_and_requirements_of_the_kind_it_asks_for() -> None:
    compared = 0
    for data in every_wording():
        if data["kind"] == "request":
            continue
        direct, request = run(data), run(as_request(data))
        compared += 1
        for f in direct.findings:
            if f.rule.id == "membership.regular_review":
                continue
            assert verdict(request, f.rule.id) == f.verdict, (data, f.rule.id)
        assert request.decided_by == direct.decided_by, data
        assert request.requirements == direct.requirements, data
        assert verdict(request, "request.requested_kind") == "fulfilled"
    assert compared > 1000


@pytest.mark.parametrize(
    ("scope", "unit", "decided_by"),
    [
        ("citywide", HAMN, "kommunstyrelsen"),
        ("unit_specific", HAMN, "bolagsstyrelse"),
        (None, HAMN, "kommunstyrelsen"),
    ],
)
def test_a_request_to_join_an_organisation_is_decided_as_the_membership_would_be(
    scope: str | None, unit: dict[str, str], decided_by: str
) -> None:
    a = run(as_request(membership(scope=scope, unit=unit)))
    assert a.decided_by == decided_by


def test_a_request_for_a_membership_is_not_reviewed_but_carries_the_review_requirement() -> None:
    a = run(as_request(membership(last_review=None, start_date=None)))
    assert verdict(a, "membership.regular_review") == "not_applicable"
    assert "membership_review" in a.requirements
    assert a.outcome == "approve"


@pytest.mark.parametrize(
    ("funding", "expected"), [(100_000, "fulfilled"), (99_999, "not_fulfilled"), (None, "needs_info")]
)
def test_a_request_for_aid_type_work_must_be_fully_financed(funding: int | None, expected: str) -> None:
    a = run(as_request(base("aid", cost_sek=100_000, external_funding_sek=funding, subject_area="demokrati")))
    assert verdict(a, "principle.aid_fully_financed") == expected


def test_a_request_for_an_invitation_goes_to_the_international_committee_and_is_minuted() -> None:
    a = run(as_request(invitation(travel_paid_by="city")))
    assert a.decided_by == "internationella_beredningen"
    assert a.requirements == ["minutes_entry", "travel_report"]


def test_a_request_for_an_agreement_goes_to_the_city_executive_board() -> None:
    unit = {"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"}
    assert run(as_request(agreement(city("Riga", "LV"), unit=unit))).decided_by == "kommunstyrelsen"


@pytest.mark.parametrize("origin", ["external", None])
def test_a_request_without_a_requested_kind_is_asked_what_it_asks_for(origin: str | None) -> None:
    a = run(base("request", origin=origin, subject_area="miljö"))
    assert verdict(a, "request.requested_kind") == "needs_info"
    found = a.finding("request.requested_kind")
    assert found is not None
    assert found.field == "requested_kind"
    assert a.outcome == "incomplete"


@pytest.mark.parametrize("requested", [*REQUESTABLE, None])
def test_a_motion_is_answered_by_the_council_whatever_it_asks_for(requested: str | None) -> None:
    a = run(base("request", origin="motion", requested_kind=requested, subject_area="demokrati"))
    assert a.decided_by == "kommunfullmaktige"
    assert a.decided_by_row()["row"] == "motion"
    assert verdict(a, "request.requested_kind") == "not_applicable"


# ================================================================ EU positions of unknown scope


@pytest.mark.parametrize("affected", [None, ["MHN"], ["MHN", "MHN"]])
def test_an_eu_position_of_unknown_scope_is_asked_about_and_decided_by_ks(affected: list[str] | None) -> None:
    a = run(base("eu_policy", responsible_units=["MHN"], affected_units=affected))
    assert verdict(a, "eu_policy.scope") == "needs_info"
    found = a.finding("eu_policy.scope")
    assert found is not None
    assert found.field == "scope"
    assert a.decided_by == "kommunstyrelsen"
    assert a.decided_by_row()["row"] == "eu_policy_scope_unknown"


@pytest.mark.parametrize("scope", [None, "unit_specific", "citywide"])
@pytest.mark.parametrize("affected", [["MHN", "TN"], ["MHN", "TN", "SBN"]])
def test_two_or_more_affected_units_make_the_scope_known_and_ks_decides(
    scope: str | None, affected: list[str]
) -> None:
    a = run(base("eu_policy", responsible_units=["MHN"], affected_units=affected, scope=scope))
    assert verdict(a, "eu_policy.scope") == "fulfilled"
    assert a.decided_by == "kommunstyrelsen"
    assert a.outcome == "approve"


@pytest.mark.parametrize(("unit", "body"), [(None, "namnd"), (HAMN, "bolagsstyrelse")])
def test_a_unit_specific_eu_position_is_decided_by_the_units_own_body(
    unit: dict[str, str] | None, body: str
) -> None:
    data = base("eu_policy", responsible_units=["MHN"], affected_units=["MHN"], scope="unit_specific")
    a = run({**data, "unit": unit} if unit else data)
    assert verdict(a, "eu_policy.scope") == "fulfilled"
    assert a.decided_by == body


# ================================================================ the bribery check for visits


@pytest.mark.parametrize("journey", PAYERS)
@pytest.mark.parametrize("stay", [*PAYERS, None])
def test_the_visitors_own_travel_never_calls_for_the_bribery_check(journey: str, stay: str | None) -> None:
    for data in (
        base("visit", travel_paid_by=journey, accommodation_paid_by=stay),
        as_request(base("visit", travel_paid_by=journey, accommodation_paid_by=stay)),
    ):
        a = run(data)
        assert verdict(a, "invitation.bribery_check") == "not_applicable"
        assert "bribery_assessment" not in a.requirements


def test_hospitality_to_the_citys_people_on_a_visit_calls_for_the_bribery_check() -> None:
    a = run(base("visit", travel_paid_by="other", hospitality_offered=True))
    assert verdict(a, "invitation.bribery_check") == "needs_info"
    assert a.requirements == ["bribery_assessment"]
    done = run(base("visit", travel_paid_by="other", hospitality_offered=True, bribery_assessment_done=True))
    assert verdict(done, "invitation.bribery_check") == "fulfilled"


@pytest.mark.parametrize("kind", ["invitation", "trip"])
def test_on_an_invitation_or_a_trip_a_paid_journey_does_call_for_it(kind: str) -> None:
    a = run(base(kind, travel_paid_by="other", role="talare", special_reasons="Talare."))
    assert verdict(a, "invitation.bribery_check") == "needs_info"


# ================================================================ future dates


def test_a_last_review_after_the_assessment_date_is_no_review() -> None:
    a = run(membership(last_review="2027-01-01", start_date=None))
    assert verdict(a, "membership.regular_review") == "needs_info"
    assert "ligger efter bedömningsdagen" in finding_reason(a, "membership.regular_review")


def test_with_a_future_last_review_the_start_date_counts() -> None:
    recent = run(membership(last_review="2027-01-01", start_date="2024-01-01"))
    assert verdict(recent, "membership.regular_review") == "fulfilled"
    assert "inleddes 2024-01-01" in finding_reason(recent, "membership.regular_review")
    old = run(membership(last_review="2027-01-01", start_date="2010-01-01"))
    assert verdict(old, "membership.regular_review") == "needs_info"
    assert "2014-01-01" in finding_reason(old, "membership.regular_review")


def test_a_start_date_after_the_assessment_date_is_no_start() -> None:
    a = run(membership(last_review=None, start_date="2026-11-27"))
    assert verdict(a, "membership.regular_review") == "needs_info"
    assert verdict(
        run(membership(last_review=None, start_date="2026-11-26")), "membership.regular_review"
    ) == ("fulfilled")


def test_a_review_on_the_assessment_date_itself_is_a_fact() -> None:
    a = run(membership(last_review="2026-11-26", start_date="2000-01-01"))
    assert verdict(a, "membership.regular_review") == "fulfilled"


# ================================================================ the review deadline day


def review_on(last: str, day: date, *, field: str = "last_review") -> Assessment:
    data = membership(last_review=None, start_date=None, as_of=day.isoformat())
    return run({**data, field: last})


@pytest.mark.parametrize("field", ["last_review", "start_date"])
@pytest.mark.parametrize(
    ("last", "due"),
    [
        ("2022-11-26", date(2026, 11, 26)),
        ("2020-03-01", date(2024, 3, 1)),  # the interval spans 29 February 2024
        ("2020-02-29", date(2024, 2, 29)),  # from one 29 February to the next
        ("2096-02-29", date(2100, 2, 28)),  # 2100 is no leap year: the interval ends on 28 February
        ("2023-12-31", date(2027, 12, 31)),
    ],
)
def test_the_review_is_due_on_the_last_day_of_the_interval_and_overdue_from_the_next(
    last: str, due: date, field: str
) -> None:
    before, on, after = (review_on(last, due + timedelta(days=d), field=field) for d in (-1, 0, 1))
    assert verdict(before, "membership.regular_review") == "fulfilled"
    assert verdict(on, "membership.regular_review") == "fulfilled"
    assert "senast i dag" in finding_reason(on, "membership.regular_review")
    assert "senast i dag" not in finding_reason(before, "membership.regular_review")
    assert verdict(after, "membership.regular_review") == "needs_info"
    assert due.isoformat() in finding_reason(after, "membership.regular_review")
    assert "membership_review" in after.requirements


# ================================================================ versions outside their period of force


@pytest.mark.parametrize(
    ("version", "day", "warned"),
    [
        ("stockholm-2008", "2008-12-02", True),
        ("stockholm-2008", "2008-12-03", False),
        ("stockholm-2008", "2040-01-01", False),
        ("stockholm-2000", "1999-12-31", True),
        ("stockholm-2000", "2000-01-01", False),
        ("stockholm-2000", "2008-12-02", False),
        ("stockholm-2000", "2008-12-03", True),
    ],
)
def test_a_version_applied_outside_its_period_of_force_says_so_in_swedish(
    version: str, day: str, warned: bool
) -> None:
    a = assess(base("visit", as_of=day), version)
    assert bool(a.warnings) is warned
    assert a.to_dict()["warnings"] == a.warnings
    for warning in a.warnings:
        assert version in warning
        assert day in warning
        assert re.search(r"\b(gäller|gällde) (från|till)\b", warning)
        assert warning.endswith(".")


@pytest.mark.parametrize("day", ["2008-12-03", "2026-11-26", "2008-01-01"])
def test_the_reservation_always_warns_that_it_was_never_adopted(day: str) -> None:
    a = assess(base("visit", as_of=day), "reservation-2008")
    assert any("aldrig har antagits" in w for w in a.warnings)
    assert len(a.warnings) == (2 if day < "2008-12-03" else 1)


@pytest.mark.parametrize("day", ["2000-01-01", "2005-06-01", "2008-12-02", "2008-12-03", "2026-11-26"])
def test_the_version_chosen_for_a_date_never_warns(day: str) -> None:
    assert assess(base("visit", as_of=day)).warnings == []


def test_a_version_applied_before_its_period_of_force_still_applies_its_parameters() -> None:
    day = "2008-12-01"
    brand = assess(base("communication", as_of=day), "stockholm-2008")
    assert "Stockholm – The Capital of Scandinavia" in finding_reason(brand, "communication.brand")
    speaker = assess(invitation(travel_paid_by="inviter", role="talare", as_of=day), "stockholm-2008")
    assert verdict(speaker, "invitation.exception_special_reasons") == "needs_info"
    assert speaker.decided_by == "namnd"
    project = base("eu_project", cost_sek=50_000_000, subject_area="miljö", plan_reference="VP 1", as_of=day)
    major = assess(project, "stockholm-2008")
    assert major.decided_by == "kommunstyrelsen"
    reviewed = assess(membership(last_review="2008-01-01", as_of=day), "stockholm-2008")
    assert verdict(reviewed, "membership.regular_review") == "fulfilled"


# ================================================================ an exception still open


@pytest.mark.parametrize(
    ("unit", "body"),
    [
        ({"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"}, "namnd"),
        ({"code": "SDN-BROMMA", "name": "Bromma stadsdelsnämnd", "type": "stadsdelsnamnd"}, "namnd"),
        (HAMN, "bolagsstyrelse"),
        (KS, "kommunstyrelsen"),
    ],
)
@pytest.mark.parametrize(("journey", "stay"), [("inviter", None), ("city", "other"), ("other", "other")])
def test_an_invitation_whose_exception_is_still_open_is_decided_by_the_units_own_body(
    unit: dict[str, str], body: str, journey: str, stay: str | None
) -> None:
    a = run(invitation(unit=unit, travel_paid_by=journey, accommodation_paid_by=stay, role="föreläsare"))
    assert verdict(a, "invitation.exception_special_reasons") == "needs_info"
    assert a.decided_by == body
    assert a.decided_by_row()["row"] == "invitation_exception"
    assert verdict(a, "organisation.unit_body") == "fulfilled"


def test_an_open_exception_of_a_unit_of_unknown_type_falls_back_to_ks_and_asks_the_type() -> None:
    a = run(invitation(unit={"code": "X", "name": "Okänd enhet"}, travel_paid_by="inviter", role="talare"))
    assert a.decided_by == "kommunstyrelsen"
    assert verdict(a, "organisation.unit_body") == "needs_info"


@pytest.mark.parametrize("role", ["deltagare", "jonglör", None])
def test_without_a_known_significant_role_the_international_committee_decides(role: str | None) -> None:
    a = run(invitation(travel_paid_by="inviter", role=role))
    assert a.decided_by == "internationella_beredningen"


def test_a_review_near_the_end_of_the_calendar_is_due_on_its_last_day() -> None:
    # Found by the fuzz test: four years after 9998-03-01 is past year 9999.
    from omvarld.policy.facts import _add_years

    assert _add_years(date(9998, 3, 1), 4) == date.max
    assert _add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert _add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
