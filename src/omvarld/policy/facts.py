"""Facts: named, typed questions about one engagement, answered by Python functions.

A fact reads the interchange dict (and the policy's parameters) and returns a value, or ``None``
when the engagement does not say ("unknown"). Conditions in the policy files name facts; the
evaluator turns an unknown that matters into ``needs_info`` and asks the question of the input
``field`` that answers it (the questions live in :data:`omvarld.policy.interchange.FIELDS`).

Every fact declares what it reads, so that the engine can reason about it without running it:

* ``reads``: the other facts it reads with ``ctx.get``;
* ``params``: the policy parameters it reads with ``ctx.param`` (``compare`` reuses a fact's value
  across two versions when these parameters are equal in both);
* ``tables``: the policy tables it consults (``decision_authority``);
* ``needs``: of the facts it reads, those whose being unknown makes it unknown — the engine asks
  their question instead of this fact's.

A test runs many engagements through an instrumented context and checks that every fact reads
nothing it has not declared. Add a fact with the :func:`fact` decorator::

    @fact("counterpart_in_nordics", field="counterpart.country", reads=("counterpart_country",),
          needs=("counterpart_country",))
    def _counterpart_in_nordics(ctx: Context) -> bool | None:
        code = ctx.get("counterpart_country")
        return None if code is None else code in {"DK", "FI", "IS", "NO", "SE"}

Facts are computed lazily and at most once per assessment (``Context.get`` caches them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from omvarld.policy import roles
from omvarld.policy.interchange import (
    COUNTERPART_TYPE_SV,
    DIRECTION_SV,
    FIELDS,
    GOAL_SV,
    KIND_SV,
    PAYER_SV,
    parse_date,
)

if TYPE_CHECKING:
    from omvarld.geo import Place
    from omvarld.policy.model import PolicyVersion

FactFn = Callable[["Context"], Any]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A registered fact and its declarations (see the module docstring)."""

    name: str
    fn: FactFn
    field: str | None
    description: str
    needs: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    quote: bool = False
    """The value is the user's own free text: reasons quote it (”…”)."""
    inline: str | None = None
    """For a fact that only reads its input field: the field's type (``text``, ``list``, ``number``,
    ``bool``), so that compiled conditions can read the field without calling the function."""


FACTS: dict[str, FactSpec] = {}
_MISSING: Any = object()
UNSET: Any = object()
"""The value of a context's slot that has not been worked out yet."""


def fact(
    name: str,
    *,
    field: str | None = None,
    needs: tuple[str, ...] = (),
    reads: tuple[str, ...] = (),
    params: tuple[str, ...] = (),
    tables: tuple[str, ...] = (),
    quote: bool = False,
    inline: str | None = None,
) -> Callable[[FactFn], FactFn]:
    """Register the decorated function as the fact ``name``."""

    def register(fn: FactFn) -> FactFn:
        if name in FACTS:
            raise ValueError(f"fact {name!r} is registered twice")
        missing = set(needs) - set(reads)
        if missing:
            raise ValueError(f"fact {name!r}: needs {sorted(missing)} must also be declared in reads")
        FACTS[name] = FactSpec(
            name, fn, field, (fn.__doc__ or "").strip(), needs, reads, params, tables, quote, inline
        )
        return fn

    return register


class Context:
    """One engagement being assessed under one version on one date: the facts' shared state.

    ``kind`` is the engagement's kind; ``subject_kind`` the kind its rules are about — for a request,
    the kind it asks for (when stated)."""

    __slots__ = ("as_of", "authority", "cache", "data", "kind", "params", "subject_kind", "version")

    def __init__(
        self, data: Mapping[str, Any], as_of: date, params: Mapping[str, Any], version: PolicyVersion
    ) -> None:
        self.data = data
        self.as_of = as_of
        self.params = params
        self.version = version
        self.cache: dict[str, Any] = {}
        self.authority: Any = UNSET  # the decision row, once looked up
        self.kind: str = data["kind"]
        requested = data.get("requested_kind") if self.kind == "request" else None
        self.subject_kind: str = requested if isinstance(requested, str) and requested else self.kind

    def get(self, name: str) -> Any:
        cache = self.cache
        value = cache.get(name, _MISSING)
        if value is _MISSING:
            value = cache[name] = FACTS[name].fn(self)
        return value

    def param(self, name: str) -> Any:
        """The parameter's value on the assessment date; ``None`` when it is not in force."""
        return self.params.get(name)


def closure(names: Iterable[str], also: Callable[[FactSpec], Iterable[str]] | None = None) -> frozenset[str]:
    """The facts ``names`` and every fact they read, transitively — and, with ``also``, the facts it
    names for each fact reached (``compare`` follows a consulted table to its conditions' facts)."""
    seen: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        spec = FACTS[name]
        stack.extend(spec.reads)
        if also is not None:
            stack.extend(also(spec))
    return frozenset(seen)


# ---------------------------------------------------------------- helpers


def _text(value: object) -> str | None:
    if value.__class__ is str or isinstance(value, str):
        return value.strip() or None
    return None


def _sub(ctx: Context, obj: str, key: str) -> str | None:
    inner = ctx.data.get(obj)
    if inner.__class__ is dict or isinstance(inner, Mapping):
        value = inner.get(key)
        if value.__class__ is str or isinstance(value, str):
            return value.strip() or None
    return None


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    if None in values:
        return None
    return True


def _or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    if None in values:
        return None
    return False


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORDS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text, case- and diacritic-folded (cached: the same texts recur)."""
    return tuple(_WORDS.findall(_fold(text)))


_DERIVED: dict[tuple[int, str], tuple[object, Any]] = {}


def _folded_words(value: list[str] | tuple[str, ...]) -> frozenset[str]:
    """A parameter's list of words, folded once per parameter value (a version's values live as long as
    the version, so their identity is a safe key)."""
    key = (id(value), "folded")
    hit = _DERIVED.get(key)
    if hit is not None and hit[0] is value:
        folded: frozenset[str] = hit[1]
        return folded
    folded = frozenset(_fold(w) for w in value)
    _DERIVED[key] = (value, folded)
    return folded


def _register_field_facts() -> None:
    for name, spec in FIELDS.items():
        if name in ("kind", "unit", "counterpart", "as_of"):
            continue
        if spec.type in ("text", "enum"):

            def get_text(ctx: Context, name: str = name) -> str | None:
                value = ctx.data.get(name)
                if value.__class__ is str or isinstance(value, str):
                    return value.strip() or None
                return None

            get_text.__doc__ = f"The stated ``{name}``, or unknown."
            fact(name, field=name, quote=spec.type == "text", inline="text")(get_text)
        elif spec.type == "list":

            def get_list(ctx: Context, name: str = name) -> list[str] | None:
                value = ctx.data.get(name)
                return value if (value.__class__ is list or isinstance(value, list)) and value else None

            get_list.__doc__ = f"The stated ``{name}`` (a non-empty list), or unknown."
            fact(name, field=name, inline="list")(get_list)
        elif spec.type == "number":

            def get_number(ctx: Context, name: str = name) -> float | int | None:
                value = ctx.data.get(name)
                if value.__class__ is int or value.__class__ is float:
                    return value
                return value if isinstance(value, int | float) and not isinstance(value, bool) else None

            get_number.__doc__ = f"The stated ``{name}`` (kronor), or unknown."
            fact(name, field=name, inline="number")(get_number)
        elif spec.type == "bool":

            def get_bool(ctx: Context, name: str = name) -> bool:
                return ctx.data.get(name) is True

            get_bool.__doc__ = f"``{name}`` (absent means false)."
            fact(name, field=name, inline="bool")(get_bool)


_register_field_facts()


@fact("kind")
def _kind(ctx: Context) -> str:
    """The engagement kind."""
    return ctx.kind


@fact("subject_kind", field="requested_kind")
def _subject_kind(ctx: Context) -> str:
    """The kind the rules are about: a request's requested kind when stated, else the kind."""
    return ctx.subject_kind


@fact("subject_kind_sv", field="requested_kind")
def _subject_kind_sv(ctx: Context) -> str:
    """The subject kind in Swedish words."""
    return KIND_SV[ctx.subject_kind]


def _swedish_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


@lru_cache(maxsize=256)
def _goals_text(goals: tuple[str, ...]) -> str:
    return _swedish_list([f"”{GOAL_SV.get(g, g)}”" for g in dict.fromkeys(goals)])


@fact("goals_sv", field="goals", reads=("goals",), needs=("goals",))
def _goals_sv(ctx: Context) -> str | None:
    """The council goals by their Swedish names, each within ”…” (a goal's name has commas of its own)."""
    goals = ctx.get("goals")
    return _goals_text(tuple(goals)) if goals else None


@lru_cache(maxsize=256)
def _directions_text(directions: tuple[str, ...]) -> str:
    names = [DIRECTION_SV.get(d, d) for d in dict.fromkeys(directions)]
    return ("inriktningen " if len(names) == 1 else "inriktningarna ") + _swedish_list(names)


@fact("directions_sv", field="directions", reads=("directions",), needs=("directions",))
def _directions_sv(ctx: Context) -> str | None:
    """The directions in Swedish, with the noun in number ("inriktningen positionering")."""
    directions = ctx.get("directions")
    return _directions_text(tuple(directions)) if directions else None


@fact("scope_sv", field="scope", reads=("scope",), needs=("scope",))
def _scope_sv(ctx: Context) -> str | None:
    """The scope in Swedish ("stadsövergripande", "verksamhetsspecifik")."""
    scope = ctx.get("scope")
    values = FIELDS["scope"].values or {}
    return values.get(scope) if scope else None


@fact("affected_unit_count", field="affected_units", reads=("affected_units",), needs=("affected_units",))
def _affected_unit_count(ctx: Context) -> int | None:
    """How many units an EU initiative affects (unknown when none are listed)."""
    units = ctx.get("affected_units")
    return len(set(units)) if units else None


@fact("eu_scope_known", field="scope", reads=("scope", "affected_unit_count"))
def _eu_scope_known(ctx: Context) -> bool:
    """Whether it is known if an EU initiative is city-wide: ``scope`` is stated, or it affects two or
    more units (then it is city-wide by definition)."""
    count = ctx.get("affected_unit_count")
    return ctx.get("scope") is not None or (count is not None and count >= 2)


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


@fact("unit_type", field="unit.type")
def _unit_type(ctx: Context) -> str | None:
    """The owning unit's type as given."""
    return _sub(ctx, "unit", "type")


@fact("unit_name", field="unit.name")
def _unit_name(ctx: Context) -> str | None:
    """The owning unit's name (or code)."""
    return _sub(ctx, "unit", "name") or _sub(ctx, "unit", "code")


@fact("unit_body", field="unit.type", reads=("unit_type",), needs=("unit_type",))
def _unit_body(ctx: Context) -> str | None:
    """The unit's own decision body: ``namnd`` (committee or district committee), ``bolagsstyrelse``
    (company board) or ``kommunstyrelsen``; unknown for a missing unit type."""
    unit_type = ctx.get("unit_type")
    return _UNIT_BODY.get(unit_type) if unit_type else None


@fact("unit_body_sv", field="unit.type", reads=("unit_body", "unit_name"), needs=("unit_body",))
def _unit_body_sv(ctx: Context) -> str | None:
    """The unit's own body named once, in Swedish: the committee's own name ("Miljö- och
    hälsoskyddsnämnden"), "styrelsen för" a company, or "kommunstyrelsen"."""
    body = ctx.get("unit_body")
    return None if body is None else _body_text(body, ctx.get("unit_name"))


@lru_cache(maxsize=1024)
def _body_text(body: str, name: str | None) -> str:
    if body == "kommunstyrelsen" or name is None:
        return BODY_SV[body]
    if body == "bolagsstyrelse":
        return f"styrelsen för {name}"
    folded = _fold(name)
    if "namnd" in folded or "styrelse" in folded:
        return name
    return f"nämnden för {name}"


@fact("decided_by_unit_body", tables=("decision_authority",))
def _decided_by_unit_body(ctx: Context) -> bool:
    """Whether the first matching row of the decision-authority table names the unit's own body."""
    row = ctx.version.authority_row(ctx)
    return row is not None and row.decides == "unit_body"


@fact("is_motion", field="origin", reads=("origin",), needs=("origin",))
def _is_motion(ctx: Context) -> bool | None:
    """A council motion (unknown when the origin is not stated)."""
    origin = ctx.get("origin")
    return None if origin is None else origin == "motion"


@fact("stated_motion", field="origin", reads=("origin",))
def _stated_motion(ctx: Context) -> bool:
    """The request is stated to be a council motion (false when the origin is not stated)."""
    return ctx.get("origin") == "motion"


@fact(
    "cost_at_or_above_threshold",
    field="cost_sek",
    reads=("cost_sek",),
    needs=("cost_sek",),
    params=("major_engagement_threshold_sek",),
)
def _cost_at_or_above_threshold(ctx: Context) -> bool | None:
    """The cost reaches the parameter ``major_engagement_threshold_sek``."""
    cost = ctx.get("cost_sek")
    threshold = ctx.param("major_engagement_threshold_sek")
    return None if cost is None or threshold is None else cost >= threshold


@fact("is_major", field="major_engagement", reads=("major_engagement", "cost_at_or_above_threshold"))
def _is_major(ctx: Context) -> bool | None:
    """A "större internationellt engagemang": flagged as such, or costing at least the threshold."""
    return _or(ctx.get("major_engagement"), ctx.get("cost_at_or_above_threshold"))


# ---------------------------------------------------------------- counterpart and geography


@fact("counterpart_name", field="counterpart.name", quote=True)
def _counterpart_name(ctx: Context) -> str | None:
    """The counterpart's name (or its city)."""
    return _sub(ctx, "counterpart", "name") or _sub(ctx, "counterpart", "city")


@fact("counterpart_type", field="counterpart.type")
def _counterpart_type(ctx: Context) -> str | None:
    """The counterpart's type."""
    return _sub(ctx, "counterpart", "type")


@fact("counterpart_type_sv", field="counterpart.type", reads=("counterpart_type",))
def _counterpart_type_sv(ctx: Context) -> str | None:
    """The counterpart type in Swedish words, with its article ("en stad", "ett företag")."""
    t = ctx.get("counterpart_type")
    if not t:
        return None
    word = COUNTERPART_TYPE_SV.get(t, t)
    return f"ett {word}" if t in ("company", "university") else f"en {word}"


@fact("counterpart_city", field="counterpart.city")
def _counterpart_city(ctx: Context) -> str | None:
    """The counterpart's city as written."""
    return _sub(ctx, "counterpart", "city")


@fact("counterpart_country", field="counterpart.country")
def _counterpart_country(ctx: Context) -> str | None:
    """The counterpart's ISO 3166-1 alpha-2 country code (upper case)."""
    code = _sub(ctx, "counterpart", "country")
    return code.upper() if code else None


@fact("counterpart_country_name", field="counterpart.country", reads=("counterpart_country",))
def _counterpart_country_name(ctx: Context) -> str | None:
    """The counterpart's country in Swedish."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import country_name

    return country_name(code) or code


@fact("sovereign_country_name", field="counterpart.country", reads=("counterpart_country",))
def _sovereign_country_name(ctx: Context) -> str | None:
    """For a territory that is not a sovereign state, the Swedish name of the state it belongs to."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import country_name, sovereign_of

    owner = sovereign_of(code)
    return country_name(owner) if owner else None


@fact(
    "counterpart_in_sweden",
    field="counterpart.country",
    reads=("counterpart_country",),
    params=("home_country",),
)
def _counterpart_in_sweden(ctx: Context) -> bool:
    """The counterpart is in the city's own country (false when abroad or not stated)."""
    return ctx.get("counterpart_country") == ctx.param("home_country")


@fact("counterpart_place", field="counterpart.city", reads=("counterpart_city", "counterpart_country"))
def _counterpart_place(ctx: Context) -> Place | None:
    """The counterpart's city resolved in GeoNames (exonyms included), or unknown."""
    city = ctx.get("counterpart_city")
    if not city:
        return None
    from omvarld.geo import resolve_city

    return resolve_city(city, ctx.get("counterpart_country"))


@fact("counterpart_is_city", field="counterpart.type", reads=("counterpart_type", "counterpart_city"))
def _counterpart_is_city(ctx: Context) -> bool:
    """The counterpart is a city (or its type is not stated but a city is)."""
    ctype = ctx.get("counterpart_type")
    return ctype == "city" if ctype else ctx.get("counterpart_city") is not None


@fact(
    "capitals_rule_concerns",
    field="counterpart.type",
    reads=("counterpart_type",),
)
def _capitals_rule_concerns(ctx: Context) -> bool:
    """The counterpart is a place — a city, a region, or of a type not stated — and not a university,
    company, organisation or state agency ("Avtal med andra städer och orter")."""
    return ctx.get("counterpart_type") in (None, "city", "region")


@fact(
    "region_city_government",
    field="counterpart.name",
    reads=("counterpart_type", "counterpart_city", "counterpart_country"),
    params=("city_government_words",),
)
def _region_city_government(ctx: Context) -> str | None:
    """For a counterpart of type ``region``: the city whose own government it is, judged from its name
    — what is left of the name without the words that only say "its government" must name the city
    ("Greater London Authority" → London; "Comunidad de Madrid" or "Île-de-France" → none)."""
    if ctx.get("counterpart_type") != "region":
        return None
    name = _sub(ctx, "counterpart", "name")
    words = ctx.param("city_government_words")
    if name is None or not words:
        return None
    generic = _folded_words(words)
    rest = " ".join(w for w in _words(name) if w not in generic)
    if not rest:
        return None
    city: str | None = ctx.get("counterpart_city")
    from omvarld.geo import normalise_name, resolve_city

    if city is None:
        # No city stated: the rest of the name must itself be a city ("Land Berlin" → Berlin).
        place = resolve_city(rest, ctx.get("counterpart_country"))
        return place.swedish_name if place is not None else None

    if normalise_name(rest) == normalise_name(city):
        return city
    country = ctx.get("counterpart_country")
    named = resolve_city(rest, country)  # exonyms: "Stadt Wien" is Vienna's government
    return city if named is not None and named == resolve_city(city, country) else None


@fact(
    "judged_city",
    field="counterpart.city",
    reads=("counterpart_type", "counterpart_city", "region_city_government"),
)
def _judged_city(ctx: Context) -> str | None:
    """The city by which the capitals rule judges the counterpart, as written."""
    if ctx.get("counterpart_type") == "region":
        named: str | None = ctx.get("region_city_government")
        return named
    city: str | None = ctx.get("counterpart_city")
    return city


@fact("judged_place", field="counterpart.city", reads=("judged_city", "counterpart_country"))
def _judged_place(ctx: Context) -> Place | None:
    """The judged city resolved in GeoNames, or unknown."""
    city = ctx.get("judged_city")
    if not city:
        return None
    from omvarld.geo import resolve_city

    return resolve_city(city, ctx.get("counterpart_country"))


@fact("judged_city_sv", field="counterpart.city", reads=("judged_city", "judged_place"))
def _judged_city_sv(ctx: Context) -> str | None:
    """The judged city's Swedish name ("Helsingfors", "Östra Jerusalem"), or the city as written."""
    place = ctx.get("judged_place")
    if place is not None:
        return str(place.swedish_name)
    city: str | None = ctx.get("judged_city")
    return city


def _contested(place: Place | None, city: str, entries: list[Mapping[str, str]]) -> bool:
    """Whether ``city`` is a capital whose designation is contested (by name, or as the same place)."""
    from omvarld.geo import normalise_name, resolve_city

    key = normalise_name(city)
    for entry in entries:
        if normalise_name(entry["city"]) == key:
            return True
        other = resolve_city(entry["city"], entry.get("country"))
        if place is not None and other is not None and other.geonameid == place.geonameid:
            return True
    return False


@fact(
    "capital_status",
    field="counterpart.city",
    reads=("counterpart_type", "judged_city", "judged_place", "counterpart_country"),
    needs=("judged_city", "counterpart_country"),
    params=("contested_capitals", "unrecognised_states"),
)
def _capital_status(ctx: Context) -> str | None:
    """What the judged counterpart is, for the capitals rule: ``capital`` (a national capital of a
    sovereign state, seats of government included), ``not_capital``, ``region`` (a region that is not a
    city's own government), ``territory`` (in a territory that is not a sovereign state),
    ``contested`` (a capital whose designation Sweden does not recognise) or ``unrecognised`` (in a
    state that Sweden does not recognise); unknown when the city or the country is not stated."""
    city = ctx.get("judged_city")
    if ctx.get("counterpart_type") == "region" and city is None:
        return "region"
    country = ctx.get("counterpart_country")
    if city is None or country is None:
        return None
    from omvarld.geo import capitals_of, is_sovereign, normalise_name

    if country in (ctx.param("unrecognised_states") or ()):
        return "unrecognised"
    if not is_sovereign(country):
        return "territory"
    place = ctx.get("judged_place")
    if _contested(place, city, ctx.param("contested_capitals") or []):
        return "contested"
    capitals = capitals_of(country)
    if place is not None:
        return "capital" if any(c.geonameid == place.geonameid for c in capitals) else "not_capital"
    key = normalise_name(city)
    if any(key in (normalise_name(c.name), normalise_name(c.swedish_name)) for c in capitals):
        return "capital"
    return "not_capital" if capitals else None


@fact(
    "counterpart_is_capital",
    field="counterpart.city",
    reads=("capital_status",),
    needs=("capital_status",),
)
def _counterpart_is_capital(ctx: Context) -> bool | None:
    """The counterpart is (the government of) a national capital of a sovereign state. Unknown when the
    city or country is not stated, and — the city has no foreign policy of its own — when the capital or
    the state is one that Sweden does not recognise."""
    status = ctx.get("capital_status")
    if status == "capital":
        return True
    if status in ("not_capital", "region", "territory"):
        return False
    return None


@fact("capital_is_foreign_policy", field="counterpart.city", reads=("capital_status",))
def _capital_is_foreign_policy(ctx: Context) -> bool:
    """Whether the capital question is one of Sweden's foreign policy (a contested capital or an
    unrecognised state)."""
    return ctx.get("capital_status") in ("contested", "unrecognised")


@fact(
    "capital_name",
    field="counterpart.country",
    reads=("counterpart_country",),
    params=("contested_capitals", "unrecognised_states"),
)
def _capital_name(ctx: Context) -> str | None:
    """The Swedish name of the counterpart country's capital; unknown when Sweden does not recognise
    the state or the designation of its capital (the city states no foreign policy)."""
    code = ctx.get("counterpart_country")
    if not code or code in (ctx.param("unrecognised_states") or ()):
        return None
    if any(e.get("country") == code for e in ctx.param("contested_capitals") or []):
        return None
    from omvarld.geo import capital_of

    capital = capital_of(code)
    return capital.swedish_name if capital is not None else None


@fact("judged_is_seat_of_government", field="counterpart.city", reads=("capital_status", "judged_place"))
def _judged_is_seat_of_government(ctx: Context) -> bool:
    """The judged city is a seat of government that differs from the official capital (Den Haag)."""
    place = ctx.get("judged_place")
    return ctx.get("capital_status") == "capital" and place is not None and place.is_seat_of_government


@fact("counterpart_continent", field="counterpart.country", reads=("counterpart_country",))
def _counterpart_continent(ctx: Context) -> str | None:
    """The continent code (GeoNames: EU, AS, AF, NA, SA, OC, AN) of the counterpart's country."""
    code = ctx.get("counterpart_country")
    if not code:
        return None
    from omvarld.geo import continent_of

    return continent_of(code)


@fact(
    "leading_partner",
    field="counterpart.city",
    reads=("counterpart_type", "counterpart_city", "counterpart_place"),
    needs=("counterpart_type", "counterpart_city"),
    params=("leading_city_population",),
)
def _leading_partner(ctx: Context) -> bool | None:
    """Proxy for "de internationellt mest framstående": an international organisation or network, a
    capital, or a city with at least ``leading_city_population`` inhabitants. Unknown without a
    counterpart."""
    ctype = ctx.get("counterpart_type")
    if ctype == "organisation":
        return True
    threshold = ctx.param("leading_city_population")
    place = ctx.get("counterpart_place")
    if place is not None and threshold is not None:
        return bool(place.is_capital or place.population >= threshold)
    if ctype is None and ctx.get("counterpart_city") is None:
        return None
    return False if threshold is not None else None


@fact("holistic_partner", field="counterpart.type", reads=("counterpart_type",), needs=("counterpart_type",))
def _holistic_partner(ctx: Context) -> bool | None:
    """Business or academia is the counterpart (näringsliv, akademi och offentlig sektor)."""
    ctype = ctx.get("counterpart_type")
    return None if ctype is None else ctype in ("company", "university")


# ---------------------------------------------------------------- subject area


@fact(
    "subject_area_is_specific",
    field="subject_area",
    reads=("subject_area",),
    needs=("subject_area",),
    params=("general_subject_words",),
)
def _subject_area_is_specific(ctx: Context) -> bool | None:
    """The subject area names a specific area: false when every word of it is a general one
    ("allmänt samarbete", "alla områden")."""
    subject = ctx.get("subject_area")
    if subject is None:
        return None
    general = ctx.param("general_subject_words")
    if general is None:
        return True
    vocabulary = _folded_words(general)
    return any(word not in vocabulary for word in _words(subject))


# ---------------------------------------------------------------- money


@fact(
    "external_funding_share",
    field="external_funding_sek",
    reads=("cost_sek", "external_funding_sek"),
    needs=("cost_sek", "external_funding_sek"),
)
def _external_funding_share(ctx: Context) -> float | None:
    """External funding as a share (0–1) of the total cost."""
    cost, ext = ctx.get("cost_sek"), ctx.get("external_funding_sek")
    if cost is None or ext is None:
        return None
    if cost == 0:
        return 1.0
    return min(ext / cost, 1.0)


@fact("aid_work", field="aid_character", reads=("aid_character",))
def _aid_work(ctx: Context) -> bool:
    """Aid-type work: kind ``aid`` (or a request for it) or ``aid_character``."""
    return ctx.subject_kind == "aid" or ctx.get("aid_character") is True


# ---------------------------------------------------------------- travel and invitations

_OTHERS = ("inviter", "other")


@fact(
    "accommodation_payer",
    field="accommodation_paid_by",
    reads=("accommodation_paid_by", "travel_paid_by"),
)
def _accommodation_payer(ctx: Context) -> str | None:
    """Who pays the stay: as stated, else as the journey ("resekostnaden" covers both)."""
    stated: str | None = ctx.get("accommodation_paid_by")
    if stated is not None:
        return stated
    journey: str | None = ctx.get("travel_paid_by")
    return journey


@fact("no_travel", field="travel_paid_by", reads=("travel_paid_by", "accommodation_payer"))
def _no_travel(ctx: Context) -> bool:
    """The engagement is known to involve neither a journey nor a stay for the city's representatives
    (``travel_paid_by: none``; false when not stated)."""
    return ctx.get("travel_paid_by") == "none" and ctx.get("accommodation_payer") == "none"


@fact(
    "someone_else_pays",
    field="travel_paid_by",
    reads=("travel_paid_by", "accommodation_payer"),
    needs=("travel_paid_by",),
)
def _someone_else_pays(ctx: Context) -> bool | None:
    """Someone other than the city pays the journey or the stay of the city's representatives."""
    journey, stay = ctx.get("travel_paid_by"), ctx.get("accommodation_payer")
    return _or(
        None if journey is None else journey in _OTHERS,
        None if stay is None else stay in _OTHERS,
    )


@fact(
    "city_pays_everything", field="travel_paid_by", reads=("someone_else_pays",), needs=("someone_else_pays",)
)
def _city_pays_everything(ctx: Context) -> bool | None:
    """The city pays its representatives' journey and stay itself."""
    other = ctx.get("someone_else_pays")
    return None if other is None else not other


@fact("other_payments_sv", field="travel_paid_by", reads=("travel_paid_by", "accommodation_payer"))
def _other_payments_sv(ctx: Context) -> str | None:
    """What someone else pays, in Swedish ("den som bjuder in betalar resan och logiet")."""
    return _payments_text(ctx.get("travel_paid_by"), ctx.get("accommodation_payer"))


@lru_cache(maxsize=64)
def _payments_text(journey: str | None, stay: str | None) -> str | None:
    paid = {
        "resan": journey if journey in _OTHERS else None,
        "logiet": stay if stay in _OTHERS else None,
    }
    payers = {p for p in paid.values() if p}
    if not payers:
        return None
    what = " och ".join(k for k, v in paid.items() if v)
    who = PAYER_SV[payers.pop()] if len(payers) == 1 else "andra än staden"
    return f"{who} betalar {what}"


@fact("role_kind", field="role", reads=("role",), needs=("role",))
def _role_kind(ctx: Context) -> roles.Role | None:
    """The canonical role the stated role names (Swedish or English, synonyms included); unknown when
    no role is stated or its words are not known."""
    text = ctx.get("role")
    return roles.classify(text) if text else None


@fact("role_sv", field="role", reads=("role", "role_kind"))
def _role_sv(ctx: Context) -> str | None:
    """The role in Swedish ("talare"), or the words as written when they are not known."""
    kind = ctx.get("role_kind")
    if kind is not None:
        return str(kind.swedish)
    text: str | None = ctx.get("role")
    return f"”{text}”" if text else None


@fact(
    "role_is_significant",
    field="role",
    reads=("role_kind",),
    needs=("role_kind",),
    params=("significant_roles",),
)
def _role_is_significant(ctx: Context) -> bool | None:
    """The representative has a significant role — speaking, presenting, lecturing, moderating, leading
    a session, or sitting on a panel or jury (parameter ``significant_roles``)."""
    kind = ctx.get("role_kind")
    significant = ctx.param("significant_roles")
    if kind is None or significant is None:
        return None
    return kind.id in significant


@fact("role_stated_but_unknown", field="role", reads=("role", "role_kind"))
def _role_stated_but_unknown(ctx: Context) -> bool:
    """A role is stated but its words are not known."""
    return ctx.get("role") is not None and ctx.get("role_kind") is None


@fact(
    "travel_exception_sought",
    field="role",
    reads=("someone_else_pays", "role_is_significant"),
    needs=("someone_else_pays", "role_is_significant"),
)
def _travel_exception_sought(ctx: Context) -> bool | None:
    """Someone else pays and the representative has a significant role: only the responsible committee
    or board can grant the exception, whether or not its reasons are stated yet."""
    return _and(ctx.get("someone_else_pays"), ctx.get("role_is_significant"))


@fact(
    "travel_exception_holds",
    field="special_reasons",
    reads=("travel_exception_sought", "special_reasons"),
    needs=("travel_exception_sought", "special_reasons"),
)
def _travel_exception_holds(ctx: Context) -> bool | None:
    """Someone else pays, the role is significant and special reasons are stated."""
    reasons = ctx.get("special_reasons") is not None
    return _and(ctx.get("travel_exception_sought"), reasons or None)


@fact(
    "receives_something_of_value",
    field="hospitality_offered",
    reads=("someone_else_pays", "hospitality_offered"),
)
def _receives_something_of_value(ctx: Context) -> bool | None:
    """The city's own representatives receive something of value from someone else: a paid journey or
    stay, meals, receptions or gifts. For a hosted ``visit`` the visitors' travel is their own; only
    hospitality offered to the city's people counts."""
    if ctx.subject_kind == "visit":
        return ctx.get("hospitality_offered") is True
    return _or(ctx.get("someone_else_pays"), ctx.get("hospitality_offered"))


# ---------------------------------------------------------------- membership


def _past_date(ctx: Context, name: str) -> date | None:
    """A date field that lies on or before the assessment date; a later date is not a fact yet."""
    try:
        day = parse_date(ctx.data.get(name), name)
    except ValueError:
        return None
    return day if day is not None and day <= ctx.as_of else None


def _add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` (29 February becomes 28 February); past the last representable year, the
    last day there is."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


@fact("membership_last_review", field="last_review")
def _membership_last_review(ctx: Context) -> date | None:
    """The last review decision, or the start date when never reviewed — each only if it lies on or
    before the assessment date."""
    return _past_date(ctx, "last_review") or _past_date(ctx, "start_date")


@fact("membership_last_event_sv", field="last_review")
def _membership_last_event_sv(ctx: Context) -> str:
    """What the last date of the membership was: "omprövades senast" or, never reviewed, "inleddes"."""
    return "omprövades senast" if _past_date(ctx, "last_review") else "inleddes"


@fact(
    "membership_review_due",
    field="last_review",
    reads=("membership_last_review",),
    needs=("membership_last_review",),
    params=("review_interval_years",),
)
def _membership_review_due(ctx: Context) -> date | None:
    """The last day of the review interval: the next review is due then, and overdue from the next day."""
    last = ctx.get("membership_last_review")
    years = ctx.param("review_interval_years")
    return None if last is None or years is None else _add_years(last, int(years))


@fact(
    "membership_review_current",
    field="last_review",
    reads=("membership_review_due",),
    needs=("membership_review_due",),
)
def _membership_review_current(ctx: Context) -> bool | None:
    """The review is not overdue: the assessment date is on or before the due day."""
    due = ctx.get("membership_review_due")
    return None if due is None else ctx.as_of <= due


@fact("membership_review_due_today", field="last_review", reads=("membership_review_due",))
def _membership_review_due_today(ctx: Context) -> bool:
    """The review falls due on the assessment date itself."""
    return ctx.get("membership_review_due") == ctx.as_of


@fact("future_review_stated", field="last_review")
def _future_review_stated(ctx: Context) -> bool:
    """A ``last_review`` after the assessment date is stated (it is no review yet)."""
    try:
        day = parse_date(ctx.data.get("last_review"), "last_review")
    except ValueError:
        return False
    return day is not None and day > ctx.as_of


@fact("passive_participation", field="participation", reads=("participation",))
def _passive_participation(ctx: Context) -> bool:
    """The city means to take part passively in the organisation."""
    return ctx.get("participation") == "passive"


# ---------------------------------------------------------------- 2000 policy (historical)


@fact(
    "counterpart_in_prioritised_geography",
    field="counterpart.country",
    reads=("counterpart_country", "counterpart_continent", "counterpart_is_capital"),
    needs=("counterpart_country",),
    params=("baltic_sea_countries",),
)
def _counterpart_in_prioritised_geography(ctx: Context) -> bool | None:
    """The counterpart is a capital, in Europe, or in the Baltic Sea region (2000 policy)."""
    country = ctx.get("counterpart_country")
    if country is None:
        return None
    if country in (ctx.param("baltic_sea_countries") or ()) or ctx.get("counterpart_continent") == "EU":
        return True
    capital: bool | None = ctx.get("counterpart_is_capital")
    return capital


@fact(
    "subject_in_prioritised_areas",
    field="subject_area",
    reads=("subject_area",),
    needs=("subject_area",),
    params=("prioritised_subject_keywords",),
)
def _subject_in_prioritised_areas(ctx: Context) -> bool | None:
    """The subject area matches one of the prioritised areas' keywords (2000 policy)."""
    subject = ctx.get("subject_area")
    keywords = ctx.param("prioritised_subject_keywords")
    if subject is None or keywords is None:
        return None
    folded = _folded_words(keywords)
    # Short keywords ("it") must be whole words; longer ones may begin a compound ("miljöfrågor").
    return any(w == k or (len(k) > 3 and w.startswith(k)) for w in _words(subject) for k in folded)
