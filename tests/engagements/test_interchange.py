"""The one mapping from a stored engagement to the engine's facts: what it says, what it leaves out, and
that the engine reaches from it the outcome the register stores."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import CounterpartFactory

from omvarld import policy
from omvarld.engagements import interchange
from omvarld.engagements.models import Engagement, Kind
from omvarld.engagements.selectors import stored_result
from omvarld.engagements.services import assessment_store, engagement_register
from omvarld.organisation.services import counterpart_create

TODAY = datetime.date(2026, 11, 26)


def _register(units, unit: str = "MHN", **values) -> Engagement:
    values.setdefault("kind", Kind.INVITATION)
    values.setdefault("title", "Inbjudan till konferens i Riga")
    return engagement_register(actor=None, unit=units[unit], today=TODAY, **values)


@pytest.mark.parametrize(
    ("code", "policy_type"),
    [
        ("KS", "kommunstyrelsen"),
        ("KS-IB", "kommunstyrelsen"),  # internationella beredningen acts through KS
        ("SLK-INT", "kommunstyrelsen"),  # so does the city executive office, two levels down
        ("MHN", "namnd"),
        ("SDN-BROMMA", "stadsdelsnamnd"),
        ("SBR", "bolag"),
        ("SSAB", "bolag"),  # the holding company is a company board too
    ],
)
def test_the_owning_unit_is_given_the_type_the_engine_knows(units, code, policy_type) -> None:
    assert interchange.unit_facts(units[code]) == {
        "code": code,
        "name": units[code].name,
        "type": policy_type,
    }


@pytest.mark.parametrize("code", ["KF", "SEU", "SEU-BRYSSEL"])
def test_a_unit_outside_the_bodies_that_decide_has_no_type(units, code) -> None:
    assert "type" not in interchange.unit_facts(units[code])


def test_an_invitation_says_what_is_stated_and_nothing_else(units) -> None:
    riga = counterpart_create(actor=None, name="Riga stad", type="city", country="LV", city="Riga")
    engagement = _register(
        units,
        counterpart=riga,
        goals=["attraktiv"],
        benefit="Erfarenheter av klimatanpassning",
        travel_paid_by="inviter",
        special_reasons="Talare på konferensen",
        cost_sek=12000,
        funding={"city": 2000, "inviter": 10000},
        description="Beskrivningen läser inte motorn",
    )
    assert interchange.facts_of(engagement, as_of=TODAY) == {
        "kind": "invitation",
        "title": "Inbjudan till konferens i Riga",
        "unit": {"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"},
        "counterpart": {"name": "Riga stad", "type": "city", "country": "LV", "city": "Riga"},
        "goals": ["attraktiv"],
        "benefit": "Erfarenheter av klimatanpassning",
        "travel_paid_by": "inviter",
        "special_reasons": "Talare på konferensen",
        "cost_sek": 12000,
        "external_funding_sek": 10000,
        "as_of": "2026-11-26",
    }


def test_no_funding_stated_is_not_zero_funding(units) -> None:
    assert "external_funding_sek" not in interchange.facts_of(_register(units))
    city_only = _register(units, funding={"city": 5000})
    assert interchange.facts_of(city_only)["external_funding_sek"] == 0


def test_a_membership_gives_its_start_as_the_start_date(units) -> None:
    engagement = _register(
        units,
        kind=Kind.MEMBERSHIP,
        title="Medlemskap i Eurocities",
        starts_on=datetime.date(2009, 1, 1),
        last_review=datetime.date(2024, 3, 1),
        scope="citywide",
    )
    facts = interchange.facts_of(engagement)
    assert (facts["start_date"], facts["last_review"], facts["scope"]) == (
        "2009-01-01",
        "2024-03-01",
        "citywide",
    )


def test_a_request_carries_the_fields_of_the_kind_it_asks_for(units) -> None:
    engagement = _register(
        units,
        kind=Kind.REQUEST,
        title="Förfrågan om medlemskap",
        requested_kind="membership",
        scope="citywide",
    )
    facts = interchange.facts_of(engagement)
    assert (facts["requested_kind"], facts["scope"]) == ("membership", "citywide")


@pytest.mark.parametrize("kind", Kind.values)
def test_the_facts_of_every_kind_are_valid_input_for_the_engine(units, kind) -> None:
    counterpart = CounterpartFactory()
    engagement = _register(units, kind=kind, title=f"Ett ärende av slaget {kind}", counterpart=counterpart)
    facts = interchange.facts_of(engagement, as_of=TODAY)
    assessment = policy.assess(facts)  # raises InputError if the mapping wrote anything the engine refuses
    assert assessment.kind == kind


def test_assessing_the_facts_again_reproduces_the_stored_outcome_and_decider(units) -> None:
    engagement = _register(
        units,
        kind=Kind.AGREEMENT,
        title="Samarbetsavtal med London",
        counterpart=counterpart_create(
            actor=None, name="Greater London Authority", type="region", country="GB", city="London"
        ),
        agreement_type="cooperation",
        goals=["attraktiv"],
        benefit="Miljöarbete",
        mutual_benefit="Utbyte av erfarenheter",
    )
    stored = assessment_store(engagement=engagement, as_of=TODAY)
    again = policy.assess(stored.facts)
    assert (again.outcome, again.decided_by) == (stored.outcome, stored.decided_by)
    assert stored.policy_hash == again.version.content_hash
    assert stored_result(stored)["findings"] == again.to_dict()["findings"]
