"""Engagements shared by the policy tests (not a test module itself).

* :func:`case_inputs` — the inputs of the project's cases (``omvarld.policy.cases``);
* :data:`UNITS` — real units of the city (the bundled organisation register), one per line of it, so
  that reasons are rendered with the names officers will see;
* :data:`engagements` — a hypothesis strategy over the whole interchange format;
* :func:`every_wording` — a deterministic set that drives every rule of every shipped version to each
  of its verdicts and to each wording of its reasons (``test_reasons`` proves that it does).
"""

from __future__ import annotations

import csv
import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from tests.policy.conftest import base

from omvarld.policy import cases
from omvarld.policy.interchange import COUNTERPART_TYPES, DIRECTIONS, GOALS, KINDS, PAYERS, UNIT_TYPES

Engagement = dict[str, Any]
CASES_DIR = cases.CASES_DIR
# The organisation register omvarld.organisation loads (read here without Django).
UNITS_FILE = Path(__file__).parents[2] / "src" / "omvarld" / "organisation" / "data" / "stockholm.csv"
REQUESTABLE = tuple(k for k in KINDS if k != "request")


def case_inputs() -> list[tuple[str, Engagement]]:
    """``(policy, input)`` of every case of the project."""
    return [
        (path.parent.name, json.loads(path.read_text(encoding="utf-8"))["input"])
        for path in sorted(CASES_DIR.glob("*/*.json"))
    ]


def _units() -> list[dict[str, str]]:
    with UNITS_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        {"code": r["code"], "name": r["name"], "type": r["type"]} for r in rows if r["type"] in UNIT_TYPES
    ]


UNITS = _units()

# Counterparts of every sort the capitals rule and the advisory rules distinguish.
COUNTERPARTS: tuple[dict[str, str], ...] = (
    {"name": "Rigas stad", "type": "city", "city": "Riga", "country": "LV"},
    {"name": "Helsingfors stad", "type": "city", "city": "Helsingfors", "country": "FI"},
    {"name": "S:t Petersburg", "type": "city", "city": "S:t Petersburg", "country": "RU"},
    {"name": "Toronto", "type": "city", "city": "Toronto", "country": "CA"},
    {"name": "Cannes", "type": "city", "city": "Cannes", "country": "FR"},
    {"name": "Tel Aviv-Yafo", "type": "city", "city": "Tel Aviv", "country": "IL"},
    {"name": "Gemeente Den Haag", "type": "city", "city": "Den Haag", "country": "NL"},
    {"name": "La Paz", "type": "city", "city": "La Paz", "country": "BO"},
    {"name": "Hongkong", "type": "city", "city": "Hongkong", "country": "HK"},
    {"name": "Mariehamns stad", "type": "city", "city": "Mariehamn", "country": "AX"},
    {"name": "Marigot", "type": "city", "city": "Marigot", "country": "MF"},
    {"name": "Jerusalem", "type": "city", "city": "Jerusalem", "country": "IL"},
    {"name": "Östra Jerusalem", "type": "city", "city": "Östra Jerusalem", "country": "PS"},
    {"name": "Taipei City Government", "type": "city", "city": "Taipei", "country": "TW"},
    {"name": "Greater London Authority", "type": "region", "city": "London", "country": "GB"},
    {"name": "Land Berlin", "type": "region", "country": "DE"},
    {"name": "Comunidad de Madrid", "type": "region", "city": "Madrid", "country": "ES"},
    {"name": "Île-de-France", "type": "region", "city": "Paris", "country": "FR"},
    {"type": "region", "country": "FR"},
    {"type": "city", "country": "KE"},
    {"type": "organisation"},
    {"name": "Eurocities", "type": "organisation", "city": "Bryssel", "country": "BE"},
    {"name": "KTH-partner", "type": "university", "city": "Boston", "country": "US"},
    {"name": "Ericsson", "type": "company", "city": "Stockholm", "country": "SE"},
    {"name": "Sida", "type": "state_agency", "city": "Stockholm", "country": "SE"},
    {"name": "Göteborgs stad", "type": "city", "city": "Göteborg", "country": "SE"},
    {"name": "Suleimanya", "city": "Ingenstans-by", "country": "IQ"},
    {"name": "Oslo", "city": "Oslo", "country": "NO"},
    {"name": "Okänd ort", "type": "city", "city": "Riga"},
    {"name": "Lettisk partner", "type": "city", "country": "LV"},
    {"city": "Mombasa", "country": "KE"},
)


def every_wording() -> list[Engagement]:
    """Engagements that together reach every verdict and every wording of every shipped rule."""
    out: list[Engagement] = []
    units = itertools.cycle(UNITS)

    def add(kind: str, **fields: Any) -> None:
        fields.setdefault("unit", next(units))
        out.append(base(kind, **fields))

    for kind in KINDS:
        add(kind)
        add(kind, goals=[], benefit=None, directions=None, foreign_policy_stance=True)
        add(kind, unit={"code": "X", "name": "Enheten utan typ"})
        add(kind, major_engagement=True)
        add(kind, unit={"code": "X"}, cost_sek=10_000_000)
        add(kind, directions=["positionering", "bevakning_paverkan"], goals=list(GOALS))
    for requested in REQUESTABLE:
        for origin in ("external", "motion", None):
            add("request", origin=origin, requested_kind=requested, subject_area="miljö")
    add("request", origin="external")
    add("request", origin="motion")
    add("request")

    # aid-type work, fully, partly or not stated financed
    for cost, funding in itertools.product((None, 0, 100, 2_500_000), (None, 0, 99, 2_500_000)):
        add("aid", cost_sek=cost, external_funding_sek=funding)
        add("visit", aid_character=True, cost_sek=cost, external_funding_sek=funding)

    # counterparts, for every kind whose rules look at them
    for counterpart in COUNTERPARTS:
        add("agreement", agreement_type="cooperation", subject_area="miljö", mutual_benefit="Utbyte.",
            counterpart=counterpart)  # fmt: skip
        add("agreement", agreement_type="twin_city", counterpart=counterpart)
        add("request", origin="external", requested_kind="agreement", counterpart=counterpart)
        add("membership", scope="citywide", counterpart=counterpart)
        add("trip", travel_paid_by="city", counterpart=counterpart)
    for agreement_type in ("cooperation", "twin_city", None):
        add("agreement", agreement_type=agreement_type)
    for subject, benefit in itertools.product(("miljö", "allmänt samarbete", None), ("Utbyte.", None)):
        add("agreement", agreement_type="cooperation", subject_area=subject, mutual_benefit=benefit)
    for subject in ("IT och informationssamhället", "kultur", None):
        add("eu_project", subject_area=subject, plan_reference="VP 2026:3")
        add("eu_project", subject_area=subject)

    # memberships: participation, representation, scope and review dates
    for participation, representative, contribution in itertools.product(
        ("active", "passive", None), ("Miljödirektören", None), ("Leder en arbetsgrupp.", None)
    ):
        add("membership", participation=participation, representative=representative,
            contribution=contribution, scope="unit_specific")  # fmt: skip
    for start, review in itertools.product(
        ("2010-01-01", "2022-11-26", "2030-01-01", None), ("2022-11-26", "2022-11-25", "2027-01-01", None)
    ):
        add("membership", scope="citywide", start_date=start, last_review=review)
    add("membership", scope="citywide", last_review="2022-11-26", as_of="2026-11-27")

    # EU positions
    for scope, affected, responsible in itertools.product(
        ("citywide", "unit_specific", None), ([], ["MHN"], ["MHN", "MHN"], ["MHN", "TN"]), (["MHN"], [])
    ):
        add("eu_policy", scope=scope, affected_units=affected, responsible_units=responsible)

    # trips and learning
    for directions, objective in itertools.product(
        (["verksamhetsutveckling"], ["positionering"]), ("Lära av Oslo.", None)
    ):
        add("trip", travel_paid_by="city", directions=directions, learning_objective=objective)

    # communication
    for brand in (True, False, None):
        add("communication", brand_used=brand)

    # invitations, trips and visits: who pays the journey and the stay, the role, reasons, bribery
    roles = ("talare", "keynote speaker", "deltagare", "observer", "jonglör", None)
    for kind, journey, stay, role, reasons, done, hospitality in itertools.product(
        ("invitation", "trip", "visit"),
        (*PAYERS, None),
        (*PAYERS, None),
        roles,
        ("Huvudtalare vid konferensen.", None),
        (True, False),
        (True, False),
    ):
        if kind != "invitation" and (role not in ("talare", None) or hospitality is False):
            continue
        add(kind, travel_paid_by=journey, accommodation_paid_by=stay, role=role, special_reasons=reasons,
            bribery_assessment_done=done, hospitality_offered=hospitality)  # fmt: skip
    return out


# ---------------------------------------------------------------- hypothesis

_text = st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=20))
_money = st.one_of(st.none(), st.integers(0, 50_000_000), st.floats(0, 5e7, allow_nan=False))
_boolean = st.one_of(st.none(), st.booleans())
_day = st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)).map(date.isoformat)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


engagements: st.SearchStrategy[Engagement] = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={
        "title": _text,
        "unit": _optional(
            st.one_of(
                st.sampled_from(UNITS),
                st.fixed_dictionaries(
                    {},
                    optional={"code": _text, "name": _text, "type": _optional(st.sampled_from(UNIT_TYPES))},
                ),
            )
        ),
        "goals": _optional(st.lists(st.sampled_from(GOALS), max_size=3)),
        "directions": _optional(st.lists(st.sampled_from(DIRECTIONS), max_size=3)),
        "benefit": _text,
        "subject_area": st.one_of(_text, st.sampled_from(["miljö", "allmänt samarbete", "alla områden"])),
        "counterpart": _optional(
            st.one_of(
                st.sampled_from(COUNTERPARTS),
                st.fixed_dictionaries(
                    {},
                    optional={
                        "name": _text,
                        "type": _optional(st.sampled_from(COUNTERPART_TYPES)),
                        "city": st.sampled_from(["Riga", "Köpenhamn", "Nuuk", "Taipei", "Jerusalem", ""]),
                        "country": st.sampled_from(["LV", "DK", "GL", "TW", "IL", "PS", "SE", "de", None]),
                    },
                ),
            )
        ),
        "scope": _optional(st.sampled_from(["citywide", "unit_specific"])),
        "affected_units": _optional(st.lists(st.sampled_from(["MHN", "TN", "SBN"]), max_size=3)),
        "responsible_units": _optional(st.lists(st.sampled_from(["MHN", "TN"]), max_size=2)),
        "cost_sek": _money,
        "external_funding_sek": _money,
        "aid_character": _boolean,
        "foreign_policy_stance": _boolean,
        "major_engagement": _boolean,
        "origin": _optional(st.sampled_from(["external", "motion"])),
        "requested_kind": _optional(st.sampled_from(REQUESTABLE)),
        "agreement_type": _optional(st.sampled_from(["cooperation", "twin_city"])),
        "mutual_benefit": _text,
        "travel_paid_by": _optional(st.sampled_from(PAYERS)),
        "accommodation_paid_by": _optional(st.sampled_from(PAYERS)),
        "participation": _optional(st.sampled_from(["active", "passive"])),
        "hospitality_offered": _boolean,
        "role": st.one_of(
            _text, st.sampled_from(["speaker", "deltagare", "sitter i juryn", "Talare", "jonglör", "gäst"])
        ),
        "special_reasons": _text,
        "bribery_assessment_done": _boolean,
        "learning_objective": _text,
        "plan_reference": _text,
        "representative": _text,
        "contribution": _text,
        "start_date": _optional(_day),
        "last_review": _optional(_day),
        "brand_used": _boolean,
        "as_of": st.one_of(
            st.none(), st.dates(min_value=date(1999, 1, 1), max_value=date(2040, 1, 1)).map(date.isoformat)
        ),
    },
)
