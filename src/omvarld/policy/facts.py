"""Facts: named, typed questions about one engagement, answered by Python functions.

A fact reads the interchange dict (and the policy's parameters) and returns a value, or ``None``
when the engagement does not say ("unknown"). Conditions in the policy files name facts; the
evaluator turns an unknown that matters into ``needs_info`` and asks the fact's ``question``,
pointing at the input ``field`` that answers it.

Add a fact with the :func:`fact` decorator::

    @fact("counterpart_in_sweden", field="counterpart.country")
    def _counterpart_in_sweden(ctx: Context) -> bool:
        return _country(ctx) == "SE"

Facts are computed lazily and at most once per assessment (``Context.get`` caches them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from omvarld.policy.interchange import BOOL_FIELDS, parse_date

if TYPE_CHECKING:
    from omvarld.geo import Place
    from omvarld.policy.model import PolicyVersion

FactFn = Callable[["Context"], Any]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A registered fact: its function, the input field that answers it and the Swedish question."""

    name: str
    fn: FactFn
    field: str | None
    question: str | None
    description: str
    needs: tuple[str, ...] = ()


FACTS: dict[str, FactSpec] = {}
_MISSING: Any = object()


def fact(
    name: str, *, field: str | None = None, question: str | None = None, needs: tuple[str, ...] = ()
) -> Callable[[FactFn], FactFn]:
    """Register the decorated function as the fact ``name``. ``needs`` names the facts that, when
    unknown, make this one unknown: the engine then asks their question instead."""

    def register(fn: FactFn) -> FactFn:
        if name in FACTS:
            raise ValueError(f"fact {name!r} is registered twice")
        FACTS[name] = FactSpec(name, fn, field, question, (fn.__doc__ or "").strip(), needs)
        return fn

    return register


class Context:
    """One engagement being assessed under one version on one date: the facts' shared state."""

    __slots__ = ("as_of", "cache", "data", "params", "version")

    def __init__(
        self, data: Mapping[str, Any], as_of: date, params: Mapping[str, Any], version: PolicyVersion
    ) -> None:
        self.data = data
        self.as_of = as_of
        self.params = params
        self.version = version
        self.cache: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        value = self.cache.get(name, _MISSING)
        if value is _MISSING:
            value = self.cache[name] = FACTS[name].fn(self)
        return value


# ---------------------------------------------------------------- helpers


def _text(value: object) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _list(value: object) -> list[str] | None:
    if isinstance(value, list) and value:
        return value
    return None


def _number(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _sub(ctx: Context, obj: str, key: str) -> str | None:
    inner = ctx.data.get(obj)
    if isinstance(inner, Mapping):
        return _text(inner.get(key))
    return None


def _and(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _or(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _text_fact(name: str, question: str) -> None:
    def get(ctx: Context) -> str | None:
        return _text(ctx.data.get(name))

    get.__doc__ = f"The stated ``{name}`` (text), or unknown."
    fact(name, field=name, question=question)(get)


def _enum_fact(name: str, question: str) -> None:
    _text_fact(name, question)


def _list_fact(name: str, question: str) -> None:
    def get(ctx: Context) -> list[str] | None:
        return _list(ctx.data.get(name))

    get.__doc__ = f"The stated ``{name}`` (a non-empty list), or unknown."
    fact(name, field=name, question=question)(get)


def _bool_fact(name: str) -> None:
    def get(ctx: Context) -> bool:
        return ctx.data.get(name) is True

    get.__doc__ = f"``{name}`` (absent means false)."
    fact(name, field=name)(get)


def _number_fact(name: str, question: str) -> None:
    def get(ctx: Context) -> float | int | None:
        return _number(ctx.data.get(name))

    get.__doc__ = f"The stated ``{name}`` (SEK), or unknown."
    fact(name, field=name, question=question)(get)


# ---------------------------------------------------------------- plain fields

for _name, _question in {
    "title": "Vad heter ärendet?",
    "benefit": "Vilken konkret nytta ger engagemanget stockholmarna?",
    "subject_area": "Vilket sakområde gäller engagemanget (t.ex. miljö, IT, stadsplanering)?",
    "mutual_benefit": "Vilken ömsesidig nytta ger avtalet båda parter?",
    "role": "Vilken roll har stadens representant (talare, paneldeltagare, moderator, deltagare …)?",
    "special_reasons": "Vilka synnerliga skäl finns för att någon annan än staden betalar resan?",
    "learning_objective": "Vad ska resan lära oss, och av vem?",
    "plan_reference": "Vilken punkt i verksamhetsplanen knyter EU-projektet till?",
    "representative": "Vem representerar staden i organisationen?",
    "contribution": "Vilken aktiv insats planerar staden i organisationen?",
}.items():
    _text_fact(_name, _question)

for _name, _question in {
    "scope": "Är frågan stadsövergripande (citywide) eller verksamhetsspecifik (unit_specific)?",
    "origin": "Kommer förfrågan utifrån (external) eller är den en motion (motion)?",
    "requested_kind": "Vilket slags engagemang efterfrågas (t.ex. agreement)?",
    "agreement_type": "Är avtalet ett samarbetsavtal (cooperation) eller ett vänortsavtal (twin_city)?",
    "travel_paid_by": "Vem betalar resan: staden (city), den som bjuder in (inviter) eller annan (other)?",
}.items():
    _enum_fact(_name, _question)

for _name, _question in {
    "goals": "Vilka av kommunfullmäktiges inriktningsmål stöder engagemanget "
    "(attraktiv, kvalitet, kostnadseffektiv)?",
    "directions": "Vilken inriktning har engagemanget "
    "(positionering, verksamhetsutveckling, bevakning_paverkan)?",
    "responsible_units": "Vilken eller vilka enheter ansvarar för bevakningen av EU-policyområdet?",
    "affected_units": "Vilka enheters verksamhet påverkas av EU-initiativet?",
}.items():
    _list_fact(_name, _question)

for _name in sorted(BOOL_FIELDS):
    _bool_fact(_name)

_number_fact("cost_sek", "Vad kostar engagemanget totalt (kronor)?")
_number_fact("external_funding_sek", "Hur mycket finansieras av andra parter, t.ex. EU eller Sida (kronor)?")


@fact("kind")
def _kind(ctx: Context) -> str:
    """The engagement kind."""
    kind: str = ctx.data["kind"]
    return kind


_GOAL_SV = {
    "attraktiv": "en attraktiv, trygg och växande stad",
    "kvalitet": "kvalitet och valfrihet",
    "kostnadseffektiv": "kostnadseffektiva verksamheter",
}
_DIRECTION_SV = {
    "positionering": "positionering",
    "verksamhetsutveckling": "verksamhetsutveckling",
    "bevakning_paverkan": "bevakning och påverkan",
}


@fact("goals_sv", field="goals")
def _goals_sv(ctx: Context) -> list[str] | None:
    """The council goals in Swedish words."""
    goals = ctx.get("goals")
    return [_GOAL_SV.get(g, g) for g in goals] if goals else None


@fact("directions_sv", field="directions")
def _directions_sv(ctx: Context) -> list[str] | None:
    """The directions in Swedish words."""
    directions = ctx.get("directions")
    return [_DIRECTION_SV.get(d, d) for d in directions] if directions else None


@fact("affected_unit_count", field="affected_units")
def _affected_unit_count(ctx: Context) -> int | None:
    """How many units an EU initiative affects (unknown when none are listed)."""
    units = ctx.get("affected_units")
    return len(set(units)) if units else None


# ---------------------------------------------------------------- unit and authority

_UNIT_BODY = {
    "kommunstyrelsen": "kommunstyrelsen",
    "namnd": "namnd",
    "stadsdelsnamnd": "namnd",
    "bolag": "bolagsstyrelse",
}
BODY_SV = {
    "kommunfullmaktige": "kommunfullmäktige",
    "kommunstyrelsen": "kommunstyrelsen",
    "internationella_beredningen": "internationella beredningen",
    "namnd": "nämnden",
    "bolagsstyrelse": "bolagsstyrelsen",
}


@fact(
    "unit_type",
    field="unit.type",
    question="Vilken typ av enhet äger ärendet (kommunstyrelsen, namnd, stadsdelsnamnd, bolag)?",
)
def _unit_type(ctx: Context) -> str | None:
    """The owning unit's type as given."""
    return _sub(ctx, "unit", "type")


@fact("unit_name", field="unit.name")
def _unit_name(ctx: Context) -> str | None:
    """The owning unit's name (or code)."""
    return _sub(ctx, "unit", "name") or _sub(ctx, "unit", "code")


@fact(
    "unit_body",
    field="unit.type",
    question="Vilken typ av enhet äger ärendet (kommunstyrelsen, namnd, stadsdelsnamnd, bolag)?",
)
def _unit_body(ctx: Context) -> str | None:
    """The unit's own decision body: ``namnd`` (committee or district committee), ``bolagsstyrelse``
    (company board) or ``kommunstyrelsen``; unknown for a missing or unrecognised unit type."""
    unit_type = ctx.get("unit_type")
    return _UNIT_BODY.get(unit_type) if unit_type else None


@fact("unit_body_sv", field="unit.type")
def _unit_body_sv(ctx: Context) -> str | None:
    """The unit body in Swedish words."""
    body = ctx.get("unit_body")
    return BODY_SV.get(body) if body else None


@fact("decided_by_unit_body")
def _decided_by_unit_body(ctx: Context) -> bool:
    """Whether the first matching row of the decision-authority table names the unit's own body."""
    row = ctx.version.authority_row(ctx)
    return row is not None and row.decides == "unit_body"


@fact("concerns_agreement", field="requested_kind")
def _concerns_agreement(ctx: Context) -> bool | None:
    """An agreement, or a request for one (unknown for a request that does not say what it asks)."""
    kind = ctx.data["kind"]
    if kind == "agreement":
        return True
    if kind == "request":
        requested = ctx.get("requested_kind")
        return None if requested is None else requested == "agreement"
    return False


@fact("is_motion", field="origin")
def _is_motion(ctx: Context) -> bool | None:
    """A council motion."""
    origin = ctx.get("origin")
    return None if origin is None else origin == "motion"


@fact("cost_at_or_above_threshold", field="cost_sek")
def _cost_at_or_above_threshold(ctx: Context) -> bool | None:
    """The cost reaches the parameter ``major_engagement_threshold_sek``."""
    cost = ctx.get("cost_sek")
    return None if cost is None else cost >= ctx.params["major_engagement_threshold_sek"]


@fact("is_major", field="major_engagement")
def _is_major(ctx: Context) -> bool | None:
    """A "större internationellt engagemang": flagged as such, or costing at least the threshold."""
    return _or(ctx.get("major_engagement"), ctx.get("cost_at_or_above_threshold"))


# ---------------------------------------------------------------- counterpart and geography


@fact("counterpart_name", field="counterpart.name")
def _counterpart_name(ctx: Context) -> str | None:
    """The counterpart's name (or its city)."""
    return _sub(ctx, "counterpart", "name") or _sub(ctx, "counterpart", "city")


@fact(
    "counterpart_type",
    field="counterpart.type",
    question="Vilken typ av motpart är det (city, region, organisation, company, university, state_agency)?",
)
def _counterpart_type(ctx: Context) -> str | None:
    """The counterpart's type."""
    return _sub(ctx, "counterpart", "type")


_COUNTERPART_TYPE_SV = {
    "city": "en stad",
    "region": "en region",
    "organisation": "en organisation",
    "company": "ett företag",
    "university": "ett lärosäte",
    "state_agency": "en statlig myndighet",
}


@fact("counterpart_type_sv", field="counterpart.type")
def _counterpart_type_sv(ctx: Context) -> str | None:
    """The counterpart type in Swedish words."""
    t = ctx.get("counterpart_type")
    return _COUNTERPART_TYPE_SV.get(t, t) if t else None


@fact("counterpart_city", field="counterpart.city", question="I vilken stad finns motparten?")
def _counterpart_city(ctx: Context) -> str | None:
    """The counterpart's city as written."""
    return _sub(ctx, "counterpart", "city")


@fact(
    "counterpart_country",
    field="counterpart.country",
    question="I vilket land finns motparten (ISO-landskod, t.ex. LV)?",
)
def _counterpart_country(ctx: Context) -> str | None:
    """The counterpart's ISO 3166-1 alpha-2 country code (upper case)."""
    code = _sub(ctx, "counterpart", "country")
    return code.upper() if code else None


@fact("counterpart_country_name", field="counterpart.country")
def _counterpart_country_name(ctx: Context) -> str | None:
    """The counterpart's country in Swedish."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import country_name

    return country_name(code) or code


@fact("counterpart_in_sweden", field="counterpart.country")
def _counterpart_in_sweden(ctx: Context) -> bool:
    """The counterpart is in Sweden (false when abroad or not stated)."""
    return ctx.get("counterpart_country") == ctx.params.get("home_country", "SE")


@fact("counterpart_place", field="counterpart.city")
def _counterpart_place(ctx: Context) -> Place | None:
    """The counterpart's city resolved in GeoNames (exonyms included), or unknown."""
    city = ctx.get("counterpart_city")
    if not city:
        return None
    from omvarld.geo import resolve_city

    return resolve_city(city, ctx.get("counterpart_country"))


@fact("capital_name", field="counterpart.country")
def _capital_name(ctx: Context) -> str | None:
    """The Swedish name of the capital of the counterpart's country."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import capital_of

    capital = capital_of(code)
    return capital.swedish_name if capital else None


@fact("counterpart_is_city", field="counterpart.type")
def _counterpart_is_city(ctx: Context) -> bool:
    """The counterpart is a city (or its type is not stated but a city is)."""
    ctype = ctx.get("counterpart_type")
    return ctype == "city" if ctype else ctx.get("counterpart_city") is not None


@fact(
    "counterpart_is_capital",
    field="counterpart.city",
    question="I vilken stad finns motparten?",
    needs=("counterpart_country", "counterpart_city"),
)
def _counterpart_is_capital(ctx: Context) -> bool | None:
    """The counterpart is the capital city of its country. False when it is not a city or the city is
    not the capital; unknown when the city or the country is not stated (or the data know no capital)."""
    ctype = ctx.get("counterpart_type")
    if ctype and ctype != "city":
        return False
    city, country = ctx.get("counterpart_city"), ctx.get("counterpart_country")
    if city is None or country is None:
        return None
    place = ctx.get("counterpart_place")
    if place is not None:
        return bool(place.is_capital)
    from omvarld.geo import capital_of

    return False if capital_of(country) is not None else None


@fact("counterpart_continent", field="counterpart.country")
def _counterpart_continent(ctx: Context) -> str | None:
    """The continent code (GeoNames: EU, AS, AF, NA, SA, OC, AN) of the counterpart's country."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import continent_of

    return continent_of(code)


@fact("leading_partner", field="counterpart.city", needs=("counterpart_type", "counterpart_city"))
def _leading_partner(ctx: Context) -> bool | None:
    """Proxy for "de internationellt mest framstående": an international organisation or network, a
    capital, or a city with at least ``leading_city_population`` inhabitants. Unknown without a
    counterpart."""
    ctype = ctx.get("counterpart_type")
    if ctype == "organisation":
        return True
    place = ctx.get("counterpart_place")
    if place is not None:
        return bool(place.is_capital or place.population >= ctx.params["leading_city_population"])
    if ctype is None and ctx.get("counterpart_city") is None:
        return None
    return False


@fact("holistic_partner", field="counterpart.type")
def _holistic_partner(ctx: Context) -> bool | None:
    """Business or academia is the counterpart (näringsliv, akademi och offentlig sektor)."""
    ctype = ctx.get("counterpart_type")
    return None if ctype is None else ctype in ("company", "university")


# ---------------------------------------------------------------- money


@fact("external_funding_share", field="external_funding_sek", needs=("cost_sek", "external_funding_sek"))
def _external_funding_share(ctx: Context) -> float | None:
    """External funding as a share (0–1) of the total cost."""
    cost, ext = ctx.get("cost_sek"), ctx.get("external_funding_sek")
    if cost is None or ext is None:
        return None
    if cost == 0:
        return 1.0
    return min(ext / cost, 1.0)


@fact("aid_work", field="aid_character")
def _aid_work(ctx: Context) -> bool:
    """Aid-type work: kind ``aid`` or ``aid_character``."""
    return ctx.data["kind"] == "aid" or ctx.get("aid_character") is True


# ---------------------------------------------------------------- travel and invitations


@fact(
    "travel_paid_by_other",
    field="travel_paid_by",
    question="Vem betalar resan: staden (city), den som bjuder in (inviter) eller annan (other)?",
)
def _travel_paid_by_other(ctx: Context) -> bool | None:
    """Someone other than the city pays the travel."""
    paid = ctx.get("travel_paid_by")
    return None if paid is None else paid != "city"


@fact(
    "role_is_significant",
    field="role",
    question="Vilken roll har stadens representant (talare, paneldeltagare, moderator, deltagare …)?",
)
def _role_is_significant(ctx: Context) -> bool | None:
    """The representative has a significant role (parameter ``significant_roles``)."""
    role = ctx.get("role")
    return None if role is None else role.casefold() in ctx.params["significant_roles"]


@fact("travel_exception_holds", field="special_reasons", needs=("travel_paid_by", "role", "special_reasons"))
def _travel_exception_holds(ctx: Context) -> bool | None:
    """Someone else pays, the role is significant and special reasons are stated."""
    reasons = ctx.get("special_reasons") is not None
    return _and(ctx.get("travel_paid_by_other"), ctx.get("role_is_significant"), reasons or None)


@fact("someone_else_pays_or_hospitality", field="travel_paid_by", needs=("travel_paid_by",))
def _someone_else_pays_or_hospitality(ctx: Context) -> bool | None:
    """Someone other than the city pays the travel, or offers anything of value."""
    return _or(ctx.get("travel_paid_by_other"), ctx.get("hospitality_offered"))


# ---------------------------------------------------------------- membership review


def _date_field(ctx: Context, name: str) -> date | None:
    try:
        return parse_date(ctx.data.get(name), name)
    except ValueError:
        return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@fact(
    "membership_last_review",
    field="last_review",
    question="När omprövades medlemskapet senast (eller när började det)?",
)
def _membership_last_review(ctx: Context) -> date | None:
    """The last review decision, or the start date when never reviewed."""
    return _date_field(ctx, "last_review") or _date_field(ctx, "start_date")


@fact("membership_review_due", field="last_review", needs=("membership_last_review",))
def _membership_review_due(ctx: Context) -> date | None:
    """The date by which the next review is due (last review or start + ``review_interval_years``)."""
    last = ctx.get("membership_last_review")
    return None if last is None else _add_years(last, int(ctx.params["review_interval_years"]))


@fact(
    "membership_review_current",
    field="last_review",
    needs=("membership_last_review",),
    question="När omprövades medlemskapet senast (eller när började det)?",
)
def _membership_review_current(ctx: Context) -> bool | None:
    """The last review (or the start, if never reviewed) lies within the review interval before the
    assessment date."""
    due = ctx.get("membership_review_due")
    return None if due is None else ctx.as_of < due


# ---------------------------------------------------------------- 2000 policy (historical)


@fact(
    "counterpart_in_prioritised_geography",
    field="counterpart.country",
    needs=("counterpart_country", "counterpart_city"),
)
def _counterpart_in_prioritised_geography(ctx: Context) -> bool | None:
    """The counterpart is a capital, in Europe, or in the Baltic Sea region (2000 policy)."""
    country = ctx.get("counterpart_country")
    if country is None:
        return None
    if country in ctx.params["baltic_sea_countries"] or ctx.get("counterpart_continent") == "EU":
        return True
    capital: bool | None = ctx.get("counterpart_is_capital")
    return capital


@fact("subject_in_prioritised_areas", field="subject_area")
def _subject_in_prioritised_areas(ctx: Context) -> bool | None:
    """The subject area matches one of the prioritised areas' keywords (2000 policy)."""
    subject = ctx.get("subject_area")
    if subject is None:
        return None
    text = subject.casefold()
    return any(word in text for word in ctx.params["prioritised_subject_keywords"])
