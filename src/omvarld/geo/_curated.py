"""Curated tables where GeoNames lacks a fact or a name (see the package docstring).

Keep these small: add an entry only when ``omvarld.geo`` needs it and the GeoNames data do not have
it. The tables marked *(baked)* are read by :mod:`omvarld.geo.build` when it generates
``places.json``: after changing one, run ``uv run python -m omvarld.geo.build``.
"""

from __future__ import annotations

# ------------------------------------------------------------------------------------- city names

# (baked) Swedish spelling -> (country, GeoNames canonical name). Only input spellings that GeoNames
# lacks and that are not already a display name in SWEDISH_NAMES (those are looked up too).
EXONYMS: dict[str, tuple[str, str]] = {
    "Suleimanya": ("IQ", "Sulaymaniyah"),  # the seed's spelling (motion 2001:71)
    "Suleimaniya": ("IQ", "Sulaymaniyah"),
    "Sulaimaniya": ("IQ", "Sulaymaniyah"),
    "S:t Petersburg": ("RU", "Saint Petersburg"),
    "Den Haag": ("NL", "The Hague"),
}

# (baked) (country, GeoNames canonical name) -> Swedish display name, where the two differ. Used in
# the Swedish reasons of the policy engine, and each name is also accepted as input. Sources: the
# Swedish names used by Regeringskansliet/UD and Nationalencyklopedin; Finnish cities under their
# official Swedish names.
SWEDISH_NAMES: dict[tuple[str, str], str] = {
    # Capitals of the EU/EEA and the Nordic countries (the others are written as in GeoNames:
    # Berlin, Paris, Madrid, Oslo, Riga, Nuuk, Mariehamn ...).
    ("AT", "Vienna"): "Wien",
    ("BE", "Brussels"): "Bryssel",
    ("CZ", "Prague"): "Prag",
    ("DK", "Copenhagen"): "Köpenhamn",
    ("FI", "Helsinki"): "Helsingfors",
    ("FO", "Tórshavn"): "Torshamn",
    ("GR", "Athens"): "Aten",
    ("IS", "Reykjavík"): "Reykjavik",
    ("IT", "Rome"): "Rom",
    ("LU", "Luxembourg"): "Luxemburg",
    ("NL", "The Hague"): "Haag",
    ("PL", "Warsaw"): "Warszawa",
    ("PT", "Lisbon"): "Lissabon",
    ("RO", "Bucharest"): "Bukarest",
    # Other capitals.
    ("AM", "Yerevan"): "Jerevan",
    ("CN", "Beijing"): "Peking",
    ("CU", "Havana"): "Havanna",
    ("DZ", "Algiers"): "Alger",
    ("EG", "Cairo"): "Kairo",
    ("ET", "Addis Ababa"): "Addis Abeba",
    ("HK", "Hong Kong"): "Hongkong",
    ("IQ", "Baghdad"): "Bagdad",
    ("IR", "Tehran"): "Teheran",
    ("KG", "Bishkek"): "Bisjkek",
    ("MO", "Macau"): "Macao",
    ("NP", "Kathmandu"): "Katmandu",
    ("PS", "East Jerusalem"): "Östra Jerusalem",
    ("RS", "Belgrade"): "Belgrad",
    ("RU", "Moscow"): "Moskva",
    ("SY", "Damascus"): "Damaskus",
    ("TJ", "Dushanbe"): "Dusjanbe",
    ("TM", "Ashgabat"): "Asjchabad",
    ("UZ", "Tashkent"): "Tasjkent",
    ("ZA", "Cape Town"): "Kapstaden",
    # Other cities.
    ("BE", "Antwerp"): "Antwerpen",
    ("BE", "Brugge"): "Brygge",
    ("CH", "Geneva"): "Genève",
    ("DE", "Munich"): "München",
    ("DE", "Nuremberg"): "Nürnberg",
    ("DK", "Helsingør"): "Helsingör",
    ("DK", "Aalborg"): "Ålborg",
    ("FI", "Espoo"): "Esbo",
    ("FI", "Lahti"): "Lahtis",
    ("FI", "Oulu"): "Uleåborg",
    ("FI", "Porvoo"): "Borgå",
    ("FI", "Tampere"): "Tammerfors",
    ("FI", "Turku"): "Åbo",
    ("FI", "Vaasa"): "Vasa",
    ("FI", "Vantaa"): "Vanda",
    ("IQ", "Sulaymaniyah"): "Suleimanya",
    ("IT", "Florence"): "Florens",
    ("IT", "Genoa"): "Genua",
    ("IT", "Milan"): "Milano",
    ("IT", "Naples"): "Neapel",
    ("IT", "Venice"): "Venedig",
    ("RU", "Saint Petersburg"): "S:t Petersburg",
    ("SE", "Gothenburg"): "Göteborg",
    ("UA", "Kharkiv"): "Charkiv",
    ("UA", "Odesa"): "Odessa",
    ("US", "New York City"): "New York",
}

# ----------------------------------------------------------------------------------- capitals

# (baked) country -> GeoNames canonical name of the official capital, where GeoNames' country table
# names a place that is not in the city data.
CAPITAL_OVERRIDES: dict[str, str] = {
    # GeoNames' country table says "Melekeok" (the state); the capital is Ngerulmud, in Melekeok
    # State, the seat of government since 2006 and GeoNames' PPLC.
    "PW": "Ngerulmud",
}

# (baked) country -> ((GeoNames canonical name, reason), ...): seats of government and other
# capital cities that differ from the official capital (GeoNames' country table). The policy counts
# them as capitals too.
SEATS_OF_GOVERNMENT: dict[str, tuple[tuple[str, str], ...]] = {
    "NL": (("The Hague", "seat of government, parliament and the King; Amsterdam is the capital"),),
    "BO": (("La Paz", "seat of government and parliament; Sucre is the constitutional capital"),),
    "ZA": (
        ("Cape Town", "legislative capital (seat of parliament)"),
        ("Bloemfontein", "judicial capital (Supreme Court of Appeal)"),
    ),
    "BJ": (("Cotonou", "seat of government; Porto-Novo is the official capital"),),
    "CI": (("Abidjan", "seat of government and most ministries; Yamoussoukro is the official capital"),),
    "TZ": (("Dar es Salaam", "seat of most ministries and missions; Dodoma is the official capital"),),
    "MY": (("Putrajaya", "federal administrative centre, seat of government since 1999"),),
    "LK": (
        (
            "Sri Jayewardenepura Kotte",
            "constitutional capital and seat of parliament; GeoNames gives Colombo, the executive capital",
        ),
    ),
    "SZ": (("Lobamba", "legislative and royal capital; Mbabane is the administrative capital"),),
    "BI": (("Bujumbura", "economic capital and seat of most ministries; Gitega is the capital since 2019"),),
}

# ---------------------------------------------------------------------------------- sovereignty

# The 193 member states of the United Nations (un.org/en/about-us/member-states), by ISO 3166-1
# alpha-2 code.
_UN_MEMBER_CODES = """
    AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG
    CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH
    GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ
    LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG
    NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN
    SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM
    ZW
"""
UN_MEMBER_STATES: frozenset[str] = frozenset(_UN_MEMBER_CODES.split())

# The two non-member observer states of the UN General Assembly.
UN_OBSERVER_STATES: frozenset[str] = frozenset({"PS", "VA"})  # Palestine, the Holy See (Vatican)

# States outside the UN that geo treats as sovereign. Whether Sweden recognises one is a policy
# question, handled in the policy engine, not here.
OTHER_STATES: dict[str, str] = {
    "XK": "Kosovo: independent since 2008, recognised by Sweden and most EU states",
    "TW": "Taiwan: self-governing state with its own government; GeoNames lists it as a country",
}

# Non-sovereign territories among GeoNames' countries -> the sovereign state each belongs to or is
# associated with. Source: ISO 3166-1 (entries that are not "independent", with their
# administering state) and the UN list of member and observer states.
TERRITORIES: dict[str, str | None] = {
    # No sovereign.
    "AQ": None,  # Antarctica: governed by the Antarctic Treaty, no sovereign
    "EH": None,  # Western Sahara: UN non-self-governing territory, sovereignty disputed
    # Australia's external territories.
    "CC": "AU",  # Cocos (Keeling) Islands
    "CX": "AU",  # Christmas Island
    "HM": "AU",  # Heard Island and McDonald Islands
    "NF": "AU",  # Norfolk Island
    # China's special administrative regions.
    "HK": "CN",  # Hong Kong
    "MO": "CN",  # Macao
    # The Danish realm (autonomous).
    "FO": "DK",  # Faroe Islands
    "GL": "DK",  # Greenland
    # Finland (autonomous).
    "AX": "FI",  # Åland
    # France: overseas departments, collectivities and territories.
    "BL": "FR",  # Saint Barthélemy
    "GF": "FR",  # French Guiana
    "GP": "FR",  # Guadeloupe
    "MF": "FR",  # Saint Martin (French part)
    "MQ": "FR",  # Martinique
    "NC": "FR",  # New Caledonia
    "PF": "FR",  # French Polynesia
    "PM": "FR",  # Saint Pierre and Miquelon
    "RE": "FR",  # Réunion
    "TF": "FR",  # French Southern Territories
    "WF": "FR",  # Wallis and Futuna
    "YT": "FR",  # Mayotte
    # British Crown dependencies and overseas territories.
    "AI": "GB",  # Anguilla
    "BM": "GB",  # Bermuda
    "FK": "GB",  # Falkland Islands (claimed by Argentina)
    "GG": "GB",  # Guernsey
    "GI": "GB",  # Gibraltar
    "GS": "GB",  # South Georgia and the South Sandwich Islands
    "IM": "GB",  # Isle of Man
    "IO": "GB",  # British Indian Ocean Territory (2025 treaty cedes it to Mauritius; not in force)
    "JE": "GB",  # Jersey
    "KY": "GB",  # Cayman Islands
    "MS": "GB",  # Montserrat
    "PN": "GB",  # Pitcairn Islands
    "SH": "GB",  # Saint Helena, Ascension and Tristan da Cunha
    "TC": "GB",  # Turks and Caicos Islands
    "VG": "GB",  # British Virgin Islands
    # The Kingdom of the Netherlands: constituent countries and the Caribbean Netherlands.
    "AW": "NL",  # Aruba
    "BQ": "NL",  # Bonaire, Sint Eustatius and Saba
    "CW": "NL",  # Curaçao
    "SX": "NL",  # Sint Maarten
    # Norway's dependencies.
    "BV": "NO",  # Bouvet Island
    "SJ": "NO",  # Svalbard and Jan Mayen
    # New Zealand: Tokelau, and the states in free association (not UN members).
    "CK": "NZ",  # Cook Islands
    "NU": "NZ",  # Niue
    "TK": "NZ",  # Tokelau
    # United States territories.
    "AS": "US",  # American Samoa
    "GU": "US",  # Guam
    "MP": "US",  # Northern Mariana Islands
    "PR": "US",  # Puerto Rico
    "UM": "US",  # United States Minor Outlying Islands
    "VI": "US",  # U.S. Virgin Islands
}

# Codes GeoNames still lists for countries that no longer exist (ISO 3166-3) -> their successors.
# Neither sovereign nor a territory of anyone today.
FORMER_COUNTRIES: dict[str, tuple[str, ...]] = {
    "AN": ("CW", "SX", "BQ"),  # Netherlands Antilles, dissolved 2010
    "CS": ("RS", "ME"),  # Serbia and Montenegro, dissolved 2006
}

# ------------------------------------------------------------------------------- country names

# Other names a Stockholm official may write for a country (the Swedish names in
# ``countries_sv.json`` and GeoNames' English names are understood anyway).
COUNTRY_ALIASES: dict[str, str] = {
    "Holland": "NL",
    "Great Britain": "GB",
    "Britain": "GB",
    "UK": "GB",
    "Förenade kungariket": "GB",
    "England": "GB",
    "Skottland": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Nordirland": "GB",
    "Northern Ireland": "GB",
    "United States of America": "US",
    "Förenta staterna": "US",
    "Vitryssland": "BY",
    "Swaziland": "SZ",
    "Tjeckiska republiken": "CZ",
    "Czech Republic": "CZ",
    "Côte d'Ivoire": "CI",
    "Türkiye": "TR",
    "Burma": "MM",
    "Makedonien": "MK",
    "Macedonia": "MK",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Palestine": "PS",
    "State of Palestine": "PS",
    "Vatikanen": "VA",
    "Holy See": "VA",
    "Heliga stolen": "VA",
    "Demokratiska republiken Kongo": "CD",
    "DR Congo": "CD",
    "Republiken Kongo": "CG",
    "Russian Federation": "RU",
    "Ålandsöarna": "AX",
    "Macau": "MO",
    "Republiken Moldavien": "MD",
    "Viet Nam": "VN",
}
