"""Curated name tables where GeoNames lacks a name (see the package docstring).

Keep these small: add an entry only when ``resolve_city`` or a Swedish reason text needs it and the
GeoNames data do not have it.
"""

from __future__ import annotations

# Swedish spelling -> (country, GeoNames canonical name). Only names GeoNames lacks.
EXONYMS: dict[str, tuple[str, str]] = {
    "Suleimanya": ("IQ", "Sulaymaniyah"),  # the seed's spelling (motion 2001:71)
    "Suleimaniya": ("IQ", "Sulaymaniyah"),
    "Sulaimaniya": ("IQ", "Sulaymaniyah"),
    "S:t Petersburg": ("RU", "Saint Petersburg"),
}

# (country, GeoNames canonical name) -> Swedish display name, where the two differ.
SWEDISH_NAMES: dict[tuple[str, str], str] = {
    ("AT", "Vienna"): "Wien",
    ("BE", "Brussels"): "Bryssel",
    ("BG", "Sofia"): "Sofia",
    ("CN", "Beijing"): "Peking",
    ("CZ", "Prague"): "Prag",
    ("DK", "Copenhagen"): "Köpenhamn",
    ("EG", "Cairo"): "Kairo",
    ("FI", "Helsinki"): "Helsingfors",
    ("FI", "Turku"): "Åbo",
    ("GR", "Athens"): "Aten",
    ("IQ", "Baghdad"): "Bagdad",
    ("IQ", "Sulaymaniyah"): "Suleimanya",
    ("IT", "Rome"): "Rom",
    ("LB", "Beirut"): "Beirut",
    ("PL", "Warsaw"): "Warszawa",
    ("PT", "Lisbon"): "Lissabon",
    ("RO", "Bucharest"): "Bukarest",
    ("RS", "Belgrade"): "Belgrad",
    ("RU", "Moscow"): "Moskva",
    ("RU", "Saint Petersburg"): "S:t Petersburg",
    ("SY", "Damascus"): "Damaskus",
    ("IR", "Tehran"): "Teheran",
    ("UA", "Kyiv"): "Kyiv",
    ("IS", "Reykjavík"): "Reykjavik",
    ("LU", "Luxembourg"): "Luxemburg",
    ("CH", "Bern"): "Bern",
    ("MX", "Mexico City"): "Mexico City",
    ("US", "Washington"): "Washington",
    ("NL", "The Hague"): "Haag",
    ("TR", "Ankara"): "Ankara",
    ("EE", "Tallinn"): "Tallinn",
    ("LT", "Vilnius"): "Vilnius",
    ("LV", "Riga"): "Riga",
    ("NO", "Oslo"): "Oslo",
    ("GB", "London"): "London",
}
