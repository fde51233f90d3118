"""The engagement interchange format: every field, its values, and validation with Swedish messages.

``FIELDS`` is the one description of the format: the validator, the facts (the Swedish question asked
when a field is missing), the reasons (Swedish names of values) and ``docs/policy-engine.md`` all
read it. Validation never copies or changes the engagement; it collects *every* problem of an
engagement and raises them together as one :class:`InputError`. An unknown field is a problem like a
wrong value (with the nearest known name suggested): a misspelt field is never silently ignored.
``null`` and blank strings or lists mean "not stated" everywhere.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Final

from omvarld.policy.errors import InputError, Problem

KINDS: Final = (
    "invitation",
    "trip",
    "visit",
    "membership",
    "agreement",
    "eu_project",
    "aid",
    "eu_policy",
    "request",
    "communication",
)
KIND_SET: Final = frozenset(KINDS)
KIND_SV: Final[dict[str, str]] = {
    "invitation": "inbjudan",
    "trip": "tjänsteresa",
    "visit": "besök",
    "membership": "medlemskap",
    "agreement": "samarbetsavtal",
    "eu_project": "EU-projekt",
    "aid": "arbete av biståndskaraktär",
    "eu_policy": "EU-policybevakning",
    "request": "förfrågan",
    "communication": "internationell kommunikation",
}
GOAL_SV: Final[dict[str, str]] = {
    "attraktiv": "en attraktiv, trygg och växande stad",
    "kvalitet": "kvalitet och valfrihet",
    "kostnadseffektiv": "kostnadseffektiva verksamheter",
}
DIRECTION_SV: Final[dict[str, str]] = {
    "positionering": "positionering",
    "verksamhetsutveckling": "verksamhetsutveckling",
    "bevakning_paverkan": "bevakning och påverkan",
}
UNIT_TYPE_SV: Final[dict[str, str]] = {
    "kommunstyrelsen": "kommunstyrelsen",
    "namnd": "nämnd",
    "stadsdelsnamnd": "stadsdelsnämnd",
    "bolag": "bolag",
}
COUNTERPART_TYPE_SV: Final[dict[str, str]] = {
    "city": "stad",
    "region": "region",
    "organisation": "organisation",
    "company": "företag",
    "university": "lärosäte",
    "state_agency": "statlig myndighet",
}
PAYER_SV: Final[dict[str, str]] = {
    "city": "staden",
    "inviter": "den som bjuder in",
    "other": "någon annan",
    "none": "ingen resa",
}
ACCOMMODATION_SV: Final[dict[str, str]] = {
    "city": "staden",
    "inviter": "den som bjuder in",
    "other": "någon annan",
    "none": "ingen övernattning",
}

GOALS: Final = tuple(GOAL_SV)
DIRECTIONS: Final = tuple(DIRECTION_SV)
UNIT_TYPES: Final = tuple(UNIT_TYPE_SV)
COUNTERPART_TYPES: Final = tuple(COUNTERPART_TYPE_SV)
PAYERS: Final = tuple(PAYER_SV)

MAX_SEK: Final = 1_000_000_000_000
"""The largest amount accepted (a million million kronor): larger is a typing error, not a cost."""
MAX_TEXT: Final = 10_000
MAX_ITEMS: Final = 200


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the format.

    ``type`` is one of ``text``, ``enum``, ``list`` (of text, or of ``values``), ``number`` (kronor),
    ``bool``, ``date`` or ``object`` (with ``fields``). ``values`` maps each allowed value to its
    Swedish name. ``question`` is what the engine asks when the field is needed but not stated.
    """

    name: str
    type: str
    description: str
    question: str | None = None
    values: Mapping[str, str] | None = None
    kinds: tuple[str, ...] = ()
    fields: Mapping[str, Field] = field(default_factory=dict)


def _f(name: str, type_: str, description: str, question: str | None = None, **kw: Any) -> Field:
    return Field(name, type_, description, question, **kw)


UNIT_FIELDS: Final[dict[str, Field]] = {
    f.name: f
    for f in (
        _f("code", "text", "The unit's code in the organisation register, e.g. `MHN`."),
        _f("name", "text", "The unit's name, e.g. `Miljö- och hälsoskyddsnämnden`."),
        _f(
            "type",
            "enum",
            "The unit's type: it decides which body is the unit's own (`namnd` and `stadsdelsnamnd` → "
            "the committee, `bolag` → the company board, `kommunstyrelsen` → KS).",
            "Vilken typ av enhet äger ärendet: kommunstyrelsen, en nämnd, en stadsdelsnämnd eller ett bolag?",
            values=UNIT_TYPE_SV,
        ),
    )
}
COUNTERPART_FIELDS: Final[dict[str, Field]] = {
    f.name: f
    for f in (
        _f("name", "text", "The counterpart's name, e.g. `Greater London Authority`."),
        _f(
            "type",
            "enum",
            "What the counterpart is. A `region` that is a city's own government (e.g. the Greater "
            "London Authority) is judged by its city.",
            "Vilken typ av motpart är det: en stad, en region, en organisation, ett företag, ett lärosäte "
            "eller en statlig myndighet?",
            values=COUNTERPART_TYPE_SV,
        ),
        _f(
            "city",
            "text",
            "The counterpart's city, in Swedish or any common spelling (`Köpenhamn`, `Helsingfors`, "
            "`S:t Petersburg`).",
            "I vilken stad finns motparten?",
        ),
        _f(
            "country",
            "text",
            "The counterpart's country as an ISO 3166-1 alpha-2 code, e.g. `LV`.",
            "I vilket land finns motparten? Ange landet med dess landskod, till exempel LV för Lettland.",
        ),
    )
}

FIELDS: Final[dict[str, Field]] = {
    f.name: f
    for f in (
        _f("kind", "enum", "The kind of engagement (required).", values=KIND_SV),
        _f("title", "text", "A short title.", "Vad heter ärendet?"),
        _f(
            "unit",
            "object",
            "The owning unit (committee, district committee, company or KS).",
            "Vilken enhet äger ärendet?",
            fields=UNIT_FIELDS,
        ),
        _f(
            "goals",
            "list",
            "The council goals (inriktningsmål) the engagement serves.",
            "Vilka av kommunfullmäktiges inriktningsmål stöder engagemanget: en attraktiv, trygg och "
            "växande stad, kvalitet och valfrihet eller kostnadseffektiva verksamheter?",
            values=GOAL_SV,
        ),
        _f(
            "directions",
            "list",
            "The directions of international work the engagement belongs to.",
            "Vilken inriktning har engagemanget: positionering, verksamhetsutveckling eller bevakning och "
            "påverkan?",
            values=DIRECTION_SV,
        ),
        _f(
            "benefit",
            "text",
            "The concrete benefit for the people of Stockholm.",
            "Vilken konkret nytta ger engagemanget stockholmarna?",
        ),
        _f(
            "subject_area",
            "text",
            "The specific subject area, e.g. `miljö`, `IT`, `äldreomsorg`. General wordings (`allmänt`, "
            "`alla områden`) name no specific area.",
            "Vilket sakområde gäller engagemanget, till exempel miljö, IT eller stadsplanering?",
        ),
        _f(
            "counterpart",
            "object",
            "The other party.",
            "Vem är motparten?",
            fields=COUNTERPART_FIELDS,
        ),
        _f(
            "scope",
            "enum",
            "Whether a membership or an EU position concerns the whole city or one unit's activity.",
            "Gäller frågan hela staden eller en enskild verksamhet?",
            values={"citywide": "stadsövergripande", "unit_specific": "verksamhetsspecifik"},
            kinds=("membership", "eu_policy"),
        ),
        _f(
            "affected_units",
            "list",
            "Codes of the units whose activity an EU initiative affects.",
            "Vilka nämnders eller bolags verksamhet påverkas av EU-initiativet?",
            kinds=("eu_policy",),
        ),
        _f(
            "responsible_units",
            "list",
            "Codes of the units responsible for monitoring an EU policy area.",
            "Vilken nämnd eller bolagsstyrelse ansvarar för bevakningen av EU-policyområdet?",
            kinds=("eu_policy",),
        ),
        _f(
            "cost_sek",
            "number",
            f"The total cost in kronor (0 to {MAX_SEK:,}).".replace(",", " "),
            "Vad kostar engagemanget totalt, i kronor?",
        ),
        _f(
            "external_funding_sek",
            "number",
            "Financing from other parties (EU, Sida, …) in kronor.",
            "Hur mycket finansieras av andra parter, till exempel EU eller Sida, i kronor?",
        ),
        _f("aid_character", "bool", "The work is of an aid type (biståndskaraktär)."),
        _f("foreign_policy_stance", "bool", "The engagement takes a position of foreign policy."),
        _f("major_engagement", "bool", 'A "större internationellt engagemang" (KS decides).'),
        _f(
            "origin",
            "enum",
            "Where a request comes from.",
            "Kommer förfrågan utifrån, eller är den en motion?",
            values={"external": "en förfrågan utifrån", "motion": "en motion"},
            kinds=("request",),
        ),
        _f(
            "requested_kind",
            "enum",
            "The kind of engagement a request asks for; the request is judged by that kind's rules and "
            "decision row as well as its own.",
            "Vilket slags engagemang gäller förfrågan, till exempel ett samarbetsavtal, ett medlemskap "
            "eller ett EU-projekt?",
            values={k: v for k, v in KIND_SV.items() if k != "request"},
            kinds=("request",),
        ),
        _f(
            "agreement_type",
            "enum",
            "Cooperation agreement or twin-city agreement.",
            "Är avtalet ett samarbetsavtal eller ett vänortsavtal?",
            values={"cooperation": "samarbetsavtal", "twin_city": "vänortsavtal"},
            kinds=("agreement", "request"),
        ),
        _f(
            "mutual_benefit",
            "text",
            "The benefit an agreement gives both parties.",
            "Vilken ömsesidig nytta ger avtalet båda parter?",
            kinds=("agreement", "request"),
        ),
        _f(
            "travel_paid_by",
            "enum",
            "Who pays the journey of the city's representatives; `none` when there is no journey (a "
            "reception in Stockholm, a web meeting). For a `visit` it is the visitors' own travel.",
            "Vem betalar resan: staden, den som bjuder in eller någon annan? "
            "Eller innebär ärendet ingen resa?",
            values=PAYER_SV,
            kinds=("invitation", "trip", "visit"),
        ),
        _f(
            "accommodation_paid_by",
            "enum",
            "Who pays the stay; `none` when there is none. When not stated, the stay is paid like the "
            "journey.",
            "Vem betalar logiet: staden, den som bjuder in eller någon annan?",
            values=ACCOMMODATION_SV,
            kinds=("invitation", "trip", "visit"),
        ),
        _f(
            "hospitality_offered",
            "bool",
            "Someone else offers the city's representatives anything of value: meals, receptions, gifts.",
            kinds=("invitation", "trip", "visit"),
        ),
        _f(
            "role",
            "text",
            "The role of the city's representative, in Swedish or English (`talare`, `speaker`, "
            "`moderator`, `paneldeltagare`, `deltagare`, …).",
            "Vilken roll har stadens representant: ska hen tala, föreläsa, moderera, sitta i en panel eller "
            "jury, eller delta?",
            kinds=("invitation", "trip"),
        ),
        _f(
            "special_reasons",
            "text",
            "The special reasons (synnerliga skäl) stated for an exception.",
            "Vilka synnerliga skäl finns för att någon annan än staden betalar resan?",
            kinds=("invitation", "trip"),
        ),
        _f(
            "bribery_assessment_done",
            "bool",
            "A bribery assessment has been made.",
            "Har en mutbedömning gjorts enligt lagstiftningen och stadens policy?",
            kinds=("invitation", "trip", "visit"),
        ),
        _f(
            "learning_objective",
            "text",
            "What a trip is to teach, and from whom.",
            "Vad ska resan lära oss, och av vem?",
            kinds=("trip",),
        ),
        _f(
            "plan_reference",
            "text",
            "The business-plan item an EU project links to.",
            "Vilken punkt i verksamhetsplanen knyter EU-projektet till?",
            kinds=("eu_project",),
        ),
        _f(
            "representative",
            "text",
            "Who represents the city in a membership.",
            "Vem representerar staden i organisationen?",
            kinds=("membership",),
        ),
        _f(
            "contribution",
            "text",
            "The active contribution planned in a membership.",
            "Vilken aktiv insats planerar staden i organisationen?",
            kinds=("membership",),
        ),
        _f(
            "participation",
            "enum",
            "Whether the city takes an active part in a membership (`passive` fails the rule on active "
            "participation).",
            "Ska staden delta aktivt eller passivt i organisationen?",
            values={"active": "aktivt", "passive": "passivt"},
            kinds=("membership",),
        ),
        _f(
            "start_date",
            "date",
            "When a membership began (ISO date). A date after `as_of` is not a fact yet.",
            "När inleddes medlemskapet?",
            kinds=("membership",),
        ),
        _f(
            "last_review",
            "date",
            "The last review decision of a membership (ISO date). A date after `as_of` is no review.",
            "När omprövades medlemskapet senast? Ange datumet för det senaste omprövningsbeslutet.",
            kinds=("membership",),
        ),
        _f(
            "brand_used",
            "bool",
            'Communication builds on the brand "Stockholm – The Capital of Scandinavia".',
            "Utgår kommunikationen från varumärket ”Stockholm – The Capital of Scandinavia”?",
            kinds=("communication",),
        ),
        _f("as_of", "date", "The date of assessment (default: the command's `--as-of`, else today)."),
    )
}

BOOL_FIELDS: Final = frozenset(name for name, f in FIELDS.items() if f.type == "bool")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_TYPE_NAMES: Final[dict[type, str]] = {
    str: "text",
    int: "ett heltal",
    float: "ett tal",
    bool: "ett sanningsvärde (true eller false)",
    list: "en lista",
    dict: "ett objekt",
}


def type_name(value: object) -> str:
    """The Swedish name of a JSON value's type, for messages (also of a Python value from a caller
    that is not JSON)."""
    if value is None:
        return "null"
    found = _TYPE_NAMES.get(type(value))
    if found is not None:
        return found
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, Mapping):
        return _TYPE_NAMES[dict]
    if isinstance(value, date):
        return "ett datumobjekt"
    if isinstance(value, bytes | bytearray):
        return "bytes"
    if isinstance(value, tuple | set | frozenset):
        return "en samling som inte är en JSON-lista"
    return "ett värde som inte finns i JSON"


def _quoted(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"”{shown}”"


def _allowed(values: Mapping[str, str]) -> str:
    return ", ".join(values)


def nearest(name: str, known: Mapping[str, object]) -> str | None:
    """The known name closest to ``name`` (for "did you mean"), or ``None``."""
    if len(name) > 100:
        return None
    found = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def parse_date(value: object, path: str) -> date | None:
    """An ISO date (``YYYY-MM-DD``) or ``None`` for null/blank; :class:`InputError` otherwise."""
    problem = _date_problem(value, path)
    if problem is not None:
        raise InputError([problem])
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    return date.fromisoformat(text) if text else None


def _date_problem(value: object, path: str) -> Problem | None:
    if value is None or isinstance(value, date):
        return None
    if not isinstance(value, str):
        return Problem(path, f"ska vara ett datum (ÅÅÅÅ-MM-DD) som text, inte {type_name(value)}.")
    text = value.strip()
    if not text:
        return None
    if not _DATE_RE.fullmatch(text):
        return Problem(path, f"{_quoted(value)} är inget datum på formen ÅÅÅÅ-MM-DD.")
    try:
        date.fromisoformat(text)
    except ValueError:
        return Problem(path, f"{_quoted(value)} är inget giltigt datum.")
    return None


def _text_problem(value: str, path: str) -> Problem | None:
    if len(value) > MAX_TEXT:
        return Problem(path, f"är för lång ({len(value):,} tecken; högst {MAX_TEXT:,}).".replace(",", " "))
    return None


def _kind_problem(kind: object) -> Problem | None:
    if kind is None or (isinstance(kind, str) and not kind.strip()):
        return Problem("kind", f"ärendeslag saknas; ange ett av: {', '.join(KINDS)}.")
    if not isinstance(kind, str):
        return Problem("kind", f"ska vara text, inte {type_name(kind)}.")
    if kind in KIND_SET:
        return None
    guess = nearest(kind, KIND_SV)
    hint = f"; menar du ”{guess}”?" if guess else ""
    return Problem(
        "kind", f"okänt ärendeslag {_quoted(kind)}{hint}; tillåtna ärendeslag: {', '.join(KINDS)}."
    )


def _check(spec: Field, value: object, path: str, problems: list[Problem]) -> None:
    """Append the problems of one stated (non-null) value."""
    kind = spec.type
    if kind == "text" or kind == "enum":
        if not isinstance(value, str):
            problems.append(Problem(path, f"ska vara text, inte {type_name(value)}."))
            return
        too_long = _text_problem(value, path)
        if too_long is not None:
            problems.append(too_long)
        elif kind == "enum" and spec.values is not None and value.strip() and value not in spec.values:
            problems.append(
                Problem(path, f"okänt värde {_quoted(value)}; tillåtna värden: {_allowed(spec.values)}.")
            )
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(Problem(path, f"ska vara en lista, inte {type_name(value)}."))
            return
        if len(value) > MAX_ITEMS:
            problems.append(Problem(path, f"har för många värden ({len(value)}; högst {MAX_ITEMS})."))
            return
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if not isinstance(item, str):
                problems.append(Problem(where, f"ska vara text, inte {type_name(item)}."))
            elif len(item) > MAX_TEXT:
                problems.append(_text_problem(item, where) or Problem(where, "är för lång."))
            elif spec.values is not None and item not in spec.values:
                problems.append(
                    Problem(where, f"okänt värde {_quoted(item)}; tillåtna värden: {_allowed(spec.values)}.")
                )
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Problem(path, f"ska vara ett belopp i kronor (ett tal), inte {type_name(value)}.")
            )
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(path, "ska vara ett ändligt tal."))
        elif value < 0:
            problems.append(Problem(path, "får inte vara negativt."))
        elif value > MAX_SEK:
            problems.append(Problem(path, "är orimligt stort (högst 1 000 000 000 000 kronor)."))
    elif kind == "bool":
        if not isinstance(value, bool):
            problems.append(Problem(path, f"ska vara true eller false, inte {type_name(value)}."))
    elif kind == "date":
        problem = _date_problem(value, path)
        if problem is not None:
            problems.append(problem)
    elif kind == "object":
        if not isinstance(value, Mapping):
            problems.append(Problem(path, f"ska vara ett objekt, inte {type_name(value)}."))
            return
        _check_keys(value, spec.fields, f"{path}.", problems)
        if spec.name == "counterpart":
            country = value.get("country")
            if isinstance(country, str) and country.strip() and len(country) <= MAX_TEXT:
                from omvarld.geo import is_valid_country

                if not is_valid_country(country):
                    problems.append(
                        Problem(
                            f"{path}.country",
                            f"okänd landskod {_quoted(country)}; ange en landskod enligt ISO 3166-1 med två "
                            "bokstäver, till exempel SE.",
                        )
                    )


def _check_keys(
    data: Mapping[Any, Any], fields: Mapping[str, Field], prefix: str, problems: list[Problem]
) -> None:
    for key, value in data.items():
        spec = fields.get(key) if isinstance(key, str) else None
        if spec is None:
            name = str(key)
            guess = nearest(name, fields)
            hint = f"; menar du ”{guess}”?" if guess else f"; kända fält: {', '.join(fields)}."
            problems.append(Problem(f"{prefix}{name}"[:120], f"okänt fält{hint}"))
        elif value is not None and spec.name != "kind":
            _check(spec, value, f"{prefix}{key}", problems)


# ---------------------------------------------------------------- the fast path
# Most engagements are valid. Each field has a quick test that only says "certainly valid"; an
# engagement whose every field passes it has no problems, and any other is examined by the full
# checks above, which find and word every problem. (The tests prove both paths agree.)


@lru_cache(maxsize=4096)
def _valid_date_text(text: str) -> bool:
    return _date_problem(text, "") is None


@lru_cache(maxsize=1024)
def _valid_country_text(text: str) -> bool:
    if not text.strip():
        return True
    from omvarld.geo import is_valid_country

    return len(text) <= MAX_TEXT and is_valid_country(text)


def _field_test(spec: Field, value: str, names: dict[str, Any]) -> str:
    """A Python expression that is true when ``value`` (a non-null stated value) is certainly valid."""
    kind, values = spec.type, spec.values
    if kind == "enum" and values is not None:
        allowed = names.setdefault(f"_allowed_{spec.name}_{len(names)}", frozenset(values))
        name = next(k for k, v in names.items() if v is allowed)
        return f"({value}.__class__ is str and {value} in {name})"
    if kind in ("text", "enum"):
        return f"({value}.__class__ is str and len({value}) <= {MAX_TEXT})"
    if kind == "list":
        # No Python step per item: join raises TypeError unless every item is text (the function
        # answers False then), a set of allowed values must hold them all, or no item be too long.
        if values is not None:
            name = f"_allowed_{spec.name}"
            names[name] = frozenset(values)
            items = f"{name}.issuperset({value})"
        else:
            items = f"max(map(len, {value})) <= {MAX_TEXT}"
        return (
            f"({value}.__class__ is list and len({value}) <= {MAX_ITEMS} and "
            f"(not {value} or (''.join({value}).__class__ is str and {items})))"
        )
    if kind == "number":
        return f"(({value}.__class__ is int or {value}.__class__ is float) and 0 <= {value} <= {MAX_SEK})"
    if kind == "bool":
        return f"{value}.__class__ is bool"
    if kind == "date":
        return f"({value}.__class__ is str and _valid_date_text({value}))"
    raise ValueError(f"no quick test for {spec.type}")


def _object_lines(spec: Field, value: str, names: dict[str, Any], depth: int) -> list[str]:
    """Statements that return False unless the object ``value`` is certainly valid."""
    pad = "    " * depth
    known = f"_keys_{spec.name}"
    names[known] = frozenset(spec.fields)
    lines = [
        f"{pad}if {value}.__class__ is not dict or not {value}.keys() <= {known}:",
        f"{pad}    return False",
    ]
    for name, sub in spec.fields.items():
        inner = f"{value}_{name}"
        test = (
            f"({inner}.__class__ is str and _valid_country_text({inner}))"
            if spec.name == "counterpart" and name == "country"
            else _field_test(sub, inner, names)
        )
        lines += [
            f"{pad}{inner} = {value}.get({name!r})",
            f"{pad}if {inner} is not None and not {test}:",
            f"{pad}    return False",
        ]
    return lines


def _compile_certainly_valid() -> Callable[[object], bool]:
    """One function that answers "certainly valid" for an engagement: every field read once and tested
    in place, no call per field (the engine's most frequent question, asked of every input line)."""
    names: dict[str, Any] = {
        "_KINDS": KIND_SET,
        "_KNOWN": frozenset(FIELDS),
        "_valid_date_text": _valid_date_text,
        "_valid_country_text": _valid_country_text,
    }
    lines = [
        "def certainly_valid(d):",
        "  try:",
        "    if d.__class__ is not dict or not d.keys() <= _KNOWN:",
        "        return False",
        "    v = d.get('kind')",
        "    if v.__class__ is not str or v not in _KINDS:",
        "        return False",
    ]
    for name, spec in FIELDS.items():
        if name == "kind":
            continue
        value = f"v_{name}"
        if spec.type == "object":
            lines += [f"    {value} = d.get({name!r})", f"    if {value} is not None:"]
            lines += _object_lines(spec, value, names, 2)
        else:
            lines += [
                f"    {value} = d.get({name!r})",
                f"    if {value} is not None and not {_field_test(spec, value, names)}:",
                "        return False",
            ]
    lines += ["    return True", "  except TypeError:  # a list item that is not text", "    return False"]
    source = "\n".join(lines)
    exec(compile(source, "<interchange certainly_valid>", "exec"), names)  # noqa: S102 - generated here
    function: Callable[[object], bool] = names["certainly_valid"]
    return function


_certainly_valid = _compile_certainly_valid()
certainly_valid = _certainly_valid
"""True only for an engagement that certainly has no problems (``engagement_problems`` is then empty);
False says nothing: ask :func:`engagement_problems`."""


def engagement_problems(data: object) -> list[Problem]:
    """Every problem of one engagement object (empty when it is valid)."""
    if _certainly_valid(data):
        return []
    return all_problems(data)


def all_problems(data: object) -> list[Problem]:
    """Every problem of one engagement object, found by the full checks (no quick test first)."""
    if not isinstance(data, Mapping):
        return [Problem("", f"ett ärende ska vara ett JSON-objekt, inte {type_name(data)}.")]
    problems: list[Problem] = []
    kind = _kind_problem(data.get("kind"))
    if kind is not None:
        problems.append(kind)
    _check_keys(data, FIELDS, "", problems)
    return problems


def validate_engagement(data: object) -> Mapping[str, Any]:
    """Check one engagement object; return it unchanged, or raise :class:`InputError` with every
    problem found."""
    problems = engagement_problems(data)
    if problems or not isinstance(data, Mapping):
        raise InputError(problems)
    return data


def field_spec(path: str) -> Field | None:
    """The field at ``path`` (``"travel_paid_by"``, ``"counterpart.city"``), or ``None``."""
    head, _, tail = path.partition(".")
    spec = FIELDS.get(head)
    if spec is None or not tail:
        return spec
    return spec.fields.get(tail)


def question_for(path: str | None) -> str | None:
    """The Swedish question that the field at ``path`` answers."""
    spec = field_spec(path) if path else None
    return spec.question if spec is not None else None
