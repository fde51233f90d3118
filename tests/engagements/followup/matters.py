"""Approved matters to follow up, made through the register's own services (registered, submitted with the
assessment of their day, decided by the body the strategy names)."""

from __future__ import annotations

import datetime
from typing import Any

from omvarld.engagements.models import Engagement, Kind
from omvarld.engagements.services import decision_record, engagement_register, engagement_submit
from omvarld.organisation.models import Unit

TRIP: dict[str, Any] = {
    "goals": ["attraktiv"],
    "directions": ["verksamhetsutveckling"],
    "benefit": "Erfarenheter av skyfallsplanering för Stockholms nya dagvattenstrategi",
    "subject_area": "klimatanpassning",
    "travel_paid_by": "city",
    "accommodation_paid_by": "city",
    "hospitality_offered": False,
    "role": "deltagare",
    "learning_objective": "Hur Köpenhamn planerar för skyfall",
    "cost_sek": 24000,
    "funding": {"city": 24000},
}
MEMBERSHIP: dict[str, Any] = {
    "goals": ["attraktiv"],
    "directions": ["bevakning_paverkan"],
    "benefit": "Jämförelser med andra storstäder om kollektivtrafik och klimat",
    "subject_area": "klimat och kollektivtrafik",
    "scope": "unit_specific",
    "representative": "Miljöförvaltningens direktör",
    "contribution": "Staden leder arbetsgruppen för klimatanpassning",
    "participation": "active",
    "cost_sek": 45000,
}


def decided(
    unit: Unit,
    *,
    kind: str = Kind.TRIP,
    title: str = "Studieresa om klimatanpassning till Köpenhamn",
    submitted_on: datetime.date = datetime.date(2026, 4, 1),
    decided_on: datetime.date = datetime.date(2026, 4, 20),
    outcome: str = "approved",
    **values: Any,
) -> Engagement:
    """A matter of ``unit`` decided as ``outcome`` by the body its assessment names (any advice against it
    recorded as a deviation with a reason)."""
    defaults = TRIP if kind == Kind.TRIP else MEMBERSHIP if kind == Kind.MEMBERSHIP else {}
    engagement = engagement_register(
        actor=None, kind=kind, title=title, unit=unit, today=submitted_on, **{**defaults, **values}
    )
    engagement_submit(actor=None, engagement=engagement, as_of=submitted_on)
    engagement.refresh_from_db()
    decision_record(
        actor=None,
        engagement=engagement,
        outcome=outcome,
        decided_on=decided_on,
        minutes_reference="Protokoll 2026:4, § 12",
        body=engagement.deciding_body,
        deviation_reason="Nämnden bedömde underlaget som tillräckligt.",
    )
    engagement.refresh_from_db()
    return engagement


def trip(unit: Unit, **values: Any) -> Engagement:
    """An approved study trip that ended on 10 May 2026."""
    values.setdefault("starts_on", datetime.date(2026, 5, 6))
    values.setdefault("ends_on", datetime.date(2026, 5, 10))
    return decided(unit, kind=Kind.TRIP, **values)


def membership(unit: Unit, **values: Any) -> Engagement:
    """An approved membership of ``unit``'s own, begun in 2023 and never reviewed."""
    values.setdefault("title", "Medlemskap i Eurocities arbetsgrupp för miljö")
    values.setdefault("starts_on", datetime.date(2023, 2, 1))
    return decided(unit, kind=Kind.MEMBERSHIP, **values)
