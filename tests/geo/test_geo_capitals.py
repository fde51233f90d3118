"""Capitals: the official capital per GeoNames, and the seats of government the policy counts too."""

from __future__ import annotations

import pytest

from omvarld.geo import capital_of, capitals_of, is_sovereign, is_valid_country, resolve_city
from omvarld.geo._curated import (
    OTHER_STATES,
    SEATS_OF_GOVERNMENT,
    SWEDISH_NAMES,
    UN_MEMBER_STATES,
    UN_OBSERVER_STATES,
)

SOVEREIGN_STATES = sorted(UN_MEMBER_STATES | UN_OBSERVER_STATES | OTHER_STATES.keys())


@pytest.mark.parametrize(
    ("code", "official", "seats"),
    [
        ("NL", "Amsterdam", ("The Hague",)),
        ("BO", "Sucre", ("La Paz",)),
        ("ZA", "Pretoria", ("Cape Town", "Bloemfontein")),
        ("BJ", "Porto-Novo", ("Cotonou",)),
        ("CI", "Yamoussoukro", ("Abidjan",)),
        ("TZ", "Dodoma", ("Dar es Salaam",)),
        ("MY", "Kuala Lumpur", ("Putrajaya",)),
        ("LK", "Colombo", ("Sri Jayewardenepura Kotte",)),
        ("SZ", "Mbabane", ("Lobamba",)),
        ("BI", "Gitega", ("Bujumbura",)),
        ("SE", "Stockholm", ()),
        ("PW", "Ngerulmud", ()),
    ],
)
def test_capitals_of_lists_the_official_capital_first_then_the_seats_of_government(
    code: str, official: str, seats: tuple[str, ...]
) -> None:
    places = capitals_of(code)
    assert tuple(p.name for p in places) == (official, *seats)
    assert all(p.country == code for p in places)
    first, *others = places
    assert (first.is_capital, first.is_seat_of_government) == (True, False)
    assert all((p.is_capital, p.is_seat_of_government) == (False, True) for p in others)
    assert capital_of(code) == first


def test_capitals_of_an_unknown_country_is_empty() -> None:
    assert capitals_of("XX") == ()
    assert capitals_of("") == ()
    assert capital_of("XX") is None


@pytest.mark.parametrize("name", ["Den Haag", "Haag", "The Hague", "den haag"])
def test_the_hague_is_a_seat_of_government_not_the_capital(name: str) -> None:
    place = resolve_city(name, "NL")
    assert place is not None
    assert (place.name, place.is_capital, place.is_seat_of_government) == ("The Hague", False, True)
    assert place.swedish_name == "Haag"
    assert capital_of("nl") == resolve_city("Amsterdam", "NL")


def test_every_seat_of_government_is_curated_with_a_reason() -> None:
    for code, seats in SEATS_OF_GOVERNMENT.items():
        assert is_sovereign(code)
        for name, reason in seats:
            assert reason.strip()
            assert resolve_city(name, code) in capitals_of(code)[1:]


# The one country whose GeoNames capital ("Melekeok") is not a city in the data: Ngerulmud stands
# in, by CAPITAL_OVERRIDES. Every other sovereign state's capital resolves.
@pytest.mark.parametrize("code", SOVEREIGN_STATES)
def test_every_sovereign_state_has_its_capital_in_the_data(code: str) -> None:
    capital = capital_of(code)
    assert capital is not None
    assert (capital.country, capital.is_capital) == (code, True)


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("New Delhi", "IN", "New Delhi"),  # its own city, not the Delhi agglomeration
        ("Brasília", "BR", "Brasília"),
        ("Washington", "US", "Washington"),
        ("Abuja", "NG", "Abuja"),
        ("San José", "CR", "San José"),
    ],
)
def test_a_capital_is_the_city_of_that_name_not_a_namesake(name: str, country: str, expected: str) -> None:
    capital = capital_of(country)
    assert capital is not None
    assert capital.name == expected
    assert resolve_city(name, country) == capital


# The capitals of the EU and EEA states and of the Nordic countries, as a Swedish text writes them.
@pytest.mark.parametrize(
    ("code", "swedish"),
    [
        ("AT", "Wien"),
        ("BE", "Bryssel"),
        ("BG", "Sofia"),
        ("CY", "Nicosia"),
        ("CZ", "Prag"),
        ("DE", "Berlin"),
        ("DK", "Köpenhamn"),
        ("EE", "Tallinn"),
        ("ES", "Madrid"),
        ("FI", "Helsingfors"),
        ("FR", "Paris"),
        ("GR", "Aten"),
        ("HR", "Zagreb"),
        ("HU", "Budapest"),
        ("IE", "Dublin"),
        ("IT", "Rom"),
        ("LT", "Vilnius"),
        ("LU", "Luxemburg"),
        ("LV", "Riga"),
        ("MT", "Valletta"),
        ("NL", "Amsterdam"),
        ("PL", "Warszawa"),
        ("PT", "Lissabon"),
        ("RO", "Bukarest"),
        ("SE", "Stockholm"),
        ("SI", "Ljubljana"),
        ("SK", "Bratislava"),
        ("IS", "Reykjavik"),
        ("LI", "Vaduz"),
        ("NO", "Oslo"),
        ("AX", "Mariehamn"),
        ("FO", "Torshamn"),
        ("GL", "Nuuk"),
        ("RU", "Moskva"),
        ("CN", "Peking"),
        ("EG", "Kairo"),
        ("IL", "Jerusalem"),
        ("PS", "Östra Jerusalem"),
        ("TW", "Taipei"),
        ("HK", "Hongkong"),
        ("US", "Washington"),
        ("MX", "Mexico City"),
        ("UA", "Kyiv"),
        ("RS", "Belgrad"),
    ],
)
def test_capitals_carry_their_swedish_name(code: str, swedish: str) -> None:
    capital = capital_of(code)
    assert capital is not None
    assert capital.swedish_name == swedish
    assert resolve_city(swedish, code) == capital


def test_every_swedish_name_is_understood_as_input() -> None:
    for (country, name), swedish in SWEDISH_NAMES.items():
        assert is_valid_country(country)
        place = resolve_city(swedish, country)
        assert place is not None, swedish
        assert (place.country, place.name, place.swedish_name) == (country, name, swedish)
