"""The one mapping from a stored engagement to the policy engine's facts (``policy.interchange``).

What the register stores and what the engine reads are kept in step here and nowhere else: the live
assessment, the stored assessment, and ``omvarld export register --format interchange`` all call
``facts_of``, so that assessing the exported file reproduces every stored outcome.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

from omvarld.engagements.models import Engagement, FundingSource, Kind
from omvarld.organisation.models import Unit, UnitType
from omvarld.policy.interchange import FIELDS

# The engine knows four types of owning unit; the city's other bodies act through the one above them
# (internationella beredningen and stadsledningskontoret through KS).
POLICY_UNIT_TYPES: Final[dict[str, str]] = {
    UnitType.EXECUTIVE_BOARD: "kommunstyrelsen",
    UnitType.COMMITTEE: "namnd",
    UnitType.DISTRICT_COMMITTEE: "stadsdelsnamnd",
    UnitType.COMPANY: "bolag",
    UnitType.HOLDING_COMPANY: "bolag",
}

# Interchange fields read from the engagement's column of the same name.
TEXT_FIELDS: Final = (
    "benefit",
    "subject_area",
    "mutual_benefit",
    "role",
    "special_reasons",
    "learning_objective",
    "plan_reference",
    "representative",
    "contribution",
)
CHOICE_FIELDS: Final = (
    "scope",
    "origin",
    "requested_kind",
    "agreement_type",
    "travel_paid_by",
    "accommodation_paid_by",
    "participation",
)
BOOL_FIELDS: Final = (
    "aid_character",
    "foreign_policy_stance",
    "major_engagement",
    "hospitality_offered",
    "bribery_assessment_done",
    "brand_used",
)
LIST_FIELDS: Final = ("goals", "directions", "affected_units", "responsible_units")
# Columns that are interchange fields; ``start_date`` is the membership's ``starts_on``.
POLICY_COLUMNS: Final = (*TEXT_FIELDS, *CHOICE_FIELDS, *BOOL_FIELDS, *LIST_FIELDS, "cost_sek", "last_review")


def applies(field_name: str, kind: str, requested_kind: str = "") -> bool:
    """Does the interchange field concern an engagement of ``kind``? A request is also judged by the
    rules of the kind it asks for, so that kind's fields concern it as well."""
    kinds = FIELDS[field_name].kinds
    return not kinds or kind in kinds or (kind == Kind.REQUEST and requested_kind in kinds)


@lru_cache(maxsize=256)
def _columns_for(kind: str, requested_kind: str | None) -> tuple[str, ...]:
    """The policy columns that concern ``kind`` (asked for every matter read into facts: a register's
    kinds and requested kinds are a handful)."""
    return tuple(name for name in POLICY_COLUMNS if applies(name, kind, requested_kind or ""))


def column_applies(column: str, kind: str, requested_kind: str = "") -> bool:
    """Does the engagement's ``column`` concern ``kind``? Columns that are no interchange field (the
    description, the dates, the travellers) concern every kind."""
    if column in POLICY_COLUMNS:
        return applies(column, kind, requested_kind)
    return True


def policy_unit(unit: Unit, ancestors: Mapping[int, Unit] | None = None) -> Unit | None:
    """The unit whose type the engine knows: ``unit`` itself, or the nearest unit above it."""
    seen: set[int] = set()
    current: Unit | None = unit
    while current is not None and current.pk not in seen:
        if current.type in POLICY_UNIT_TYPES:
            return current
        seen.add(current.pk)
        parent_id = current.parent_id
        if parent_id is None:
            return None
        current = ancestors.get(parent_id) if ancestors is not None else current.parent
    return None


def unit_facts(unit: Unit, ancestors: Mapping[int, Unit] | None = None) -> dict[str, Any]:
    acting = policy_unit(unit, ancestors)
    facts: dict[str, Any] = {"code": unit.code, "name": unit.name}
    if acting is not None:
        facts["type"] = POLICY_UNIT_TYPES[acting.type]
    return facts


def external_funding(shares: Iterable[tuple[str, int]]) -> int | None:
    """The kronor others pay (the EU, Sida, the inviter …); None when no funding is stated at all."""
    stated = list(shares)
    if not stated:
        return None
    return sum(amount for source, amount in stated if source != FundingSource.CITY)


def facts_of(
    engagement: Engagement,
    *,
    as_of: datetime.date | None = None,
    ancestors: Mapping[int, Unit] | None = None,
) -> dict[str, Any]:
    """The engagement as the engine reads it: every stated value of a field that concerns its kind.

    Reads ``engagement.unit`` (and the units above it, from ``ancestors`` when given) and its
    counterpart (joined by the selectors, so a list of engagements costs no query per row).
    """
    kind, requested = engagement.kind, engagement.requested_kind
    facts: dict[str, Any] = {"kind": kind, "title": engagement.title}
    if engagement.unit_id is not None:
        facts["unit"] = unit_facts(engagement.unit, ancestors)
    counterpart = engagement.counterpart
    if counterpart is not None:
        facts["counterpart"] = {
            "name": counterpart.name,
            "type": counterpart.type,
            "country": counterpart.country,
            **({"city": counterpart.city} if counterpart.city else {}),
        }
    for name in _columns_for(kind, requested):
        value = getattr(engagement, name)
        if value is None or value == "" or value == []:
            continue
        facts[name] = value.isoformat() if isinstance(value, datetime.date) else value
    if engagement.starts_on is not None and applies("start_date", kind, requested):
        facts["start_date"] = engagement.starts_on.isoformat()
    funding = external_funding(engagement.funding.items())
    if funding is not None:
        facts["external_funding_sek"] = funding
    if as_of is not None:
        facts["as_of"] = as_of.isoformat()
    return facts
