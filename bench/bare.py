"""The yardstick for the policy engine: the 2008 rules as a few plain functions, no reasons.

``assess(data, day)`` gives ``(outcome, decided_by)`` for a validated engagement, reading the same
facts as the engine (the same geography and role vocabulary) but with the parameters written in and
no reasons, citations, questions or tables. ``policy_bench.py`` checks that it agrees with the engine
on every engagement before it times either, so the ratio compares like with like.

Run as a script over a JSON Lines file it is the end-to-end yardstick: parse each line, assess it,
print ``{"outcome", "decided_by"}``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

import orjson

from omvarld import geo
from omvarld.policy.engine import today
from omvarld.policy.roles import classify

OK, NOT, NEEDS = "fulfilled", "not_fulfilled", "needs_info"
THRESHOLD = 10_000_000
REVIEW_YEARS = 4
SIGNIFICANT = {
    "keynote_speaker", "speaker", "lecturer", "presenter", "panelist", "moderator", "chair",
    "session_leader", "jury_member", "host",
}  # fmt: skip
CONTESTED = {("IL", "Jerusalem"), ("PS", "East Jerusalem")}
UNRECOGNISED = {"TW"}
CITY_GOVERNMENT = set(
    "greater authority metropolitan government city of the municipality municipal council mayor mayors "
    "office administration senate senat von land freie und hansestadt stad staden stads kommun kommune "
    "kommunen stadt ville de la le di del citta ciudad ayuntamiento gemeente hlavni mesto miasto "
    "stoleczne fovaros capital".split()
)
GENERAL = set(
    "allmant allman allmanna generellt generell generella general generic overgripande brett bred breda "
    "samarbete samarbeten samverkan cooperation co operation collaboration partnerskap partnership "
    "utbyte utbyten exchange exchanges vanskap vanskapsband friendship relationer relations kontakter "
    "contacts alla allt samtliga flera olika diverse ovriga ovrigt all any every various several multiple "
    "omraden omrade sakomraden sakomrade fragor fields field areas area topics sectors sektorer inom och "
    "i pa for med av mellan staderna stader the and in of between cities etc mm m fl".split()
)
BODY = {
    "kommunstyrelsen": "kommunstyrelsen",
    "namnd": "namnd",
    "stadsdelsnamnd": "namnd",
    "bolag": "bolagsstyrelse",
}
_WORDS = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _all(*values: str) -> str:
    return NOT if NOT in values else NEEDS if NEEDS in values else OK


def _past(value: object, day: date) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    d = date.fromisoformat(value.strip())
    return d if d <= day else None


def capital(cp: Mapping[str, Any]) -> str:
    """The capitals rule on a counterpart abroad that is a place."""
    ctype, city, country = _text(cp.get("type")), _text(cp.get("city")), _text(cp.get("country"))
    if ctype == "region":
        rest = " ".join(w for w in _WORDS.findall(_fold(cp.get("name") or "")) if w not in CITY_GOVERNMENT)
        same = (
            rest
            and city
            and (
                geo.normalise_name(rest) == geo.normalise_name(city)
                or (geo.resolve_city(rest, country) or 0) == geo.resolve_city(city, country)
            )
        )
        if not rest or (city and not same):
            return NOT
        city = city or rest
    if city is None or country is None:
        return NEEDS
    country = country.upper()
    if country in UNRECOGNISED:
        return NEEDS
    if not geo.is_sovereign(country):
        return NOT
    place = geo.resolve_city(city, country)
    key = geo.normalise_name(city)
    for c_country, c_city in CONTESTED:
        other = geo.resolve_city(c_city, c_country)
        if key == geo.normalise_name(c_city) or (place and other and place.geonameid == other.geonameid):
            return NEEDS
    capitals = geo.capitals_of(country)
    if place is not None:
        return OK if any(c.geonameid == place.geonameid for c in capitals) else NOT
    if any(key in (geo.normalise_name(c.name), geo.normalise_name(c.swedish_name)) for c in capitals):
        return OK
    return NOT if capitals else NEEDS


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def rules(e: Mapping[str, Any], kind: str, subject: str, day: date, unit_body_decides: bool) -> list[str]:
    """The verdicts of the blocking rules that apply."""
    out = [
        OK if e.get("goals") else NEEDS,
        OK if _text(e.get("benefit")) else NEEDS,
        OK if e.get("directions") else NEEDS,
        NOT if e.get("foreign_policy_stance") is True else OK,
    ]
    kinds = {kind, subject}
    if subject == "aid" or e.get("aid_character") is True:
        cost, ext = e.get("cost_sek"), e.get("external_funding_sek")
        out.append(NEEDS if cost is None or ext is None else OK if ext >= cost else NOT)
    subject_area = _text(e.get("subject_area"))
    if "membership" in kinds:
        participation = _text(e.get("participation"))
        out.append(
            NOT
            if participation == "passive"
            else OK
            if _text(e.get("representative")) and _text(e.get("contribution"))
            else NEEDS
        )
        if kind == "membership":
            last = _past(e.get("last_review"), day) or _past(e.get("start_date"), day)
            out.append(OK if last is not None and day <= _add_years(last, REVIEW_YEARS) else NEEDS)
        out.append(OK if _text(e.get("scope")) else NEEDS)
    if kinds & {"membership", "agreement", "request", "eu_project"}:
        out.append(OK if subject_area else NEEDS)
    if "trip" in kinds and "verksamhetsutveckling" in (e.get("directions") or []):
        out.append(OK if _text(e.get("learning_objective")) else NEEDS)
    if "eu_project" in kinds:
        out.append(OK if _text(e.get("plan_reference")) else NEEDS)
    if "agreement" in kinds:
        atype = _text(e.get("agreement_type"))
        out.append(NEEDS if atype is None else NOT if atype == "twin_city" else OK)
        cp = e.get("counterpart") or {}
        country = (_text(cp.get("country")) or "").upper()
        if country != "SE" and _text(cp.get("type")) in (None, "city", "region"):
            out.append(capital(cp))
        specific = (
            None
            if subject_area is None
            else any(w not in GENERAL for w in _WORDS.findall(_fold(subject_area)))
        )
        mutual = OK if _text(e.get("mutual_benefit")) else NEEDS
        out.append(NOT if specific is False else _all(OK if specific else NEEDS, mutual))
    if "eu_policy" in kinds:
        out.append(OK if e.get("responsible_units") else NEEDS)
        out.append(OK if _text(e.get("scope")) or len(set(e.get("affected_units") or ())) >= 2 else NEEDS)
    if kind == "request" and _text(e.get("origin")) != "motion":
        out.append(OK if _text(e.get("requested_kind")) else NEEDS)
    if "communication" in kinds:
        out.append(OK if e.get("brand_used") is True else NOT)
    if kinds & {"invitation", "trip", "visit"}:
        other = someone_else_pays(e)
        if kinds & {"invitation", "trip"}:
            journey, stay = _text(e.get("travel_paid_by")), _stay(e)
            if not (journey == "none" and stay == "none"):
                if other is None:
                    out.append(NEEDS)
                else:
                    out.append(_exception(e) if other else OK)
            if other is True:
                out.append(_exception(e))
        receives = (
            e.get("hospitality_offered") is True
            if subject == "visit"
            else True
            if other is True or e.get("hospitality_offered") is True
            else None
        )
        if receives is True:
            out.append(OK if e.get("bribery_assessment_done") is True else NEEDS)
    if unit_body_decides:
        out.append(OK if _text((e.get("unit") or {}).get("type")) else NEEDS)
    return out


def _stay(e: Mapping[str, Any]) -> str | None:
    return _text(e.get("accommodation_paid_by")) or _text(e.get("travel_paid_by"))


def someone_else_pays(e: Mapping[str, Any]) -> bool | None:
    journey, stay = _text(e.get("travel_paid_by")), _stay(e)
    values = [None if p is None else p in ("inviter", "other") for p in (journey, stay)]
    return True if True in values else None if None in values else False


def _significant(e: Mapping[str, Any]) -> bool | None:
    role = _text(e.get("role"))
    found = classify(role) if role else None
    return None if found is None else found.id in SIGNIFICANT


def _exception(e: Mapping[str, Any]) -> str:
    significant = _significant(e)
    reasons = OK if _text(e.get("special_reasons")) else NEEDS
    return NOT if significant is False else _all(OK if significant else NEEDS, reasons)


def decided_by(e: Mapping[str, Any], kind: str, subject: str) -> str:
    """The decision row, first match, with the unit's body for ``unit_body``."""
    unit_type = _text((e.get("unit") or {}).get("type"))
    unit = BODY.get(unit_type or "", "kommunstyrelsen")
    if kind == "request" and _text(e.get("origin")) == "motion":
        return "kommunfullmaktige"
    scope = _text(e.get("scope"))
    major = e.get("major_engagement") is True or (e.get("cost_sek") or 0) >= THRESHOLD
    if subject == "agreement":
        return "kommunstyrelsen"
    if subject == "membership":
        return unit if scope == "unit_specific" else "kommunstyrelsen"
    if subject == "eu_policy":
        if scope == "citywide" or len(set(e.get("affected_units") or ())) > 1:
            return "kommunstyrelsen"
        return unit if scope == "unit_specific" else "kommunstyrelsen"
    if major:
        return "kommunstyrelsen"
    if subject == "invitation":
        sought = someone_else_pays(e) is True and _significant(e) is True
        return unit if sought else "internationella_beredningen"
    return unit


def assess(e: Mapping[str, Any], day: date) -> tuple[str, str]:
    """``(outcome, decided_by)`` of a validated engagement under the 2008 strategy."""
    kind = e["kind"]
    subject = (_text(e.get("requested_kind")) or kind) if kind == "request" else kind
    decider = decided_by(e, kind, subject)
    unit_row = decider in ("namnd", "bolagsstyrelse") or (
        decider == "kommunstyrelsen" and _unit_body_row(e, kind, subject)
    )
    verdicts = rules(e, kind, subject, day, unit_row)
    outcome = "reject" if NOT in verdicts else "incomplete" if NEEDS in verdicts else "approve"
    return outcome, decider


def _unit_body_row(e: Mapping[str, Any], kind: str, subject: str) -> bool:
    """Whether KS was named as the unit's own body (the unit is KS) rather than by a KS row."""
    unit_type = _text((e.get("unit") or {}).get("type"))
    if unit_type not in (None, "kommunstyrelsen"):
        return False
    if kind == "request" and _text(e.get("origin")) == "motion":
        return False
    major = e.get("major_engagement") is True or (e.get("cost_sek") or 0) >= THRESHOLD
    scope = _text(e.get("scope"))
    if subject == "agreement":
        return False
    if subject == "membership":
        return scope == "unit_specific"
    if subject == "eu_policy":
        return scope == "unit_specific" and len(set(e.get("affected_units") or ())) <= 1
    if major:
        return False
    if subject == "invitation":
        return someone_else_pays(e) is True and _significant(e) is True
    return True


def main(path: str) -> None:
    day = today()
    out = sys.stdout.buffer
    parts: list[bytes] = []
    with open(path, "rb") as f:
        for line in f:
            e = orjson.loads(line)
            own = e.get("as_of")
            outcome, decider = assess(e, date.fromisoformat(own) if own else day)
            parts.append(orjson.dumps({"outcome": outcome, "decided_by": decider}) + b"\n")
            if len(parts) >= 1000:
                out.write(b"".join(parts))
                parts.clear()
    out.write(b"".join(parts))


if __name__ == "__main__":
    main(sys.argv[1])
