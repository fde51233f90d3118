"""The engagement interchange format (see POLICY-CATALOGUE.md): validation with Swedish messages.

Validation never copies or changes the engagement; it only raises :class:`InputError` naming the
first offending field. Unknown keys are ignored (forward compatibility). ``null`` and blank strings
or lists mean "not stated" everywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from omvarld.policy.errors import InputError

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

GOALS: Final = ("attraktiv", "kvalitet", "kostnadseffektiv")
DIRECTIONS: Final = ("positionering", "verksamhetsutveckling", "bevakning_paverkan")
UNIT_TYPES: Final = ("kommunstyrelsen", "namnd", "stadsdelsnamnd", "bolag")
COUNTERPART_TYPES: Final = ("city", "region", "organisation", "company", "university", "state_agency")

_ENUMS: Final[dict[str, tuple[str, ...]]] = {
    "scope": ("citywide", "unit_specific"),
    "origin": ("external", "motion"),
    "requested_kind": KINDS,
    "agreement_type": ("cooperation", "twin_city"),
    "travel_paid_by": ("city", "inviter", "other"),
}
_TEXT: Final = frozenset(
    {
        "title",
        "benefit",
        "subject_area",
        "mutual_benefit",
        "role",
        "special_reasons",
        "learning_objective",
        "plan_reference",
        "representative",
        "contribution",
    }
)
_LISTS: Final[dict[str, tuple[str, ...] | None]] = {
    "goals": GOALS,
    "directions": DIRECTIONS,
    "affected_units": None,
    "responsible_units": None,
}
_NUMBERS: Final = frozenset({"cost_sek", "external_funding_sek"})
BOOL_FIELDS: Final = frozenset(
    {
        "aid_character",
        "foreign_policy_stance",
        "major_engagement",
        "hospitality_offered",
        "bribery_assessment_done",
        "brand_used",
    }
)
_DATES: Final = frozenset({"start_date", "last_review", "as_of"})
_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

_TYPE_NAMES: Final[dict[type, str]] = {
    str: "text",
    int: "ett heltal",
    float: "ett tal",
    bool: "ett sanningsvärde (true/false)",
    list: "en lista",
    dict: "ett objekt",
}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def parse_date(value: object, field: str) -> date | None:
    """An ISO date (``YYYY-MM-DD``) or ``None`` for null/blank; :class:`InputError` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(field, f"ska vara ett datum (ÅÅÅÅ-MM-DD) som text, inte {_type_name(value)}.")
    text = value.strip()
    if not _DATE_RE.fullmatch(text):
        raise InputError(field, f"”{value}” är inget datum på formen ÅÅÅÅ-MM-DD.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"”{value}” är inget giltigt datum.") from None


def _check_text(value: object, field: str) -> None:
    if value is not None and not isinstance(value, str):
        raise InputError(field, f"ska vara text, inte {_type_name(value)}.")


def _check_enum(value: object, field: str, allowed: tuple[str, ...]) -> None:
    _check_text(value, field)
    if isinstance(value, str) and value.strip() and value not in allowed:
        raise InputError(field, f"okänt värde ”{value}”; tillåtna värden: {_choices(allowed)}.")


def _check_object(value: object, field: str) -> Mapping[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InputError(field, f"ska vara ett objekt, inte {_type_name(value)}.")
    return value


def validate_engagement(data: object) -> Mapping[str, Any]:
    """Check one engagement object; return it unchanged, or raise :class:`InputError`."""
    if not isinstance(data, Mapping):
        raise InputError("", f"ett ärende ska vara ett JSON-objekt, inte {_type_name(data)}.")
    kind = data.get("kind")
    if kind is None or (isinstance(kind, str) and not kind.strip()):
        raise InputError("kind", f"ärendeslag saknas; ange ett av: {_choices(KINDS)}.")
    if not isinstance(kind, str):
        raise InputError("kind", f"ska vara text, inte {_type_name(kind)}.")
    if kind not in KIND_SET:
        raise InputError("kind", f"okänt ärendeslag ”{kind}”; tillåtna ärendeslag: {_choices(KINDS)}.")
    for key, value in data.items():
        if value is None:
            continue
        if key in _TEXT:
            _check_text(value, key)
        elif key in _ENUMS:
            _check_enum(value, key, _ENUMS[key])
        elif key in _LISTS:
            if not isinstance(value, list):
                raise InputError(key, f"ska vara en lista, inte {_type_name(value)}.")
            allowed = _LISTS[key]
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    raise InputError(f"{key}[{i}]", f"ska vara text, inte {_type_name(item)}.")
                if allowed is not None and item not in allowed:
                    raise InputError(
                        f"{key}[{i}]", f"okänt värde ”{item}”; tillåtna värden: {_choices(allowed)}."
                    )
        elif key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(key, f"ska vara ett tal (kronor), inte {_type_name(value)}.")
            if not math.isfinite(value) or value < 0:
                raise InputError(key, f"ska vara ett ändligt tal som inte är negativt (fick {value}).")
        elif key in BOOL_FIELDS:
            if not isinstance(value, bool):
                raise InputError(key, f"ska vara true eller false, inte {_type_name(value)}.")
        elif key in _DATES:
            parse_date(value, key)
        elif key == "unit":
            unit = _check_object(value, key)
            if unit is not None:
                for sub in ("code", "name", "type"):
                    _check_text(unit.get(sub), f"unit.{sub}")
        elif key == "counterpart":
            cp = _check_object(value, key)
            if cp is not None:
                for sub in ("name", "city"):
                    _check_text(cp.get(sub), f"counterpart.{sub}")
                _check_enum(cp.get("type"), "counterpart.type", COUNTERPART_TYPES)
                country = cp.get("country")
                _check_text(country, "counterpart.country")
                if isinstance(country, str) and country.strip():
                    from omvarld.geo import is_valid_country

                    if not is_valid_country(country):
                        raise InputError(
                            "counterpart.country",
                            f"okänd landskod ”{country}”; ange en ISO 3166-1-kod med två bokstäver, "
                            "t.ex. ”SE”.",
                        )
    return data


def validate_many(items: list[object]) -> list[Mapping[str, Any]]:
    """Validate every element of an array; the error names the element's index."""
    out: list[Mapping[str, Any]] = []
    for i, item in enumerate(items):
        try:
            out.append(validate_engagement(item))
        except InputError as exc:
            raise exc.at_index(i) from None
    return out
