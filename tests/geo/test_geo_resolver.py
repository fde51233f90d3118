"""The city resolver over GeoNames."""

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


@pytest.mark.parametrize(
    ("name", "canonical", "code"),
    [
        ("Haag", "The Hague", "NL"),
        ("Den Haag", "The Hague", "NL"),
        ("Östra Jerusalem", "East Jerusalem", "PS"),
        ("Hongkong", "Hong Kong", "HK"),
        ("Torshamn", "Tórshavn", "FO"),
        ("Köpenhamn", "Copenhagen", "DK"),
        ("Helsingfors", "Helsinki", "FI"),
        ("S:t Petersburg", "Saint Petersburg", "RU"),
        ("Åbo", "Turku", "FI"),
        ("Bryssel", "Brussels", "BE"),
        ("Peking", "Beijing", "CN"),
        ("Moskva", "Moscow", "RU"),
        ("Kairo", "Cairo", "EG"),
        ("Göteborg", "Gothenburg", "SE"),
        ("Kapstaden", "Cape Town", "ZA"),
    ],
)
def test_swedish_exonyms_resolve_with_or_without_the_country(name: str, canonical: str, code: str) -> None:
    place = resolve_city(name)
    assert place is not None
    assert (place.name, place.country) == (canonical, code)
    assert resolve_city(name, code) == place


def test_a_city_called_so_beats_one_with_the_name_only_as_an_alternate_name() -> None:
    delhi = resolve_city("Delhi")  # Dili, the capital of Timor-Leste, is also written "Delhi"
    assert delhi is not None
    assert (delhi.name, delhi.country) == ("Delhi", "IN")
    puno = resolve_city("Puno")
    assert puno is not None
    assert (puno.name, puno.country) == ("Puno", "PE")


def test_resolve_city_is_memoised() -> None:
    first = resolve_city("Helsingfors", "FI")
    assert first is not None
    assert resolve_city("Helsingfors", "FI") is first


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
