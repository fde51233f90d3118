"""The demo register's content: hand-written Swedish about the city's international work.

What ``engagements.demo`` combines into engagements: the counterparts, the subjects the units work on
abroad (with the places that lead in them), the memberships, agreements, requests, EU policy positions,
EU projects, aid-type work and communication the strategy names or implies, and the set phrases of
descriptions. Data only: the choices, the dates and the faults are made in ``engagements.demo``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from omvarld.engagements.models import Kind

# --- Counterparts ---------------------------------------------------------------------------------------

# key: (name, type, country, city as written — Swedish exonyms where Swedish has one).
COUNTERPARTS: Final[dict[str, tuple[str, str, str, str]]] = {
    # The Nordic and Baltic capitals, and other cities.
    "helsingfors": ("Helsingfors stad", "city", "FI", "Helsingfors"),
    "kopenhamn": ("Köpenhamns kommun", "city", "DK", "Köpenhamn"),
    "oslo": ("Oslo kommune", "city", "NO", "Oslo"),
    "reykjavik": ("Reykjavíkurborg", "city", "IS", "Reykjavik"),
    "tallinn": ("Tallinns stad", "city", "EE", "Tallinn"),
    "riga": ("Rigas stad", "city", "LV", "Riga"),
    "vilnius": ("Vilnius stad", "city", "LT", "Vilnius"),
    "warszawa": ("Warszawa stad", "city", "PL", "Warszawa"),
    "london": ("Greater London Authority", "city", "GB", "London"),
    "berlin": ("Berlins stad", "city", "DE", "Berlin"),
    "amsterdam": ("Amsterdams kommun", "city", "NL", "Amsterdam"),
    "wien": ("Wiens stad", "city", "AT", "Wien"),
    "paris": ("Paris stad", "city", "FR", "Paris"),
    "barcelona": ("Barcelonas stad", "city", "ES", "Barcelona"),
    "hamburg": ("Hamburgs stad", "city", "DE", "Hamburg"),
    "rotterdam": ("Rotterdams kommun", "city", "NL", "Rotterdam"),
    "glasgow": ("Glasgow City Council", "city", "GB", "Glasgow"),
    "stpetersburg": ("S:t Petersburgs stad", "city", "RU", "S:t Petersburg"),
    "toronto": ("Torontos stad", "city", "CA", "Toronto"),
    "vancouver": ("Vancouvers stad", "city", "CA", "Vancouver"),
    "newyork": ("New York City", "city", "US", "New York"),
    "sanfrancisco": ("San Franciscos stad", "city", "US", "San Francisco"),
    "seoul": ("Seoul Metropolitan Government", "city", "KR", "Seoul"),
    "tokyo": ("Tokyo Metropolitan Government", "city", "JP", "Tokyo"),
    "shanghai": ("Shanghais stad", "city", "CN", "Shanghai"),
    "shenzhen": ("Shenzhens stad", "city", "CN", "Shenzhen"),
    "kyiv": ("Kyivs stad", "city", "UA", "Kiev"),
    "lviv": ("Lvivs stad", "city", "UA", "Lviv"),
    "charkiv": ("Charkivs stad", "city", "UA", "Charkiv"),
    "nairobi": ("Nairobi City County", "city", "KE", "Nairobi"),
    "daressalaam": ("Dar es Salaams stad", "city", "TZ", "Dar es Salaam"),
    "kampala": ("Kampala Capital City Authority", "city", "UG", "Kampala"),
    "maputo": ("Maputos kommun", "city", "MZ", "Maputo"),
    "chisinau": ("Chişinăus kommun", "city", "MD", "Chişinău"),
    "tbilisi": ("Tbilisis stad", "city", "GE", "Tbilisi"),
    "kapstaden": ("Kapstadens stad", "city", "ZA", "Kapstaden"),
    "hanoi": ("Hanois folkkommitté", "city", "VN", "Hanoi"),
    "sarajevo": ("Sarajevos stad", "city", "BA", "Sarajevo"),
    "kigali": ("Kigalis stad", "city", "RW", "Kigali"),
    "addis": ("Addis Abebas stad", "city", "ET", "Addis Abeba"),
    "bogota": ("Bogotás stad", "city", "CO", "Bogotá"),
    "suleimanya": ("Suleimanya", "city", "IQ", "Suleimanya"),
    "catalonia": ("Generalitat de Catalunya", "region", "ES", "Barcelona"),
    # Networks and international organisations.
    "eurocities": ("Eurocities", "organisation", "BE", "Bryssel"),
    "ubc": ("Union of the Baltic Cities", "organisation", "PL", "Gdańsk"),
    "metropolis": ("Metropolis", "organisation", "ES", "Barcelona"),
    "uclg": ("United Cities and Local Governments (UCLG)", "organisation", "ES", "Barcelona"),
    "c40": ("C40 Cities", "organisation", "GB", "London"),
    "iclei": ("ICLEI – Local Governments for Sustainability", "organisation", "DE", "Bonn"),
    "polis": ("Polis", "organisation", "BE", "Bryssel"),
    "energycities": ("Energy Cities", "organisation", "FR", "Besançon"),
    "covenant": ("Borgmästaravtalet (Covenant of Mayors)", "organisation", "BE", "Bryssel"),
    "iaph": ("International Association of Ports and Harbors", "organisation", "JP", "Tokyo"),
    "cruisebaltic": ("Cruise Baltic", "organisation", "DK", "Köpenhamn"),
    "ecm": ("European Cities Marketing", "organisation", "FR", "Dijon"),
    "wccf": ("World Cities Culture Forum", "organisation", "GB", "London"),
    "who": ("WHO:s regionkontor för Europa", "organisation", "DK", "Köpenhamn"),
    "iwa": ("International Water Association", "organisation", "GB", "London"),
    "seu": ("Stockholmsregionens Europakommitté (SEU)", "organisation", "SE", "Stockholm"),
    "commission": ("Europeiska kommissionen", "organisation", "BE", "Bryssel"),
    "cor": ("Europeiska regionkommittén", "organisation", "BE", "Bryssel"),
    "oecd": ("OECD", "organisation", "FR", "Paris"),
    "urbact": ("Urbact", "organisation", "FR", "Paris"),
    "ysaatio": ("Y-stiftelsen (Y-Säätiö)", "organisation", "FI", "Helsingfors"),
    "lta": ("Land Transport Authority", "state_agency", "SG", "Singapore"),
    # Universities and companies, for the holistic work the strategy asks for.
    "aalto": ("Aalto-universitetet", "university", "FI", "Esbo"),
    "tudelft": ("Technische Universiteit Delft", "university", "NL", "Delft"),
    "mit": ("Massachusetts Institute of Technology", "university", "US", "Cambridge"),
    "buurtzorg": ("Buurtzorg Nederland", "company", "NL", "Almelo"),
    "wienerwohnen": ("Wiener Wohnen", "company", "AT", "Wien"),
    "hafencity": ("HafenCity Hamburg GmbH", "company", "DE", "Hamburg"),
    "byoghavn": ("By & Havn", "company", "DK", "Köpenhamn"),
    "portrotterdam": ("Port of Rotterdam", "company", "NL", "Rotterdam"),
    "tallinnport": ("Tallinna Sadam", "company", "EE", "Tallinn"),
    "fira": ("Fira de Barcelona", "company", "ES", "Barcelona"),
    "mipim": ("RX France (MIPIM)", "company", "FR", "Paris"),
    # Embassies in Stockholm: the invitation is to a reception here, without a journey.
    "amb-fi": ("Finlands ambassad i Stockholm", "state_agency", "FI", ""),
    "amb-fr": ("Frankrikes ambassad i Stockholm", "state_agency", "FR", ""),
    "amb-de": ("Tysklands ambassad i Stockholm", "state_agency", "DE", ""),
    "amb-jp": ("Japans ambassad i Stockholm", "state_agency", "JP", ""),
    "amb-ca": ("Kanadas ambassad i Stockholm", "state_agency", "CA", ""),
    "amb-cn": ("Kinas ambassad i Stockholm", "state_agency", "CN", ""),
}


# --- What the city's units work on abroad ---------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A subject the city works on abroad: who works on it, what it learns and shows, and where."""

    subject: str  # the subject area, as the engine reads it
    phrase: str  # "om …" in a title
    units: tuple[str, ...]  # unit codes, or "SDN" for any district committee in force
    goals: tuple[str, ...]
    lesson: str  # what a study trip learns ("hur …")
    strength: str  # what Stockholm shows others
    benefit: str
    places: tuple[tuple[str, str], ...]  # counterpart key, why that place leads in the subject


TOPICS: Final[tuple[Topic, ...]] = (
    Topic(
        subject="äldreomsorg",
        phrase="hemtjänst och äldreomsorg",
        units=("AELN", "SDN"),
        goals=("kvalitet", "kostnadseffektiv"),
        lesson=(
            "hur hemtjänsten kan organiseras i små självstyrande team med färre personer hos varje brukare"
        ),
        strength="Stockholms arbete med trygghetslarm, nattpatruller och valfrihet i hemtjänsten",
        benefit="Färre olika personal hos varje äldre stockholmare och en tryggare hemtjänst.",
        places=(
            ("buurtzorg", "Buurtzorg har byggt hela sin hemtjänst på team om högst tolv sjuksköterskor."),
            ("kopenhamn", "Köpenhamn har infört vardagsrehabilitering för alla nya brukare i hemtjänsten."),
            ("helsingfors", "Helsingfors har prövat digitala tillsynsbesök i stor skala."),
            ("oslo", "Oslo har byggt ut välfärdsteknik i hemmet i hela kommunen."),
        ),
    ),
    Topic(
        subject="skola",
        phrase="skolans läs- och skrivundervisning",
        units=("UTBN",),
        goals=("kvalitet",),
        lesson="hur tidiga insatser i läsning och lärarnas kollegiala lärande höjer resultaten i lågstadiet",
        strength="Stockholms uppföljning av skolresultat och det fria skolvalet",
        benefit="Bättre läsförmåga hos stockholmselever i lågstadiet.",
        places=(
            ("helsingfors", "De finska skolorna når höga resultat med specialpedagogiska insatser tidigt."),
            ("tallinn", "Tallinns skolor ligger i täten i Europa i PISA-undersökningarna."),
            ("toronto", "Toronto har lyft skolor i utsatta områden med riktade läsprogram."),
            ("shanghai", "Shanghai har ett välutvecklat system för lärares kollegiala lärande."),
        ),
    ),
    Topic(
        subject="förskola",
        phrase="förskolans pedagogik",
        units=("SDN", "UTBN"),
        goals=("kvalitet",),
        lesson="hur förskolan arbetar med språkutveckling för barn med annat modersmål",
        strength="Stockholms förskolor och arbetet med språkutveckling",
        benefit="Bättre språkutveckling för förskolebarn med annat modersmål än svenska.",
        places=(
            ("kopenhamn", "Köpenhamn har gjort språkscreening av alla treåringar sedan flera år."),
            ("oslo", "Oslo har ett uppmärksammat program för språkstöd i förskolan."),
            ("helsingfors", "Helsingfors har utvecklat en ny plan för småbarnspedagogik."),
        ),
    ),
    Topic(
        subject="cykeltrafik",
        phrase="cykelplanering",
        units=("TN",),
        goals=("attraktiv",),
        lesson="hur cykelnätet byggs med separerade banor och prioritet för cyklister i korsningar",
        strength="Stockholms cykelplan och vinterväghållning av cykelbanor",
        benefit="Säkrare och snabbare cykelpendling för stockholmarna.",
        places=(
            ("kopenhamn", "I Köpenhamn görs fler än hälften av arbetspendlingen med cykel."),
            ("amsterdam", "Amsterdam har Europas tätaste nät av cykelbanor och cykelparkeringar."),
            ("paris", "Paris har byggt ut cykelbanorna snabbt och infört lånecyklar i hela staden."),
            ("tudelft", "TU Delft forskar på cykelns roll i stadens transportsystem."),
        ),
    ),
    Topic(
        subject="trängselskatt",
        phrase="trängselskatt och trafikstyrning",
        units=("TN", "KS"),
        goals=("attraktiv", "kostnadseffektiv"),
        lesson="hur avgifter och realtidsstyrning minskar köerna i stadens infarter",
        strength="trängselskatten i Stockholm och dess effekter på trafiken och luften",
        benefit="Mindre köer och renare luft i innerstaden.",
        places=(
            ("london", "London har haft en trängselavgift i innerstaden sedan 2003."),
            ("lta", "Singapore har världens mest utvecklade system för vägavgifter."),
            ("oslo", "Oslo har finansierat sin kollektivtrafik med vägtullar i många år."),
        ),
    ),
    Topic(
        subject="miljö och klimat",
        phrase="klimatarbete",
        units=("MHN", "KS"),
        goals=("attraktiv",),
        lesson="hur en klimatbudget styr utsläppen i stadens förvaltningar och bolag",
        strength="Stockholms klimatmål och arbetet som gav titeln European Green Capital 2010",
        benefit="Lägre utsläpp från stadens verksamheter och en renare stad.",
        places=(
            ("oslo", "Oslo styr utsläppen med mål för varje förvaltning i stadens budget."),
            ("kopenhamn", "Köpenhamn har en plan för att bli koldioxidneutralt."),
            ("london", "London har en miljözon som ställer krav på fordonen i innerstaden."),
            ("vancouver", "Vancouver har en handlingsplan för att bli världens grönaste stad."),
            ("c40", "C40 samlar de städer som har kommit längst i klimatarbetet."),
        ),
    ),
    Topic(
        subject="avfall",
        phrase="avfallshantering och återvinning",
        units=("SVAB", "MHN"),
        goals=("attraktiv", "kostnadseffektiv"),
        lesson="hur matavfall samlas in och blir biogas och hur återvinningen ökar i flerbostadshus",
        strength="Stockholms system med sopsug och biogas från matavfall",
        benefit="Mer återvunnet avfall och lägre kostnader för hushållen.",
        places=(
            ("wien", "Wien har ett sammanhållet system för avfallsförbränning och fjärrvärme."),
            ("sanfrancisco", "San Francisco återvinner en större andel av avfallet än nästan alla städer."),
            ("seoul", "Seoul tar betalt efter vikt för matavfall från hushållen."),
            ("kopenhamn", "Köpenhamn har byggt en ny anläggning för avfallsförbränning mitt i staden."),
        ),
    ),
    Topic(
        subject="vatten och klimatanpassning",
        phrase="skyfall och dagvatten",
        units=("SVAB", "MHN", "SBN"),
        goals=("attraktiv",),
        lesson="hur staden planerar för skyfall med ytor som kan ta emot vatten",
        strength="Stockholms arbete med dagvatten och rening av Mälarens vatten",
        benefit="Färre översvämmade källare och renare vatten i Mälaren och Saltsjön.",
        places=(
            ("kopenhamn", "Köpenhamn planerar gator och parker som kan leda bort vattnet vid skyfall."),
            ("rotterdam", "Rotterdam har byggt torg som fungerar som vattenmagasin vid skyfall."),
            ("amsterdam", "Amsterdam arbetar med gröna tak som fördröjer dagvattnet."),
            ("hamburg", "Hamburg har en strategi för dagvatten i hela staden."),
        ),
    ),
    Topic(
        subject="stadsplanering",
        phrase="stadsplanering och nya stadsdelar",
        units=("SBN", "EXPN"),
        goals=("attraktiv",),
        lesson="hur nya stadsdelar planeras med blandade funktioner och hög miljöprofil",
        strength="Hammarby sjöstad och Norra Djurgårdsstaden",
        benefit="Bättre planering av nya stadsdelar med bostäder, arbetsplatser och service.",
        places=(
            ("hafencity", "HafenCity är ett av Europas största stadsutvecklingsprojekt."),
            ("byoghavn", "Nordhavn i Köpenhamn byggs som en klimatneutral stadsdel."),
            ("oslo", "Oslo har omvandlat sin hamn till en ny stadsdel med kultur och bostäder."),
            ("helsingfors", "Helsingfors bygger nya stadsdelar på gamla hamnområden."),
            ("amsterdam", "Amsterdam har byggt nya bostadsområden på konstgjorda öar."),
        ),
    ),
    Topic(
        subject="bostäder",
        phrase="bostadsförsörjning och allmännyttan",
        units=("SVB", "FB", "SH"),
        goals=("attraktiv", "kvalitet"),
        lesson="hur allmännyttiga bostäder byggs och förvaltas kostnadseffektivt",
        strength="de kommunala bostadsbolagens renoveringar av miljonprogrammet",
        benefit="Fler bostäder och lägre kostnader för renovering.",
        places=(
            ("wienerwohnen", "Wien äger och förvaltar en stor del av stadens bostäder."),
            ("wien", "Wien bygger hyresbostäder med höga krav på arkitektur och energi."),
            ("amsterdam", "Amsterdams bostadsbolag har renoverat stora bestånd till passivhusstandard."),
        ),
    ),
    Topic(
        subject="kultur",
        phrase="bibliotek och kultur",
        units=("KN", "STADSTEATERN"),
        goals=("attraktiv", "kvalitet"),
        lesson="hur bibliotek blir mötesplatser med nya tjänster för alla åldrar",
        strength="Stockholms stadsbibliotek och Kulturhuset Stadsteatern",
        benefit="Fler besök på biblioteken och ett rikare kulturliv i hela staden.",
        places=(
            ("helsingfors", "Helsingfors har gjort sina bibliotek till mötesplatser för hela staden."),
            ("berlin", "Berlin har ett av Europas rikaste utbud av scenkonst."),
            ("amsterdam", "Amsterdams centralbibliotek har förnyat bibliotekets roll i staden."),
            ("paris", "Paris satsar på kultur i förorterna med nya mötesplatser."),
        ),
    ),
    Topic(
        subject="idrott",
        phrase="idrott och folkhälsa",
        units=("IDN",),
        goals=("attraktiv", "kvalitet"),
        lesson="hur idrottsanläggningar används av fler grupper och hur spontanidrotten ökar",
        strength="Stockholms idrottsanläggningar och stora idrottsevenemang",
        benefit="Fler stockholmare som rör sig och bättre nyttjade anläggningar.",
        places=(
            ("london", "London planerar för att de olympiska anläggningarna ska leva vidare i stadsdelen."),
            ("kopenhamn", "Köpenhamn har byggt idrottsytor i det offentliga rummet."),
            ("oslo", "Oslo har en plan för idrottsanläggningar för hela befolkningen."),
        ),
    ),
    Topic(
        subject="arbetsmarknad",
        phrase="arbetsmarknad och etablering",
        units=("AMN", "SDN"),
        goals=("kvalitet", "kostnadseffektiv"),
        lesson="hur nyanlända och unga utan arbete snabbare kommer i jobb",
        strength="Jobbtorg Stockholm och stadens arbete med unga vuxna",
        benefit="Fler stockholmare i arbete och lägre kostnader för försörjningsstöd.",
        places=(
            ("berlin", "Berlin har byggt en samlad mottagning för unga utan arbete."),
            ("wien", "Wien har en utbildningsgaranti för alla unga upp till 25 år."),
            ("toronto", "Toronto har lång erfarenhet av att etablera nyanlända på arbetsmarknaden."),
            ("helsingfors", "Helsingfors har prövat nya former för sysselsättning av unga."),
        ),
    ),
    Topic(
        subject="socialtjänst",
        phrase="hemlöshet och socialtjänst",
        units=("SOCN",),
        goals=("kvalitet",),
        lesson="hur metoden Bostad först minskar hemlösheten",
        strength="socialtjänstens arbete med barn och unga i Stockholm",
        benefit="Färre hemlösa stockholmare och bättre stöd till dem som behöver det.",
        places=(
            ("ysaatio", "Y-stiftelsen har lett Finlands arbete med Bostad först."),
            ("helsingfors", "Helsingfors har minskat den långvariga hemlösheten kraftigt."),
            ("glasgow", "Glasgow har minskat det grova våldet genom att se det som en folkhälsofråga."),
        ),
    ),
    Topic(
        subject="IT",
        phrase="digitalisering och e-tjänster",
        units=("KS", "SERVN", "STOKAB"),
        goals=("kvalitet", "kostnadseffektiv"),
        lesson="hur e-tjänster och öppna data gör stadens service enklare för invånarna",
        strength="Stockholms öppna fibernät och stadens e-tjänster",
        benefit="Enklare kontakter med staden och lägre kostnader för administration.",
        places=(
            ("tallinn", "Tallinn har byggt sina tjänster på Estlands digitala identitet."),
            ("helsingfors", "Helsingfors publicerar stadens data öppet för alla."),
            ("seoul", "Seoul är en föregångare inom smarta städer och digitala tjänster."),
            ("barcelona", "Barcelona har utvecklat en egen plattform för medborgarförslag."),
            ("aalto", "Aalto-universitetet forskar tillsammans med städerna om digitala tjänster."),
        ),
    ),
    Topic(
        subject="hamn och sjöfart",
        phrase="landström och hållbar sjöfart",
        units=("HAMN",),
        goals=("attraktiv",),
        lesson="hur fartyg kopplas till landström och hur hamnen minskar sina utsläpp",
        strength="Stockholms Hamnars landström för färjetrafiken",
        benefit="Renare luft och mindre buller kring hamnarna.",
        places=(
            ("hamburg", "Hamburgs hamn har byggt landström även för kryssningsfartyg."),
            ("tallinnport", "Tallinna Sadam trafikerar samma linjer som Stockholms hamnar."),
            ("portrotterdam", "Rotterdams hamn är ledande i Europa inom digital hamnstyrning."),
            ("helsingfors", "Helsingfors hamn har samma färjetrafik över Östersjön som Stockholm."),
        ),
    ),
    Topic(
        subject="besöksnäring",
        phrase="besöksnäring och möten",
        units=("SBR-VS", "SBR"),
        goals=("attraktiv",),
        lesson="hur en stad blir värd för internationella kongresser och evenemang",
        strength="Stockholm som mötes- och evenemangsstad",
        benefit="Fler besökare och fler arbetstillfällen i besöksnäringen.",
        places=(
            (
                "kopenhamn",
                "Köpenhamn har lockat fler internationella kongresser än någon annan nordisk stad.",
            ),
            ("barcelona", "Barcelona är en av Europas mest besökta mötesstäder."),
            ("wien", "Wien toppar listan över städer med flest internationella kongresser."),
            ("amsterdam", "Amsterdam styr besöksströmmarna för att minska trängseln i innerstaden."),
        ),
    ),
    Topic(
        subject="näringsliv",
        phrase="investeringar och företagsetableringar",
        units=("SBR",),
        goals=("attraktiv",),
        lesson="hur städerna arbetar med att attrahera utländska investeringar och talanger",
        strength="Stockholm som Norra Europas ledande tillväxtregion och ICT-klustret i Kista",
        benefit="Fler företagsetableringar och arbetstillfällen i Stockholm.",
        places=(
            ("london", "London är Europas största finansmarknad."),
            ("newyork", "New York har en stark organisation för att locka teknikföretag."),
            ("sanfrancisco", "Området kring San Francisco är världens ledande innovationskluster."),
            ("shanghai", "Shanghai är den viktigaste marknaden för svenska företag i Kina."),
            ("mit", "MIT samarbetar nära med näringslivet kring ny teknik."),
        ),
    ),
    Topic(
        subject="skolbyggnader",
        phrase="skollokaler och energieffektiva byggnader",
        units=("SISAB", "MICASA", "FN"),
        goals=("kostnadseffektiv",),
        lesson="hur skolor och äldreboenden byggs med låg energianvändning och god inomhusmiljö",
        strength="stadens energikrav på nya skolor och äldreboenden",
        benefit="Lägre energikostnader och bättre inomhusmiljö i skolor och äldreboenden.",
        places=(
            ("helsingfors", "Helsingfors bygger nya skolor med flexibla lärmiljöer."),
            ("oslo", "Oslo har byggt skolor som producerar mer energi än de använder."),
            ("wien", "Wien har byggt äldreboenden med mycket höga energikrav."),
        ),
    ),
    Topic(
        subject="trygghet",
        phrase="trygghet och brottsförebyggande arbete",
        units=("KS", "SDN", "SOCN"),
        goals=("attraktiv",),
        lesson="hur platssamverkan mellan stad, polis och fastighetsägare ökar tryggheten",
        strength="Stockholms trygghetsvandringar och platssamverkan",
        benefit="Tryggare offentliga miljöer i stadens ytterstadsdelar.",
        places=(
            ("glasgow", "Glasgow har halverat det grova våldet på tio år."),
            ("rotterdam", "Rotterdam har ett långsiktigt program för sina utsatta stadsdelar."),
            ("kopenhamn", "Köpenhamn har ett nära samarbete mellan kommun och polis i utsatta områden."),
            ("newyork", "New York har minskat brottsligheten kraftigt sedan 1990-talet."),
        ),
    ),
    Topic(
        subject="demokrati",
        phrase="medborgardialog",
        units=("SDN", "KS"),
        goals=("kvalitet",),
        lesson="hur invånarna får inflytande över stadsdelens budget och planering",
        strength="Stockholms medborgardialoger i ytterstaden",
        benefit="Större inflytande för stockholmarna över sin stadsdel.",
        places=(
            ("paris", "Paris låter invånarna besluta om en del av stadens investeringsbudget."),
            ("reykjavik", "Reykjavik har en digital plattform för invånarnas förslag."),
            ("barcelona", "Barcelona har byggt en öppen plattform för medborgardialog."),
            ("helsingfors", "Helsingfors har infört deltagande budgetering i hela staden."),
        ),
    ),
    Topic(
        subject="parker och grönstruktur",
        phrase="parker och biologisk mångfald",
        units=("TN", "SDN"),
        goals=("attraktiv",),
        lesson="hur parker och gröna stråk planeras i en stad som förtätas",
        strength="Stockholms nationalstadspark och stadens ekstrategi",
        benefit="Fler och bättre parker nära stockholmarnas bostäder.",
        places=(
            ("london", "London har som mål att bli världens första nationalparksstad."),
            ("paris", "Paris har öppnat nya parker på gamla järnvägsområden."),
            ("berlin", "Berlin har gjort en nedlagd flygplats till en av stadens största parker."),
            ("lta", "Singapore bygger grönska på tak och fasader i hela staden."),
        ),
    ),
)

# Who travels for the city or receives a visit, by the kind of unit.
TRAVELLERS: Final[dict[str, tuple[str, ...]]] = {
    "KS": (
        "Borgarrådet med ansvar för internationella frågor",
        "Stadsdirektören",
        "Internationell strateg, stadsledningskontoret",
        "Utredare, stadsledningskontoret",
    ),
    "namnd": (
        "Nämndens ordförande",
        "Nämndens vice ordförande",
        "Förvaltningschefen",
        "Avdelningschef",
        "Enhetschef",
        "Utredare",
        "Verksamhetsutvecklare",
    ),
    "bolag": ("Verkställande direktören", "Styrelsens ordförande", "Teknisk chef", "Projektledare"),
}


# Said of an offer of something of value once the bribery assessment is made; left out while it is not.
CHECKED: Final = "; det har prövats mot stadens riktlinjer mot mutor"


FOLLOWUPS: Final = (
    "Erfarenheterna redovisas i en reserapport till nämnden.",
    "Delegationen redovisar sina lärdomar vid ett seminarium för medarbetarna.",
    "Lärdomarna ska tas in i arbetet med nästa års verksamhetsplan.",
    "En kort rapport läggs ut på intranätet efter hemkomsten.",
    "Resultaten följs upp i förvaltningens årsrapport.",
)


# --- Roles, reasons and set phrases ---

# (role, what the invitation asks of the city): speaking parts, for which the inviter may pay with special
# reasons …
SIGNIFICANT_ROLES: Final = (
    ("talare", "att tala"),
    ("huvudtalare", "att hålla huvudanförandet"),
    ("paneldeltagare", "att delta i en panel"),
    ("moderator", "att moderera ett seminarium"),
    ("föreläsare", "att föreläsa"),
    ("ordförande för en session", "att leda en session"),
)
# … and attendance, for which the city always pays its own way.
PLAIN_ROLES: Final = (
    ("deltagare", "Stadens företrädare deltar utan egen roll i programmet."),
    ("delegat", "Stadens företrädare ingår i en delegation utan egen roll i programmet."),
    ("observatör", "Stadens företrädare närvarar som observatörer."),
)
JURY_ROLE: Final = (("jurymedlem", "att sitta i juryn och bedöma de sökande städerna"),)
JURY_REASONS: Final = (
    "Staden är inbjuden till juryn som Europas första miljöhuvudstad; kommissionen betalar resa och hotell "
    "för hela juryn.",
)
SPECIAL_REASONS: Final = (
    "Staden är den enda svenska talaren, och arrangören står för resan för alla talare enligt konferensens "
    "villkor.",
    "Uppdraget som {role} ger Stockholm en framträdande roll inför beslutsfattare från många länder; "
    "det är synnerliga skäl att låta arrangören betala.",
    "Rollen som {role} är en väsentlig roll i konferensen, och arrangören betalar resa och logi för "
    "samtliga medverkande.",
    "Arrangören har bjudit in staden att presentera ett av sina mest uppmärksammade projekt; att tacka "
    "ja på arrangörens bekostnad stärker positioneringen utan kostnad för skattebetalarna.",
)
# How an EU policy position reaches Brussels.
CHANNELS: Final = (
    "Ståndpunkten samordnas i SEU-kommittén och förs fram via Stockholmsregionens Brysselkontor.",
    "Stadens synpunkter lämnas genom Eurocities arbetsgrupper och i remissvar till Regeringskansliet.",
    "Stadsledningskontoret ger stöd i bevakningen, och ståndpunkten förs fram i Regionkommittén.",
    "Frågan bevakas tillsammans med Sveriges Kommuner och Regioner och Brysselkontoret.",
)
BRAND_SENTENCES: Final = (
    "Allt material bygger på varumärket Stockholm – The Capital of Scandinavia.",
    "Kommunikationen utgår från Stockholm – The Capital of Scandinavia, som strategin kräver.",
    "Budskapet är Stockholm – The Capital of Scandinavia, samordnat med Stockholm Business Region.",
)


# --- Memberships, agreements and requests ---


@dataclass(frozen=True)
class MembershipSpec:
    counterpart: str
    unit: str
    scope: str
    subject: str
    representative: str
    contribution: str
    start: datetime.date
    reviews: tuple[int, ...]  # the years a membership decision is registered
    fee: int
    about: str
    benefit: str
    goals: tuple[str, ...] = ("attraktiv",)
    directions: tuple[str, ...] = ("bevakning_paverkan", "verksamhetsutveckling")
    first_review: datetime.date | None = None  # the review before the first registered one
    network: str = ""  # the network's name, where the counterpart is the body that hosts it
    # year: "passive", "no_contribution", "overdue" or "no_scope" — a review that found a fault.
    flaws: Mapping[int, str] = field(default_factory=dict)


MEMBERSHIPS: Final = (
    MembershipSpec(
        counterpart="eurocities",
        unit="KS",
        scope="citywide",
        subject="storstadsfrågor",
        representative="Finansborgarrådet",
        contribution=(
            "Plats i styrelsen och aktivt deltagande i forumen för miljö, kultur och social sammanhållning."
        ),
        start=datetime.date(1991, 1, 1),
        reviews=(2009, 2013, 2017, 2021, 2025),
        fee=350_000,
        about=(
            "Eurocities är nätverket för Europas större städer och stadens viktigaste kanal för att påverka "
            "EU:s politik för städer."
        ),
        benefit="Stockholms erfarenheter når EU:s institutioner tidigt, och staden lär av andra storstäder.",
        first_review=datetime.date(2006, 5, 1),
    ),
    MembershipSpec(
        counterpart="metropolis",
        unit="KS",
        scope="citywide",
        subject="storstadsfrågor",
        representative="Finansborgarrådet",
        contribution="Ledamot i Metropolis styrelse och medverkan i initiativet om storstadsstyrning.",
        start=datetime.date(1996, 1, 1),
        reviews=(2010, 2014, 2018, 2022),
        fee=120_000,
        about="Metropolis är världsorganisationen för storstäder och storstadsregioner.",
        benefit=(
            "Kunskap om hur världens storstäder leds och planeras, och ett forum för Stockholms erfarenheter."
        ),
        first_review=datetime.date(2007, 3, 1),
        flaws={2018: "no_contribution"},
    ),
    MembershipSpec(
        counterpart="uclg",
        unit="KS",
        scope="citywide",
        subject="lokal demokrati och självstyrelse",
        representative="Borgarrådet med ansvar för internationella frågor",
        contribution=(
            "Ledamot i UCLG:s världsråd och värd för ett möte i organisationens utskott för storstäder."
        ),
        start=datetime.date(2004, 5, 5),
        reviews=(2010, 2014, 2018),
        fee=90_000,
        about="UCLG företräder världens lokala och regionala självstyrelse inför FN och andra organ.",
        benefit=(
            "Stockholms röst i de globala frågor som avgör städernas villkor, som klimatet och "
            "urbaniseringen."
        ),
        first_review=datetime.date(2007, 3, 1),
        flaws={2018: "passive"},
    ),
    MembershipSpec(
        counterpart="ubc",
        unit="KS",
        scope="citywide",
        subject="Östersjösamarbete",
        representative="Stadsledningskontorets internationella avdelning",
        contribution="Deltar aktivt i kommissionerna för miljö och för smarta och trygga städer.",
        start=datetime.date(1991, 9, 20),
        reviews=(2011, 2015, 2019, 2023),
        fee=80_000,
        about="Union of the Baltic Cities samlar städerna runt Östersjön.",
        benefit="Samarbete med grannstäderna om Östersjöns miljö och om trafik och turism över havet.",
        first_review=datetime.date(2008, 10, 1),
        flaws={2019: "overdue"},
    ),
    MembershipSpec(
        counterpart="c40",
        unit="KS",
        scope="citywide",
        subject="klimat",
        representative="Miljöborgarrådet",
        contribution=(
            "Leder nätverkets arbetsgrupp om transporter och delar erfarenheterna av trängselskatten."
        ),
        start=datetime.date(2011, 6, 1),
        reviews=(2015, 2019, 2023),
        fee=250_000,
        about="C40 samlar de storstäder i världen som har kommit längst i klimatarbetet.",
        benefit="Snabbare minskning av stadens utsläpp genom lösningar som andra storstäder redan prövat.",
        directions=("verksamhetsutveckling", "positionering"),
    ),
    MembershipSpec(
        counterpart="iclei",
        unit="MHN",
        scope="unit_specific",
        subject="hållbar utveckling",
        representative="Miljöförvaltningens direktör",
        contribution="Medverkar i ICLEI:s europeiska arbete om hållbar upphandling.",
        start=datetime.date(2000, 1, 1),
        reviews=(2012, 2016),
        fee=60_000,
        about="ICLEI är ett globalt nätverk för lokalt hållbarhetsarbete.",
        benefit="Stöd i arbetet med miljökrav i stadens upphandlingar.",
        flaws={2016: "passive"},
    ),
    MembershipSpec(
        counterpart="polis",
        unit="TN",
        scope="unit_specific",
        subject="transporter",
        representative="Trafikdirektören",
        contribution="Leder arbetsgruppen om trafiksäkerhet och delar erfarenheter av trängselskatten.",
        start=datetime.date(2002, 1, 1),
        reviews=(2010, 2016, 2022),
        fee=70_000,
        about="Polis är de europeiska städernas nätverk för innovativa transportlösningar.",
        benefit="Säkrare och effektivare trafik genom lösningar från Europas ledande trafikstäder.",
    ),
    MembershipSpec(
        counterpart="energycities",
        unit="MHN",
        scope="unit_specific",
        subject="energi",
        representative="Enhetschefen för klimat och energi",
        contribution="Deltar i nätverkets arbetsgrupp om energieffektiva byggnader.",
        start=datetime.date(1998, 1, 1),
        reviews=(2013, 2017),
        fee=40_000,
        about="Energy Cities samlar europeiska städer som arbetar med energiomställning.",
        benefit="Lägre energianvändning i stadens byggnader.",
        flaws={2017: "no_contribution"},
    ),
    MembershipSpec(
        counterpart="covenant",
        unit="KS",
        scope="citywide",
        subject="klimat och energi",
        representative="Miljöborgarrådet",
        contribution=(
            "Redovisar stadens handlingsplan för hållbar energi och deltar i nätverkets årliga konferens."
        ),
        start=datetime.date(2009, 2, 10),
        reviews=(2009, 2014),
        fee=0,
        about="I Borgmästaravtalet åtar sig städerna att gå längre än EU:s klimatmål.",
        benefit="Ett tydligt åtagande som driver stadens klimatarbete och ger tillgång till EU:s stöd.",
        directions=("positionering", "bevakning_paverkan"),
        flaws={2014: "overdue"},
    ),
    MembershipSpec(
        counterpart="iaph",
        unit="HAMN",
        scope="unit_specific",
        subject="hamnar och sjöfart",
        representative="Verkställande direktören för Stockholms Hamn AB",
        contribution="Deltar i kommittén för hamnarnas miljöarbete.",
        start=datetime.date(1995, 1, 1),
        reviews=(2014, 2022),
        fee=45_000,
        about="IAPH är världsorganisationen för hamnar.",
        benefit="Lägre utsläpp från sjöfarten i Stockholms hamnar.",
    ),
    MembershipSpec(
        counterpart="cruisebaltic",
        unit="HAMN",
        scope="unit_specific",
        subject="kryssningsturism",
        representative="Marknadschefen för Stockholms Hamn AB",
        contribution=(
            "Medfinansierar och deltar i den gemensamma marknadsföringen av Östersjön som kryssningsmål."
        ),
        start=datetime.date(2004, 1, 1),
        reviews=(2012, 2020),
        fee=150_000,
        about="Cruise Baltic marknadsför Östersjöns hamnar gemensamt mot kryssningsrederierna.",
        benefit="Fler kryssningsbesökare i Stockholm och fler arbetstillfällen i besöksnäringen.",
        directions=("positionering",),
    ),
    MembershipSpec(
        counterpart="ecm",
        unit="SBR-VS",
        scope="unit_specific",
        subject="besöksnäring",
        representative="Verkställande direktören för Stockholm Visitors Board",
        contribution="Ordförande i nätverkets grupp för kongressbyråer.",
        start=datetime.date(2000, 1, 1),
        reviews=(2013, 2021),
        fee=50_000,
        about="European Cities Marketing samlar Europas turist- och kongressbyråer.",
        benefit="Fler internationella kongresser och besökare i Stockholm.",
        directions=("positionering",),
    ),
    MembershipSpec(
        counterpart="wccf",
        unit="KN",
        scope="unit_specific",
        subject="kultur",
        representative="Kulturdirektören",
        contribution=(
            "Bidrar med stadens kulturstatistik till forumets årliga rapport och deltar i toppmötet."
        ),
        start=datetime.date(2013, 1, 1),
        reviews=(2013, 2017, 2021),
        fee=100_000,
        about="World Cities Culture Forum samlar världsstäderna kring kulturpolitik.",
        benefit="Jämförbara data om kulturlivet som underlag för stadens kulturpolitik.",
        goals=("attraktiv", "kvalitet"),
    ),
    MembershipSpec(
        counterpart="who",
        unit="SOCN",
        scope="unit_specific",
        subject="folkhälsa",
        representative="Socialdirektören",
        contribution="Deltar i nätverkets arbete om jämlik hälsa och redovisar stadens folkhälsoarbete.",
        start=datetime.date(2010, 1, 1),
        reviews=(2012, 2016),
        fee=35_000,
        about="WHO:s europeiska nätverk Healthy Cities samlar städer som arbetar med jämlik hälsa.",
        benefit="Bättre underlag för stadens arbete med jämlik hälsa.",
        goals=("kvalitet",),
        network="WHO:s europeiska nätverk Healthy Cities",
        flaws={2016: "no_scope"},
    ),
    MembershipSpec(
        counterpart="iwa",
        unit="SVAB",
        scope="unit_specific",
        subject="vatten",
        representative="Verkställande direktören för Stockholm Vatten AB",
        contribution="Deltar i specialistgrupperna om avloppsrening och dagvatten.",
        start=datetime.date(2001, 1, 1),
        reviews=(2016, 2022),
        fee=30_000,
        about="International Water Association samlar forskare och vattenbolag.",
        benefit="Ny kunskap om rening av avloppsvatten och om dagvatten.",
    ),
    MembershipSpec(
        counterpart="seu",
        unit="KS",
        scope="citywide",
        subject="EU-frågor",
        representative="Borgarrådet med ansvar för internationella frågor",
        contribution=(
            "Ordförande i SEU-kommittén vartannat år; styr arbetet vid kontoren i Bryssel, S:t Petersburg "
            "och Warszawa."
        ),
        start=datetime.date(1996, 1, 1),
        reviews=(2009, 2013, 2017, 2021, 2025),
        fee=4_500_000,
        about="SEU-kommittén bildades av Stockholms stad, Stockholms läns landsting och Kommunförbundet "
        "Stockholms län. Under kommittén ligger representationskontoren i Bryssel, S:t Petersburg och "
        "Warszawa; vilka kontor regionen ska ha är föremål för en fortlöpande diskussion.",
        benefit="Samordnade ståndpunkter i regionen och större förmåga att påverka EU:s beslut.",
        first_review=datetime.date(2007, 6, 1),
    ),
)


@dataclass(frozen=True)
class AgreementSpec:
    counterpart: str
    year: int
    title: str
    agreement_type: str
    subject: str
    mutual_benefit: str
    benefit: str
    description: str
    unit: str = "KS"
    cost: int = 200_000
    goals: tuple[str, ...] = ("attraktiv",)
    draft: bool = False


AGREEMENTS: Final = (
    AgreementSpec(
        counterpart="riga",
        year=2010,
        title="Förslag till vänortsavtal med Riga",
        agreement_type="twin_city",
        subject="kultur och utbildning",
        mutual_benefit="Utbyte mellan skolor och kulturinstitutioner i båda städerna.",
        benefit="Utbyte för stockholmska skolor och kulturinstitutioner.",
        description=(
            "Rigas stad föreslår ett vänortsavtal. Strategin säger att Stockholm i princip är vänort med "
            "alla huvudstäder och att särskilda vänortsavtal ska undvikas."
        ),
    ),
    AgreementSpec(
        counterpart="oslo",
        year=2011,
        title="Samarbetsavtal med Oslo om klimatanpassning och dagvatten",
        agreement_type="cooperation",
        subject="klimatanpassning",
        mutual_benefit="Gemensam utveckling av metoder för dagvatten och skyfall i två nordiska huvudstäder.",
        benefit="Färre översvämningar vid skyfall i Stockholm.",
        description=(
            "Inom det särskilda samarbetet med de nordiska huvudstäderna tecknas ett avtal om "
            "klimatanpassning."
        ),
    ),
    AgreementSpec(
        counterpart="london",
        year=2012,
        title="Förlängt samarbetsavtal med London om miljö och klimat",
        agreement_type="cooperation",
        subject="miljö",
        mutual_benefit="Fortsatt utbyte om miljözoner, trängselavgifter och energieffektiva byggnader.",
        benefit="Lärdomar om miljözoner och renare luft i innerstaden.",
        description=(
            "Avtalet från 2007 med Greater London Authority förlängs efter en utvärdering som visar konkret "
            "nytta för båda städerna."
        ),
    ),
    AgreementSpec(
        counterpart="stpetersburg",
        year=2012,
        title="Samarbetsavtal med S:t Petersburg om stadsplanering",
        agreement_type="cooperation",
        subject="stadsplanering",
        mutual_benefit="Utbyte om planering av nya stadsdelar vid vatten.",
        benefit="Erfarenheter för stadens nya stadsdelar vid vatten.",
        description="Förslaget har tagits fram tillsammans med Stockholmsregionens kontor i S:t Petersburg. "
        "S:t Petersburg är inte en huvudstad.",
    ),
    AgreementSpec(
        counterpart="tallinn",
        year=2013,
        title="Samarbetsavtal med Tallinn om e-förvaltning",
        agreement_type="cooperation",
        subject="IT",
        mutual_benefit=(
            "Tallinn delar sina erfarenheter av e-förvaltning, Stockholm sina av öppna data och fibernät."
        ),
        benefit="Snabbare utveckling av stadens e-tjänster.",
        description=(
            "Tallinn ligger långt fram i e-förvaltning; avtalet gäller ett konkret utbyte på IT-området."
        ),
        cost=250_000,
        goals=("kostnadseffektiv",),
    ),
    AgreementSpec(
        counterpart="catalonia",
        year=2014,
        title="Samarbetsavtal med Generalitat de Catalunya om life science",
        agreement_type="cooperation",
        subject="life science",
        mutual_benefit="Gemensamma satsningar på forskning och företag inom life science.",
        benefit="Fler life science-företag i Hagastaden.",
        description="Kataloniens regionala regering föreslår ett avtal om life science. Avtal bör ingås med "
        "huvudstäder, inte med regioner.",
    ),
    AgreementSpec(
        counterpart="seoul",
        year=2015,
        title="Samarbetsavtal med Seoul om smarta städer",
        agreement_type="cooperation",
        subject="smarta städer",
        mutual_benefit="Utbyte om digital infrastruktur och trafikstyrning mellan två huvudstäder.",
        benefit="Smartare trafikstyrning och bättre digitala tjänster för stockholmarna.",
        description="Seoul är en av världens ledande städer inom smarta städer, en ledande region i Asien i "
        "strategins mening.",
        cost=300_000,
    ),
    AgreementSpec(
        counterpart="vilnius",
        year=2016,
        title="Samarbetsavtal med Vilnius om innovationsupphandling",
        agreement_type="cooperation",
        subject="innovationsupphandling",
        mutual_benefit=(
            "Gemensamma metoder för innovationsupphandling och delade erfarenheter av pilotprojekt."
        ),
        benefit="Bättre och billigare lösningar genom innovationsupphandling.",
        description=(
            "Vilnius och Stockholm har drivit innovationsupphandling i var sitt EU-projekt och formaliserar "
            "utbytet."
        ),
        goals=("kostnadseffektiv",),
    ),
    AgreementSpec(
        counterpart="shanghai",
        year=2017,
        title="Samarbetsavtal med Shanghai om hållbar stadsutveckling",
        agreement_type="cooperation",
        subject="stadsutveckling",
        mutual_benefit="Utbyte om hållbar stadsutveckling och miljöteknik.",
        benefit="Export av svensk miljöteknik och kunskap om snabbt växande städer.",
        description="Shanghai föreslår ett avtal om hållbar stadsutveckling. Shanghai är inte en huvudstad.",
    ),
    AgreementSpec(
        counterpart="hamburg",
        year=2017,
        title="Samarbetsavtal med Hamburg om hamnutveckling",
        agreement_type="cooperation",
        subject="hamnar",
        mutual_benefit="Gemensam utveckling av landström och digital hamnstyrning.",
        benefit="Renare luft kring hamnarna.",
        description="Hamburgs hamn och Stockholms Hamnar föreslår ett avtal om hamnutveckling.",
        unit="HAMN",
    ),
    AgreementSpec(
        counterpart="warszawa",
        year=2018,
        title="Samarbetsavtal med Warszawa om kollektivtrafik",
        agreement_type="cooperation",
        subject="kollektivtrafik",
        mutual_benefit="Utbyte om elektrifiering av busstrafiken och om biljettsystem.",
        benefit="Snabbare elektrifiering av kollektivtrafiken i Stockholm.",
        description="Avtalet har förberetts med stöd av Stockholmsregionens kontor i Warszawa.",
    ),
    AgreementSpec(
        counterpart="kopenhamn",
        year=2019,
        title="Avsiktsförklaring om samarbete med Köpenhamn",
        agreement_type="cooperation",
        subject="allmänt samarbete",
        mutual_benefit="Ett nära samarbete mellan två nordiska huvudstäder.",
        benefit="Stärkta relationer mellan två nordiska huvudstäder.",
        description="Köpenhamns kommun föreslår en avsiktsförklaring om samarbete på alla områden.",
    ),
    AgreementSpec(
        counterpart="helsingfors",
        year=2021,
        title="Samarbetsavtal med Helsingfors om klimatneutralitet",
        agreement_type="cooperation",
        subject="klimat",
        mutual_benefit="Gemensamma metoder för klimatbudget och uppföljning av utsläpp.",
        benefit="Snabbare minskning av stadens utsläpp.",
        description=(
            "Stockholm och Helsingfors har båda mål om klimatneutralitet och delar metoder för att nå dem."
        ),
    ),
    AgreementSpec(
        counterpart="kyiv",
        year=2023,
        title="Samarbetsavtal med Kyiv om återuppbyggnad och stadsplanering",
        agreement_type="cooperation",
        subject="stadsplanering",
        mutual_benefit=(
            "Stockholm bidrar med kunskap om planering och energieffektiva byggnader; Kyiv med erfarenheter "
            "av att hålla igång en stads tjänster i kris."
        ),
        benefit="Kunskap om krisberedskap och robusta tekniska system för Stockholm.",
        description="Avtalet gäller ett konkret utbyte inom stadsplanering med Ukrainas huvudstad.",
        goals=("attraktiv", "kvalitet"),
    ),
    AgreementSpec(
        counterpart="amsterdam",
        year=2024,
        title="Samarbetsavtal med Amsterdam om cirkulär ekonomi",
        agreement_type="cooperation",
        subject="cirkulär ekonomi",
        mutual_benefit="",
        benefit="Mindre avfall och bättre resurshushållning i staden.",
        description=(
            "Amsterdam har en strategi för cirkulär ekonomi; den ömsesidiga nyttan är ännu inte beskriven."
        ),
        goals=("attraktiv", "kostnadseffektiv"),
    ),
    AgreementSpec(
        counterpart="tokyo",
        year=2025,
        title="Samarbetsavtal med Tokyo om klimatanpassning och skyfall",
        agreement_type="cooperation",
        subject="klimatanpassning",
        mutual_benefit="Utbyte om skyfallsplanering och tunnlar för dagvatten.",
        benefit="Bättre beredskap för skyfall i Stockholm.",
        description="Tokyo har byggt världens största system för att leda bort dagvatten vid skyfall.",
    ),
    AgreementSpec(
        counterpart="london",
        year=2026,
        title="Förnyat samarbetsavtal med London om klimat och luftkvalitet",
        agreement_type="cooperation",
        subject="miljö",
        mutual_benefit="Fortsatt utbyte om luftkvalitet, miljözoner och klimatbudget.",
        benefit="Renare luft i innerstaden.",
        description="Förslag till förnyelse av samarbetet med Greater London Authority.",
        draft=True,
    ),
)


@dataclass(frozen=True)
class RequestSpec:
    year: int
    title: str
    unit: str
    counterpart: str | None
    origin: str
    requested_kind: str
    subject: str
    benefit: str
    description: str
    values: Mapping[str, Any] = field(default_factory=dict)
    goals: tuple[str, ...] = ("attraktiv",)
    directions: tuple[str, ...] = ("verksamhetsutveckling",)


REQUESTS: Final = (
    RequestSpec(
        year=2010,
        title="Motion om att Stockholm ska gå med i Mayors for Peace",
        unit="KS",
        counterpart=None,
        origin="motion",
        requested_kind=Kind.MEMBERSHIP,
        subject="fred och nedrustning",
        benefit="Stockholm tar ställning för kärnvapennedrustning.",
        description=(
            "En motion föreslår att staden går med i Mayors for Peace. Motionen anger varken vem som ska "
            "företräda staden eller vilka aktiva insatser staden ska göra."
        ),
        values={"scope": "citywide"},
        directions=("positionering",),
    ),
    RequestSpec(
        year=2011,
        title="Förfrågan från C40 om medlemskap i nätverket",
        unit="KS",
        counterpart="c40",
        origin="external",
        requested_kind=Kind.MEMBERSHIP,
        subject="klimat",
        benefit="Snabbare minskning av stadens utsläpp genom lösningar som andra storstäder redan prövat.",
        description="C40 bjuder in Stockholm att bli medlem i nätverket av världens ledande klimatstäder.",
        values={
            "scope": "citywide",
            "representative": "Miljöborgarrådet",
            "contribution": "Leder nätverkets arbetsgrupp om transporter.",
            "participation": "active",
        },
    ),
    RequestSpec(
        year=2012,
        title="Motion om vänortsavtal med Kapstaden",
        unit="KS",
        counterpart="kapstaden",
        origin="motion",
        requested_kind=Kind.AGREEMENT,
        subject="kultur och utbildning",
        benefit="Utbyte mellan ungdomar i Stockholm och Kapstaden.",
        description="En motion föreslår ett vänortsavtal med Kapstaden.",
        values={"agreement_type": "twin_city", "mutual_benefit": "Ungdomsutbyte mellan städerna."},
    ),
    RequestSpec(
        year=2013,
        title="Förfrågan från Tallinns stad om studiebesök om trängselskatten",
        unit="TN",
        counterpart="tallinn",
        origin="external",
        requested_kind=Kind.VISIT,
        subject="trängselskatt",
        benefit="Stockholms erfarenheter sprids och staden lär av Tallinns avgiftsfria kollektivtrafik.",
        description=(
            "Tallinns stad vill besöka trafikkontoret för att studera trängselskatten. Delegationen betalar "
            "sina egna resor."
        ),
        values={"travel_paid_by": "other", "accommodation_paid_by": "other"},
    ),
    RequestSpec(
        year=2014,
        title="Förfrågan från Seouls stad om samarbetsavtal om smarta städer",
        unit="KS",
        counterpart="seoul",
        origin="external",
        requested_kind=Kind.AGREEMENT,
        subject="smarta städer",
        benefit="Smartare trafikstyrning och bättre digitala tjänster för stockholmarna.",
        description="Seoul Metropolitan Government föreslår ett samarbetsavtal om smarta städer.",
        values={
            "agreement_type": "cooperation",
            "mutual_benefit": "Utbyte om digital infrastruktur och trafikstyrning.",
        },
    ),
    RequestSpec(
        year=2015,
        title="Förfrågan från Metropolis om värdskap för styrelsemötet",
        unit="KS",
        counterpart="metropolis",
        origin="external",
        requested_kind=Kind.VISIT,
        subject="storstadsfrågor",
        benefit="Stockholm visas upp för beslutsfattare från världens storstäder.",
        description=(
            "Metropolis frågar om Stockholm kan stå värd för organisationens styrelsemöte. Deltagarna "
            "betalar sina egna resor och hotell."
        ),
        values={"travel_paid_by": "other", "accommodation_paid_by": "other"},
        directions=("positionering",),
    ),
    RequestSpec(
        year=2016,
        title="Förfrågan från Shenzhens stad om vänortsavtal",
        unit="KS",
        counterpart="shenzhen",
        origin="external",
        requested_kind=Kind.AGREEMENT,
        subject="näringsliv",
        benefit="Fler kinesiska företag i Stockholm.",
        description="Shenzhens stad föreslår ett vänortsavtal.",
        values={"agreement_type": "twin_city", "mutual_benefit": "Handel och investeringar."},
    ),
    RequestSpec(
        year=2016,
        title="Begäran om att staden ska ta ställning i en internationell konflikt",
        unit="KS",
        counterpart=None,
        origin="external",
        requested_kind=Kind.COMMUNICATION,
        subject="utrikespolitik",
        benefit="Stockholm visar sitt engagemang i omvärlden.",
        description=(
            "En organisation begär att staden offentligt ska ta ställning i en konflikt mellan två stater. "
            "Utrikespolitik är ett nationellt ansvar."
        ),
        values={"foreign_policy_stance": True, "brand_used": True},
        directions=("positionering",),
    ),
    RequestSpec(
        year=2017,
        title="Förfrågan från Vilnius stad om samarbete",
        unit="KS-IB",
        counterpart="vilnius",
        origin="external",
        requested_kind="",
        subject="innovationsupphandling",
        benefit="Bättre och billigare lösningar genom innovationsupphandling.",
        description=(
            "Vilnius stad vill samarbeta med Stockholm om innovationsupphandling men anger inte i vilken "
            "form."
        ),
    ),
    RequestSpec(
        year=2018,
        title="Förfrågan från Rigas stad om medverkan i ansökan till Interreg om dagvatten",
        unit="SVAB",
        counterpart="riga",
        origin="external",
        requested_kind=Kind.EU_PROJECT,
        subject="dagvatten",
        benefit="Renare vatten i Mälaren och Saltsjön.",
        description=(
            "Rigas stad bjuder in Stockholm Vatten som partner i en ansökan till Interreg Östersjöprogrammet."
        ),
        values={"plan_reference": "Affärsplan 2018: Rening av dagvatten"},
    ),
    RequestSpec(
        year=2019,
        title="Motion om ett klimatpartnerskap med en stad i Östafrika",
        unit="KS",
        counterpart=None,
        origin="motion",
        requested_kind=Kind.AID,
        subject="klimat",
        benefit="Stockholm bidrar till klimatomställningen globalt.",
        description=(
            "En motion föreslår att staden inleder ett klimatpartnerskap med en stad i Östafrika. Motionen "
            "anger inte hur det ska finansieras."
        ),
        values={"aid_character": True},
    ),
    RequestSpec(
        year=2020,
        title="Förfrågan från Kinas ambassad om en gemensam kulturfestival",
        unit="KN",
        counterpart="amb-cn",
        origin="external",
        requested_kind=Kind.COMMUNICATION,
        subject="kultur",
        benefit="Ett rikare kulturliv och fler besökare från Kina.",
        description=(
            "Ambassaden föreslår en gemensam festival i Kulturhuset. Marknadsföringen ska bygga på stadens "
            "varumärke."
        ),
        values={"brand_used": True},
        directions=("positionering",),
    ),
    RequestSpec(
        year=2022,
        title="Förfrågan från Kyivs stad om stöd till energiförsörjningen",
        unit="KS",
        counterpart="kyiv",
        origin="external",
        requested_kind=Kind.AID,
        subject="energi",
        benefit="Kunskap om robusta energisystem och krisberedskap för Stockholm.",
        description=(
            "Kyivs stad ber om kunskapsstöd för att reparera fjärrvärmen. Sida finansierar insatsen till "
            "fullo."
        ),
        values={"aid_character": True, "cost_sek": 3_000_000, "funding": {"sida": 3_000_000}},
        goals=("attraktiv", "kvalitet"),
    ),
    RequestSpec(
        year=2022,
        title="Motion om stöd till Ukrainas städer",
        unit="KS",
        counterpart=None,
        origin="motion",
        requested_kind=Kind.AID,
        subject="återuppbyggnad",
        benefit="Stockholm tar ansvar för Europas säkerhet och städernas återuppbyggnad.",
        description=(
            "En motion föreslår att staden med egna medel stöder återuppbyggnaden av ukrainska städer."
        ),
        values={"aid_character": True, "cost_sek": 10_000_000, "funding": {"city": 10_000_000}},
    ),
    RequestSpec(
        year=2023,
        title="Förfrågan från UCLG om ordförandeskap i utskottet för digitala städer",
        unit="KS",
        counterpart="uclg",
        origin="external",
        requested_kind=Kind.MEMBERSHIP,
        subject="IT",
        benefit="Stockholms erfarenheter av digitala tjänster påverkar det globala arbetet.",
        description="UCLG frågar om Stockholm vill leda utskottet för digitala städer.",
        values={
            "scope": "citywide",
            "representative": "Borgarrådet med ansvar för digitalisering",
            "contribution": "Ordförandeskap i utskottet för digitala städer.",
            "participation": "active",
        },
    ),
    RequestSpec(
        year=2024,
        title="Förfrågan från OECD om medverkan i en granskning av storstadsregionen",
        unit="KS",
        counterpart="oecd",
        origin="external",
        requested_kind=Kind.VISIT,
        subject="regional utveckling",
        benefit="En oberoende granskning av Stockholmsregionens tillväxt och planering.",
        description=(
            "OECD vill besöka Stockholm för en territoriell granskning av regionen; OECD betalar sina resor."
        ),
        values={"travel_paid_by": "other", "accommodation_paid_by": "other"},
        directions=("bevakning_paverkan",),
    ),
    RequestSpec(
        year=2025,
        title="Förfrågan från Eurocities om värdskap för årsmötet",
        unit="KS",
        counterpart="eurocities",
        origin="external",
        requested_kind=Kind.VISIT,
        subject="storstadsfrågor",
        benefit="Stockholm visas upp för borgmästare från hela Europa.",
        description=(
            "Eurocities frågar om Stockholm vill stå värd för nätverkets årsmöte. Deltagarna betalar sina "
            "egna resor och hotell."
        ),
        values={"travel_paid_by": "other", "accommodation_paid_by": "other"},
        directions=("positionering",),
    ),
    RequestSpec(
        year=2026,
        title="Förfrågan från Lvivs stad om partnerskap om socialtjänst",
        unit="SOCN",
        counterpart="lviv",
        origin="external",
        requested_kind=Kind.AID,
        subject="socialtjänst",
        benefit="Kunskap om socialt arbete i kris för stadens socialtjänst.",
        description=(
            "Lvivs stad ber om ett partnerskap om mottagning av internflyktingar, finansierat av Sida."
        ),
        values={"aid_character": True, "cost_sek": 1_800_000, "funding": {"sida": 1_800_000}},
        goals=("kvalitet",),
    ),
)


# --- EU policy, EU projects, aid-type work, communication, networks' events ---


@dataclass(frozen=True)
class EuPolicySpec:
    title: str
    years: tuple[int, int]
    units: tuple[str, ...]
    affected: tuple[str, ...]
    responsible: tuple[str, ...]
    scope: str
    subject: str
    about: str
    benefit: str
    goals: tuple[str, ...] = ("attraktiv",)
    stages: tuple[str, ...] = ("Ståndpunkt",)


EU_POLICY: Final = (
    EuPolicySpec(
        title="EU:s strategi för Östersjöregionen",
        years=(2009, 2009),
        units=("KS",),
        affected=("KS", "HAMN", "MHN"),
        responsible=("KS",),
        scope="citywide",
        subject="Östersjösamarbete",
        about="Under Sveriges ordförandeskap 2009 antar EU en strategi för Östersjöregionen.",
        benefit="Stockholms roll i Östersjöregionen och tillgång till EU:s medel för regionen.",
        stages=("Remissvar", "Ståndpunkt"),
    ),
    EuPolicySpec(
        title="Tjänstedirektivets genomförande i stadens tillsyn",
        years=(2009, 2010),
        units=("MHN",),
        affected=("MHN", "SBN"),
        responsible=("MHN",),
        scope="citywide",
        subject="tillsyn",
        about="Tjänstedirektivet ändrar reglerna för tillstånd till företag från andra EU-länder.",
        benefit="Enklare tillståndsprocesser för företag i Stockholm.",
        goals=("kostnadseffektiv",),
    ),
    EuPolicySpec(
        title="Vattendirektivet och åtgärdsprogrammen för Mälaren och Saltsjön",
        years=(2009, 2011),
        units=("MHN", "SVAB"),
        affected=("SVAB", "MHN"),
        responsible=("MHN",),
        scope="citywide",
        subject="vatten",
        about="Vattendirektivet kräver god ekologisk status i Mälaren och Saltsjön.",
        benefit="Renare vatten och realistiska krav på stadens reningsverk.",
    ),
    EuPolicySpec(
        title="Statsstödsreglerna och de allmännyttiga bostadsbolagen",
        years=(2010, 2011),
        units=("SSAB",),
        affected=("SVB", "FB", "SH"),
        responsible=("SSAB",),
        scope="citywide",
        subject="bostäder",
        about="Kommissionens tillämpning av statsstödsreglerna påverkar de kommunala bostadsbolagen.",
        benefit="Allmännyttan kan fortsätta bygga och förvalta bostäder på affärsmässiga villkor.",
    ),
    EuPolicySpec(
        title="Luftkvalitetsdirektivet och gränsvärdena för partiklar",
        years=(2011, 2013),
        units=("MHN",),
        affected=("MHN",),
        responsible=("MHN",),
        scope="unit_specific",
        subject="luftkvalitet",
        about="Kommissionen ser över luftkvalitetsdirektivet och gränsvärdena för partiklar.",
        benefit="Renare luft längs stadens gator.",
    ),
    EuPolicySpec(
        title="Sammanhållningspolitiken 2014–2020",
        years=(2011, 2013),
        units=("KS", "SLK-INT"),
        affected=("KS", "AMN", "TN"),
        responsible=("KS",),
        scope="citywide",
        subject="regional utveckling",
        about="Kommissionen föreslår regler för strukturfonderna 2014–2020.",
        benefit="Stockholm kan fortsatt få del av EU:s strukturfonder för stadsutveckling och arbetsmarknad.",
        stages=("Remissvar", "Ståndpunkt"),
    ),
    EuPolicySpec(
        title="Nya upphandlingsdirektiv",
        years=(2011, 2012),
        units=("KS",),
        affected=("KS", "SERVN", "UTBN", "AELN"),
        responsible=("KS",),
        scope="citywide",
        subject="upphandling",
        about="Kommissionen föreslår nya direktiv om offentlig upphandling.",
        benefit="Enklare upphandlingar och bättre möjligheter att ställa miljökrav.",
        goals=("kostnadseffektiv",),
    ),
    EuPolicySpec(
        title="Dataskyddsförordningen",
        years=(2012, 2016),
        units=("KS",),
        affected=("KS", "UTBN", "SOCN", "AELN"),
        responsible=("KS",),
        scope="citywide",
        subject="dataskydd",
        about="Kommissionen föreslår en allmän dataskyddsförordning som ersätter dataskyddsdirektivet.",
        benefit=(
            "Ett tydligt skydd för stockholmarnas personuppgifter med rimliga krav på stadens verksamheter."
        ),
        goals=("kvalitet",),
        stages=("Remissvar", "Ståndpunkt"),
    ),
    EuPolicySpec(
        title="Direktivet om vidareutnyttjande av information från den offentliga sektorn",
        years=(2012, 2019),
        units=("KS",),
        affected=("KS",),
        responsible=("KS",),
        scope="citywide",
        subject="öppna data",
        about="Direktivet ställer krav på att offentlig information görs tillgänglig för vidareutnyttjande.",
        benefit="Fler tjänster för stockholmarna byggda på stadens öppna data.",
        goals=("kvalitet",),
    ),
    EuPolicySpec(
        title="Ungdomsgarantin",
        years=(2013, 2013),
        units=("AMN",),
        affected=("AMN",),
        responsible=("AMN",),
        scope="unit_specific",
        subject="arbetsmarknad",
        about="EU:s ungdomsgaranti ska ge alla unga erbjudande om arbete eller utbildning inom fyra månader.",
        benefit="Fler unga stockholmare i arbete eller utbildning.",
        goals=("kvalitet",),
    ),
    EuPolicySpec(
        title="Direktivet om tillgänglighet till offentliga myndigheters webbplatser",
        years=(2013, 2016),
        units=("KS",),
        affected=("KS", "SERVN"),
        responsible=("KS",),
        scope="citywide",
        subject="tillgänglighet",
        about="Direktivet ställer krav på tillgängliga webbplatser och appar i offentlig sektor.",
        benefit="Stadens digitala tjänster blir tillgängliga för alla stockholmare.",
        goals=("kvalitet",),
    ),
    EuPolicySpec(
        title="Avfallspaketet och den cirkulära ekonomin",
        years=(2015, 2016),
        units=("SVAB", "MHN"),
        affected=("SVAB", "MHN"),
        responsible=("SVAB",),
        scope="citywide",
        subject="avfall",
        about="Kommissionen föreslår nya mål för återvinning av kommunalt avfall.",
        benefit="Mer återvunnet avfall och realistiska mål för stadens avfallshantering.",
    ),
    EuPolicySpec(
        title="EU:s urbana agenda (Amsterdampakten)",
        years=(2016, 2016),
        units=("KS",),
        affected=("KS", "SBN", "AMN"),
        responsible=("KS",),
        scope="citywide",
        subject="stadsutveckling",
        about="Amsterdampakten ger städerna en egen plats i EU:s arbete med lagstiftning och finansiering.",
        benefit="Stockholms erfarenheter påverkar EU:s regler för städer.",
    ),
    EuPolicySpec(
        title="Europeiska pelaren för sociala rättigheter",
        years=(2016, 2017),
        units=("SOCN",),
        affected=("SOCN", "AMN"),
        responsible=("SOCN",),
        scope="citywide",
        subject="social sammanhållning",
        about="Kommissionen föreslår en europeisk pelare för sociala rättigheter.",
        benefit="Stadens socialtjänst och arbetsmarknadsinsatser behåller sin självständighet.",
        goals=("kvalitet",),
    ),
    EuPolicySpec(
        title="Direktivet om omgivningsbuller",
        years=(2016, 2018),
        units=("MHN",),
        affected=("MHN", "TN"),
        responsible=("MHN",),
        scope="citywide",
        subject="buller",
        about="Kommissionen utvärderar direktivet om bedömning och hantering av omgivningsbuller.",
        benefit="Mindre buller i stockholmarnas bostäder.",
    ),
    EuPolicySpec(
        title="Direktivet om rena fordon i offentlig upphandling",
        years=(2017, 2019),
        units=("TN",),
        affected=("TN", "SERVN"),
        responsible=("TN",),
        scope="citywide",
        subject="fordon",
        about="Det reviderade direktivet ställer krav på andelen rena fordon i offentlig upphandling.",
        benefit="Renare fordon i stadens verksamheter och i kollektivtrafiken.",
    ),
    EuPolicySpec(
        title="Kemikaliestrategin för hållbarhet",
        years=(2020, 2021),
        units=("MHN",),
        affected=("MHN",),
        responsible=("MHN",),
        scope="unit_specific",
        subject="kemikalier",
        about="Kommissionens kemikaliestrategi skärper reglerna för farliga ämnen i varor.",
        benefit="Giftfria förskolor och en giftfri miljö för stockholmarna.",
        goals=("kvalitet",),
    ),
    EuPolicySpec(
        title="Fit for 55: utsläppshandel för byggnader och vägtransporter",
        years=(2021, 2022),
        units=("KS",),
        affected=("MHN", "TN", "FN"),
        responsible=("MHN",),
        scope="citywide",
        subject="klimat",
        about="Paketet Fit for 55 inför utsläppshandel för byggnader och vägtransporter.",
        benefit="Stadens klimatmål får stöd av EU:s regler.",
        stages=("Remissvar", "Ståndpunkt"),
    ),
    EuPolicySpec(
        title="Direktivet om byggnaders energiprestanda",
        years=(2021, 2023),
        units=("FN",),
        affected=("FN", "SISAB", "MICASA", "SVB"),
        responsible=("FN", "SISAB"),
        scope="citywide",
        subject="energi",
        about="Kommissionen föreslår skärpta krav på energiprestanda i befintliga byggnader.",
        benefit="Lägre energikostnader i stadens byggnader med rimliga krav på renovering.",
        goals=("kostnadseffektiv",),
    ),
    EuPolicySpec(
        title="Förordningen om infrastruktur för alternativa bränslen och landström",
        years=(2021, 2023),
        units=("HAMN",),
        affected=("HAMN",),
        responsible=("HAMN",),
        scope="unit_specific",
        subject="hamnar och sjöfart",
        about="Förordningen ställer krav på landström i hamnarna från 2030.",
        benefit="Renare luft kring hamnarna och en realistisk tidsplan för utbyggnaden.",
    ),
    EuPolicySpec(
        title="AI-förordningen",
        years=(2021, 2024),
        units=("KS",),
        affected=("KS", "SOCN", "UTBN"),
        responsible=("KS",),
        scope="citywide",
        subject="artificiell intelligens",
        about=(
            "Kommissionen föreslår regler för artificiell intelligens, bland annat i offentlig förvaltning."
        ),
        benefit="Staden kan använda AI i sina tjänster med ett tydligt skydd för stockholmarna.",
        goals=("kvalitet", "kostnadseffektiv"),
    ),
    EuPolicySpec(
        title="Luftkvalitetsdirektivet: nya gränsvärden till 2030",
        years=(2022, 2024),
        units=("KS",),
        affected=("MHN", "TN"),
        responsible=("MHN", "TN"),
        scope="citywide",
        subject="luftkvalitet",
        about="Kommissionen föreslår gränsvärden i linje med WHO:s riktvärden.",
        benefit="Renare luft längs stadens gator.",
    ),
    EuPolicySpec(
        title="Det reviderade avloppsdirektivet",
        years=(2022, 2024),
        units=("SVAB",),
        affected=("SVAB",),
        responsible=("SVAB",),
        scope="unit_specific",
        subject="avlopp",
        about="Kommissionen föreslår krav på rening av läkemedelsrester och på energineutrala reningsverk.",
        benefit="Renare vatten i Saltsjön med kostnader som är rimliga för stockholmarna.",
    ),
    EuPolicySpec(
        title="Sammanhållningspolitiken efter 2027",
        years=(2024, 2026),
        units=("KS", "SLK-INT"),
        affected=("KS", "AMN", "TN"),
        responsible=("KS",),
        scope="citywide",
        subject="regional utveckling",
        about="Kommissionen förbereder sammanhållningspolitiken för perioden efter 2027.",
        benefit="Stockholm kan fortsatt få del av EU:s fonder.",
        stages=("Remissvar", "Ståndpunkt"),
    ),
)


@dataclass(frozen=True)
class EuProjectSpec:
    title: str
    programme: str
    years: tuple[int, int]
    units: tuple[str, ...]
    partner: str
    subject: str
    cost: tuple[int, int]  # hundred thousands of kronor
    eu_share: float
    plan: str
    about: str
    benefit: str
    goals: tuple[str, ...] = ("attraktiv",)


EU_PROJECTS: Final = (
    EuProjectSpec(
        title="E-hälsa i hemtjänsten",
        programme="EU:s sjunde ramprogram (FP7)",
        years=(2009, 2011),
        units=("AELN",),
        partner="aalto",
        subject="äldreomsorg",
        cost=(30, 60),
        eu_share=0.75,
        plan="Trygg hemtjänst med välfärdsteknik",
        about="Projektet prövar digital tillsyn och läkemedelspåminnelser i hemtjänsten.",
        benefit="Tryggare hemtjänst och fler besök som ger tid för omsorg.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Energieffektivisering i allmännyttans flerbostadshus",
        programme="Intelligent Energy Europe",
        years=(2009, 2012),
        units=("SVB", "FB"),
        partner="energycities",
        subject="energi",
        cost=(20, 45),
        eu_share=0.75,
        plan="Halverad energianvändning i miljonprogrammet",
        about="Projektet utvecklar metoder för energieffektiv renovering av flerbostadshus.",
        benefit="Lägre energikostnader för hyresgästerna.",
        goals=("kostnadseffektiv",),
    ),
    EuProjectSpec(
        title="Hållbara godstransporter i innerstaden",
        programme="CIVITAS",
        years=(2010, 2014),
        units=("TN",),
        partner="polis",
        subject="godstransporter",
        cost=(40, 90),
        eu_share=0.6,
        plan="Framkomlighet och hållbara transporter",
        about="Projektet prövar samlastning och leveranser nattetid i innerstaden.",
        benefit="Färre lastbilar och renare luft i innerstaden.",
    ),
    EuProjectSpec(
        title="Rening av dagvatten till Mälaren",
        programme="LIFE",
        years=(2010, 2013),
        units=("SVAB",),
        partner="iwa",
        subject="vatten",
        cost=(50, 120),
        eu_share=0.5,
        plan="Rening av dagvatten",
        about="Projektet bygger och utvärderar anläggningar som renar dagvatten innan det når Mälaren.",
        benefit="Renare vatten i Mälaren, stockholmarnas dricksvattentäkt.",
    ),
    EuProjectSpec(
        title="Landström för färjetrafiken över Östersjön",
        programme="Interreg Östersjöprogrammet",
        years=(2011, 2016),
        units=("HAMN",),
        partner="tallinnport",
        subject="hamnar och sjöfart",
        cost=(80, 200),
        eu_share=0.75,
        plan="Miljöanpassad hamnverksamhet",
        about="Projektet bygger landström för färjorna mellan Stockholm, Tallinn och Helsingfors.",
        benefit="Renare luft och mindre buller kring Värtahamnen.",
    ),
    EuProjectSpec(
        title="Jobbtorg för unga vuxna i Järva",
        programme="Europeiska socialfonden",
        years=(2011, 2025),
        units=("AMN", "SDN-RINKEBY", "SDN-SPANGA", "SDN-JARVA"),
        partner="wien",
        subject="arbetsmarknad",
        cost=(30, 80),
        eu_share=0.5,
        plan="Fler unga vuxna i arbete eller studier",
        about="Projektet ger unga vuxna i Järva ett samlat stöd för att komma i arbete eller studier.",
        benefit="Fler unga i arbete och lägre kostnader för försörjningsstöd.",
        goals=("kvalitet", "kostnadseffektiv"),
    ),
    EuProjectSpec(
        title="Trygghetsvandringar och stadsdelsutveckling",
        programme="Urbact",
        years=(2012, 2015),
        units=("SDN-SKARHOLMEN", "SDN-FARSTA"),
        partner="urbact",
        subject="trygghet",
        cost=(5, 15),
        eu_share=0.7,
        plan="Trygga offentliga miljöer",
        about="Projektet utbyter metoder för trygghetsarbete med städer i sju länder.",
        benefit="Tryggare torg och gångstråk i stadsdelen.",
    ),
    EuProjectSpec(
        title="Ungdomsutbyte om demokrati",
        programme="Europa för medborgarna",
        years=(2013, 2016),
        units=("SDN-SODERMALM", "SDN-KUNGSHOLMEN"),
        partner="berlin",
        subject="demokrati",
        cost=(3, 8),
        eu_share=1.0,
        plan="Ungas inflytande",
        about="Unga från fem europeiska städer möts för att jämföra hur de kan påverka sin stad.",
        benefit="Större inflytande för unga i stadsdelen.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="GrowSmarter: smarta lösningar för energi och mobilitet",
        programme="Horisont 2020",
        years=(2014, 2015),
        units=("KS", "TN"),
        partner="barcelona",
        subject="smarta städer",
        cost=(150, 250),
        eu_share=1.0,
        plan="Smart och uppkopplad stad",
        about="Stockholm är en av tre fyrtornsstäder som visar smarta lösningar för energi, mobilitet och "
        "IT-infrastruktur i Årstafältet och Slakthusområdet.",
        benefit="Lägre energianvändning och smartare transporter i nya och gamla stadsdelar.",
        goals=("attraktiv", "kostnadseffektiv"),
    ),
    EuProjectSpec(
        title="Lärarutbyte om språkutvecklande arbetssätt",
        programme="Erasmus+",
        years=(2015, 2024),
        units=("UTBN",),
        partner="helsingfors",
        subject="skola",
        cost=(5, 20),
        eu_share=1.0,
        plan="Höjda kunskapsresultat",
        about="Lärare i Stockholm och Helsingfors hospiterar hos varandra och utvecklar arbetssätt.",
        benefit="Bättre resultat för elever med annat modersmål än svenska.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Baltic Urban Lab: planering av gamla industriområden",
        programme="Interreg Östersjöprogrammet",
        years=(2015, 2018),
        units=("SBN", "EXPN"),
        partner="riga",
        subject="stadsplanering",
        cost=(10, 30),
        eu_share=0.75,
        plan="Fler bostäder i kollektivtrafiknära lägen",
        about="Projektet utvecklar metoder för samverkan med fastighetsägare i omvandlingsområden.",
        benefit="Snabbare omvandling av industriområden till blandad stad.",
    ),
    EuProjectSpec(
        title="Läsfrämjande samarbete mellan stadsbibliotek",
        programme="Kreativa Europa",
        years=(2016, 2020),
        units=("KN",),
        partner="amsterdam",
        subject="kultur",
        cost=(5, 15),
        eu_share=0.6,
        plan="Fler läsande barn och unga",
        about="Stadsbiblioteken i fyra städer utvecklar nya sätt att nå barn som inte läser.",
        benefit="Fler barn och unga som läser på fritiden.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Energieffektiva skolbyggnader",
        programme="Horisont 2020",
        years=(2016, 2019),
        units=("SISAB",),
        partner="tudelft",
        subject="skolbyggnader",
        cost=(20, 50),
        eu_share=1.0,
        plan="Energieffektiva skollokaler",
        about="Projektet prövar styrning av ventilation och värme efter hur skolorna faktiskt används.",
        benefit="Lägre energikostnader och bättre luft i klassrummen.",
        goals=("kostnadseffektiv",),
    ),
    EuProjectSpec(
        title="Hållbara skolmåltider",
        programme="Urbact",
        years=(2017, 2020),
        units=("UTBN", "SERVN"),
        partner="kopenhamn",
        subject="måltider",
        cost=(4, 10),
        eu_share=0.7,
        plan="Goda och klimatsmarta måltider",
        about="Städer i nätverket delar metoder för att minska matsvinn och klimatpåverkan i skolmåltiderna.",
        benefit="Godare mat med lägre klimatpåverkan i skolorna.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Digitala verktyg för medborgardialog",
        programme="Horisont 2020",
        years=(2018, 2020),
        units=("KS", "SDN"),
        partner="barcelona",
        subject="demokrati",
        cost=(10, 25),
        eu_share=1.0,
        plan="Delaktighet och inflytande",
        about="Projektet prövar en öppen plattform för medborgarförslag och dialog om stadsplanering.",
        benefit="Större inflytande för stockholmarna över sin stadsdel.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Innovationsupphandling av välfärdsteknik",
        programme="Interreg Europe",
        years=(2018, 2021),
        units=("SERVN", "AELN"),
        partner="vilnius",
        subject="innovationsupphandling",
        cost=(8, 20),
        eu_share=0.85,
        plan="Effektiv upphandling",
        about="Sju europeiska städer delar erfarenheter av att upphandla nya lösningar.",
        benefit="Bättre och billigare lösningar för stadens verksamheter.",
        goals=("kostnadseffektiv",),
    ),
    EuProjectSpec(
        title="Laddinfrastruktur för tunga fordon i hamnen",
        programme="Fonden för ett sammanlänkat Europa (CEF)",
        years=(2019, 2023),
        units=("HAMN",),
        partner="hamburg",
        subject="hamnar och sjöfart",
        cost=(100, 250),
        eu_share=0.5,
        plan="Fossilfria transporter i hamnen",
        about="Projektet bygger laddplatser för lastbilar och arbetsmaskiner i Norvik och Värtahamnen.",
        benefit="Fossilfria godstransporter till och från hamnarna.",
    ),
    EuProjectSpec(
        title="Fossilfria arbetsmaskiner i stadens byggprojekt",
        programme="LIFE",
        years=(2020, 2023),
        units=("EXPN", "TN"),
        partner="oslo",
        subject="klimat",
        cost=(20, 60),
        eu_share=0.6,
        plan="Fossilfria bygg- och anläggningsarbeten",
        about="Projektet ställer och följer upp krav på eldrivna arbetsmaskiner i stadens byggprojekt.",
        benefit="Lägre utsläpp och mindre buller från byggarbetsplatser.",
    ),
    EuProjectSpec(
        title="Scenkonstsamarbete för unga publiker",
        programme="Kreativa Europa",
        years=(2020, 2024),
        units=("STADSTEATERN",),
        partner="berlin",
        subject="kultur",
        cost=(5, 15),
        eu_share=0.6,
        plan="Ny publik till scenkonsten",
        about="Fem teatrar utvecklar föreställningar tillsammans med unga i förorterna.",
        benefit="Fler unga i teatersalongerna.",
        goals=("attraktiv", "kvalitet"),
    ),
    EuProjectSpec(
        title="Idrott och inkludering för nyanlända unga",
        programme="Erasmus+",
        years=(2021, 2025),
        units=("IDN",),
        partner="kopenhamn",
        subject="idrott",
        cost=(3, 8),
        eu_share=1.0,
        plan="Idrott för alla",
        about="Idrottsförvaltningar i tre städer delar metoder för att nå unga som inte idrottar.",
        benefit="Fler unga i föreningsidrotten.",
        goals=("kvalitet",),
    ),
    EuProjectSpec(
        title="Klimatneutrala och smarta städer 2030 (EU:s stadsmission)",
        programme="Horisont Europa",
        years=(2022, 2023),
        units=("KS", "MHN"),
        partner="commission",
        subject="klimat",
        cost=(30, 80),
        eu_share=1.0,
        plan="Klimatpositivt Stockholm",
        about="Stockholm är en av de hundra städer som EU har valt ut för att bli klimatneutrala 2030.",
        benefit="Snabbare minskning av utsläppen och tillgång till EU:s stöd för omställningen.",
    ),
    EuProjectSpec(
        title="Digitala tvillingar för stadsplanering",
        programme="Interreg Östersjöprogrammet",
        years=(2023, 2025),
        units=("SBN",),
        partner="helsingfors",
        subject="stadsplanering",
        cost=(10, 30),
        eu_share=0.8,
        plan="Digital samhällsbyggnadsprocess",
        about="Projektet bygger en tredimensionell modell av staden för planering och dialog.",
        benefit="Snabbare och tydligare planprocesser.",
        goals=("kostnadseffektiv",),
    ),
    EuProjectSpec(
        title="Cirkulära byggmaterial i stadens fastigheter",
        programme="Horisont Europa",
        years=(2024, 2026),
        units=("FN", "MICASA"),
        partner="amsterdam",
        subject="cirkulär ekonomi",
        cost=(20, 50),
        eu_share=1.0,
        plan="Cirkulärt byggande",
        about="Projektet prövar återbruk av byggmaterial vid renovering av stadens fastigheter.",
        benefit="Mindre byggavfall och lägre kostnader för material.",
        goals=("kostnadseffektiv",),
    ),
    EuProjectSpec(
        title="Gröna tak och klimatanpassning",
        programme="Horisont Europa",
        years=(2025, 2026),
        units=("SVAB", "MHN"),
        partner="rotterdam",
        subject="klimatanpassning",
        cost=(15, 40),
        eu_share=1.0,
        plan="Klimatanpassad stad",
        about="Projektet prövar gröna tak som fördröjer dagvatten vid skyfall.",
        benefit="Färre översvämningar vid skyfall.",
    ),
    EuProjectSpec(
        title="AI i stadens kontaktcenter",
        programme="Programmet för ett digitalt Europa",
        years=(2025, 2026),
        units=("SERVN",),
        partner="tallinn",
        subject="artificiell intelligens",
        cost=(8, 20),
        eu_share=0.5,
        plan="Tillgänglig service",
        about="Projektet prövar AI-stöd för handläggarna i stadens kontaktcenter.",
        benefit="Snabbare svar till stockholmarna.",
        goals=("kvalitet", "kostnadseffektiv"),
    ),
)


@dataclass(frozen=True)
class AidSpec:
    year: int
    title: str
    unit: str
    counterpart: str
    subject: str
    cost: int  # hundred thousands of kronor
    about: str
    benefit: str
    goals: tuple[str, ...] = ("kvalitet",)
    city_share: float = 0.0  # what the city would pay itself: aid-type work the strategy does not allow


AID: Final = (
    AidSpec(
        year=2010,
        title="Kunskapsöverföring om avfallshantering till Nairobi",
        unit="MHN",
        counterpart="nairobi",
        subject="avfall",
        cost=20,
        about="Miljöförvaltningen delar sin kunskap om avfallshantering och tillsyn med Nairobi City County.",
        benefit="Medarbetare som utvecklar sin kompetens i internationellt arbete.",
    ),
    AidSpec(
        year=2011,
        title="Kunskapsutbyte om kollektivtrafik och luftkvalitet med Hanoi",
        unit="MHN",
        counterpart="hanoi",
        subject="luftkvalitet",
        cost=15,
        about="Miljöförvaltningen stöder Hanoi i att mäta och förbättra luftkvaliteten.",
        benefit="Nya metoder för mätning av luftkvalitet.",
    ),
    AidSpec(
        year=2012,
        title="Kommunalt partnerskap med Dar es Salaam om vatten och sanitet",
        unit="SVAB",
        counterpart="daressalaam",
        subject="vatten",
        cost=25,
        about=(
            "Stockholm Vatten stöder Dar es Salaam i planeringen av vatten och avlopp i nya bostadsområden."
        ),
        benefit="Medarbetare som lär sig planera vatten och avlopp i snabbt växande städer.",
    ),
    AidSpec(
        year=2013,
        title="Demokratiutbildning för lokala förtroendevalda i Chişinău",
        unit="KS",
        counterpart="chisinau",
        subject="demokrati",
        cost=12,
        about="Stadens förtroendevalda och tjänstemän delar erfarenheter av kommunal självstyrelse.",
        benefit="Stärkt kunskap om stadens egen demokrati genom jämförelse.",
    ),
    AidSpec(
        year=2014,
        title="Partnerskap med Kapstaden om klimatanpassning",
        unit="MHN",
        counterpart="kapstaden",
        subject="klimatanpassning",
        cost=18,
        about=(
            "Ett kommunalt partnerskap om klimatanpassning inom ramen för Internationellt centrum för lokal "
            "demokrati."
        ),
        benefit="Kunskap om torka och vattenbrist som stadens planering kan behöva.",
        goals=("attraktiv",),
    ),
    AidSpec(
        year=2015,
        title="Stöd till Tbilisis planering av kollektivtrafiken",
        unit="TN",
        counterpart="tbilisi",
        subject="kollektivtrafik",
        cost=22,
        about="Trafikkontoret stöder Tbilisi i att planera ett nytt busslinjenät.",
        benefit="Medarbetare som utvecklar sin kompetens i trafikplanering.",
        goals=("attraktiv",),
    ),
    AidSpec(
        year=2016,
        title="Partnerskap med Sarajevo om äldreomsorg",
        unit="AELN",
        counterpart="sarajevo",
        subject="äldreomsorg",
        cost=10,
        about="Äldreförvaltningen delar metoder för hemtjänst och biståndsbedömning med Sarajevo.",
        benefit="Nya perspektiv på stadens egen äldreomsorg.",
    ),
    AidSpec(
        year=2017,
        title="Stadsplanering i informella bosättningar i Kampala",
        unit="SBN",
        counterpart="kampala",
        subject="stadsplanering",
        cost=20,
        about=(
            "Stadsbyggnadskontoret stöder Kampala Capital City Authority i planering av informella "
            "bosättningar."
        ),
        benefit="Kunskap om snabbt växande städer för stadens egen planering.",
        goals=("attraktiv",),
    ),
    AidSpec(
        year=2018,
        title="Cykelinfrastruktur i Bogotá",
        unit="TN",
        counterpart="bogota",
        subject="cykeltrafik",
        cost=14,
        about=(
            "Trafikkontoret delar kunskap om cykelplanering med Bogotá, som i sin tur delar sina "
            "erfarenheter av bilfria söndagar."
        ),
        benefit="Idéer om bilfria dagar och cykling för Stockholm.",
        goals=("attraktiv",),
    ),
    AidSpec(
        year=2019,
        title="Jämställd stadsplanering i Maputo",
        unit="SBN",
        counterpart="maputo",
        subject="stadsplanering",
        cost=16,
        about="Ett partnerskap om hur planeringen tar hänsyn till kvinnors och mäns olika resmönster.",
        benefit="Metoder för jämställd planering i Stockholm.",
        goals=("attraktiv",),
    ),
    AidSpec(
        year=2020,
        title="Digitala medborgartjänster i Kigali",
        unit="KS",
        counterpart="kigali",
        subject="IT",
        cost=12,
        about="Stadsledningskontoret delar erfarenheter av e-tjänster med Kigalis stad.",
        benefit="Medarbetare som utvecklar sin kompetens i digitalisering.",
    ),
    AidSpec(
        year=2022,
        title="Stöd till Lvivs mottagande av internflyktingar",
        unit="SOCN",
        counterpart="lviv",
        subject="socialtjänst",
        cost=25,
        about="Socialförvaltningen delar metoder för mottagning och boende med Lvivs stad.",
        benefit="Erfarenheter av socialt arbete i kris för stadens beredskap.",
    ),
    AidSpec(
        year=2023,
        title="Kunskapsstöd för återuppbyggnad av skolor i Kyiv",
        unit="SISAB",
        counterpart="kyiv",
        subject="skolbyggnader",
        cost=30,
        about="Skolfastigheter i Stockholm delar kunskap om skyddade och energieffektiva skolbyggnader.",
        benefit="Kunskap om robusta skolbyggnader för stadens beredskap.",
    ),
    AidSpec(
        year=2024,
        title="Vintersäker fjärrvärme i Charkiv",
        unit="KS",
        counterpart="charkiv",
        subject="energi",
        cost=28,
        about="Staden förmedlar kunskap om fjärrvärme och reservkraft till Charkiv.",
        benefit="Kunskap om robusta energisystem för Stockholm.",
    ),
    AidSpec(
        year=2024,
        title="Vattenförsörjning i Addis Abeba",
        unit="SVAB",
        counterpart="addis",
        subject="vatten",
        cost=20,
        about="Stockholm Vatten stöder Addis Abeba i arbetet med att minska läckaget i vattenledningsnätet.",
        benefit="Medarbetare som utvecklar sin kompetens i ledningsnätsarbete.",
    ),
    AidSpec(
        year=2025,
        title="Partnerskap med Kyiv om socialtjänst för veteraner och deras familjer",
        unit="SOCN",
        counterpart="kyiv",
        subject="socialtjänst",
        cost=18,
        about="Socialförvaltningen delar metoder för stöd till familjer i kris.",
        benefit="Erfarenheter som stärker stadens krisberedskap.",
    ),
    AidSpec(
        year=2014,
        title="Stöd till vänskolor i Maputo",
        unit="SDN-SKARPNACK",
        counterpart="maputo",
        subject="skola",
        cost=6,
        about="Stadsdelens skolor skickar lärare och material till sina vänskolor i Maputo.",
        benefit="Elever som lär sig om världen genom ett konkret utbyte.",
        city_share=0.5,
    ),
)


@dataclass(frozen=True)
class CommunicationSpec:
    title: str  # may name {year}
    years: tuple[int, ...]
    units: tuple[str, ...]
    counterpart: str | None
    subject: str
    cost: tuple[int, int]  # tens of thousands of kronor
    about: str
    benefit: str
    own_profile: bool = False  # made without the brand


COMMUNICATION: Final = (
    CommunicationSpec(
        title="European Green Capital 2010: internationell kommunikation",
        years=(2009, 2010),
        units=("KS",),
        counterpart="commission",
        subject="miljö",
        cost=(150, 300),
        about="Stockholm är Europas första miljöhuvudstad 2010; året kommuniceras till besökare, medier och "
        "investerare.",
        benefit="Stockholm blir känt som en stad som kombinerar tillväxt med minskad klimatpåverkan.",
    ),
    CommunicationSpec(
        title="Stockholms monter på MIPIM i Cannes {year}",
        years=(2010, 2013, 2016, 2019, 2023, 2026),
        units=("SBR", "EXPN"),
        counterpart="mipim",
        subject="fastigheter och investeringar",
        cost=(80, 200),
        about="Staden och fastighetsbranschen visar Stockholms stadsutvecklingsprojekt för investerare.",
        benefit="Fler investeringar i nya bostäder och arbetsplatser i Stockholm.",
    ),
    CommunicationSpec(
        title="Film om Kista Science City för internationella ICT-mässor",
        years=(2010,),
        units=("SBR",),
        counterpart=None,
        subject="IT",
        cost=(30, 80),
        about="En film om ICT-klustret i Kista visas på mässor i Europa och Asien.",
        benefit="Fler ICT-företag etablerar sig i Kista.",
    ),
    CommunicationSpec(
        title="Engelskspråkig webbplats för internationella besökare och investerare",
        years=(2012,),
        units=("KS",),
        counterpart=None,
        subject="information",
        cost=(40, 90),
        about=(
            "Stadens engelskspråkiga webbplats samlar information för dem som vill besöka, flytta till eller"
            " investera i Stockholm."
        ),
        benefit="Enklare för internationella besökare och investerare att hitta rätt.",
    ),
    CommunicationSpec(
        title="Pressresa för utländska journalister om Norra Djurgårdsstaden",
        years=(2013, 2018),
        units=("EXPN",),
        counterpart=None,
        subject="stadsutveckling",
        cost=(15, 40),
        about="Utländska journalister bjuds in för att se stadens miljöprofilerade stadsdel.",
        benefit="Stockholm blir känt som föregångare inom hållbar stadsutveckling.",
    ),
    CommunicationSpec(
        title="Broschyr om kryssningshamnen Stockholm",
        years=(2013,),
        units=("HAMN",),
        counterpart="cruisebaltic",
        subject="kryssningsturism",
        cost=(10, 30),
        about="En broschyr för kryssningsrederierna om Stockholms hamnar och stad.",
        benefit="Fler kryssningsanlöp och besökare.",
    ),
    CommunicationSpec(
        title="Kampanj för Stockholm som mötesstad i Asien",
        years=(2014,),
        units=("SBR-VS",),
        counterpart=None,
        subject="besöksnäring",
        cost=(100, 250),
        about="En kampanj riktad till arrangörer av internationella kongresser i Kina, Japan och Korea.",
        benefit="Fler internationella kongresser i Stockholm.",
    ),
    CommunicationSpec(
        title="Internationell broschyr om life science i Hagastaden",
        years=(2015,),
        units=("SBR",),
        counterpart=None,
        subject="life science",
        cost=(20, 50),
        about="Broschyren presenterar Hagastaden för forskare och företag inom life science.",
        benefit="Fler life science-företag och forskare i Stockholm.",
    ),
    CommunicationSpec(
        title="Värdstadens kommunikation under Eurovision Song Contest 2016",
        years=(2016,),
        units=("SBR-VS", "KS"),
        counterpart=None,
        subject="evenemang",
        cost=(200, 400),
        about="Stockholm är värdstad för Eurovision Song Contest och visar upp staden för en internationell "
        "publik.",
        benefit="Fler besökare i Stockholm under och efter evenemanget.",
    ),
    CommunicationSpec(
        title="Finansplats Stockholm presenteras för investerare i London",
        years=(2017,),
        units=("SBR",),
        counterpart="london",
        subject="finans",
        cost=(30, 80),
        about="Ett seminarium för investerare om finansplatsen Stockholm och utvecklingen i Värtan.",
        benefit="Fler finansföretag och investeringar i Stockholm.",
    ),
    CommunicationSpec(
        title="Programblad på engelska för Stadsteaterns internationella gästspel",
        years=(2018,),
        units=("STADSTEATERN",),
        counterpart=None,
        subject="kultur",
        cost=(5, 15),
        about="Stadsteatern gästspelar i Berlin och Köpenhamn med programblad på engelska.",
        benefit="Stockholms scenkonst når en internationell publik.",
        own_profile=True,
    ),
    CommunicationSpec(
        title="Internationell rekryteringskampanj för lärare",
        years=(2019,),
        units=("UTBN",),
        counterpart=None,
        subject="skola",
        cost=(20, 60),
        about="Utbildningsförvaltningen söker behöriga lärare i Finland och Tyskland.",
        benefit="Fler behöriga lärare i Stockholms skolor.",
        own_profile=True,
    ),
    CommunicationSpec(
        title="Stockholm på Web Summit i Lissabon",
        years=(2019, 2024),
        units=("SBR",),
        counterpart=None,
        subject="IT",
        cost=(30, 70),
        about="Stockholms startup-miljö presenteras på en av världens största teknikkonferenser.",
        benefit="Fler internationella teknikföretag och talanger i Stockholm.",
    ),
    CommunicationSpec(
        title="Digital kampanj för Stockholm som evenemangsstad",
        years=(2021,),
        units=("SBR-VS",),
        counterpart=None,
        subject="besöksnäring",
        cost=(100, 200),
        about="En kampanj i sociala medier i Norden och Tyskland när resandet tar fart efter pandemin.",
        benefit="Besöksnäringen återhämtar sig snabbare efter pandemin.",
    ),
    CommunicationSpec(
        title="Stockholm+50: stadens kommunikation under FN:s miljökonferens",
        years=(2022,),
        units=("KS",),
        counterpart=None,
        subject="miljö",
        cost=(50, 150),
        about=(
            "FN:s miljökonferens Stockholm+50 hålls i Stockholm; staden visar sitt klimatarbete för "
            "delegaterna."
        ),
        benefit="Stockholm stärker sin position som ledande miljöstad.",
    ),
    CommunicationSpec(
        title="Kampanj för Stockholm som studentstad",
        years=(2023,),
        units=("SBR",),
        counterpart=None,
        subject="talanger",
        cost=(40, 100),
        about="En kampanj riktad till internationella studenter och forskare.",
        benefit="Fler internationella talanger stannar och arbetar i Stockholm.",
    ),
    CommunicationSpec(
        title="Kulturnatt Stockholm marknadsförs i Norden",
        years=(2016, 2025),
        units=("KN",),
        counterpart=None,
        subject="kultur",
        cost=(10, 30),
        about="Kulturnatt Stockholm marknadsförs till besökare i Oslo, Köpenhamn och Helsingfors.",
        benefit="Fler nordiska besökare under kulturnatten.",
    ),
)


@dataclass(frozen=True)
class EventSpec:
    counterpart: str
    name: str  # may name {city}
    cities: tuple[str, ...]
    years: tuple[int, int]
    units: tuple[str, ...]
    subject: str
    benefit: str
    theme: str  # what the city would speak about (nothing for a jury)
    jury: bool = False


EVENTS: Final = (
    EventSpec(
        counterpart="eurocities",
        name="Eurocities årsmöte i {city}",
        cities=("Barcelona", "Leipzig", "Gent", "Lyon", "Bratislava", "Nantes"),
        years=(2009, 2026),
        units=("KS", "KS-IB"),
        subject="storstadsfrågor",
        benefit="Stockholms intressen i EU:s politik för städer.",
        theme="Stockholms arbete för social sammanhållning och klimatet",
    ),
    EventSpec(
        counterpart="ubc",
        name="UBC:s generalkonferens i {city}",
        cities=("Gdańsk", "Åbo", "Kiel", "Vilnius", "Riga", "Tartu"),
        years=(2009, 2025),
        units=("KS-IB",),
        subject="Östersjösamarbete",
        benefit="Samarbete med grannstäderna runt Östersjön.",
        theme="Stockholms arbete för en renare Östersjö",
    ),
    EventSpec(
        counterpart="metropolis",
        name="Metropolis världskongress i {city}",
        cities=("Montréal", "Hyderabad", "Johannesburg", "Guangzhou"),
        years=(2009, 2023),
        units=("KS",),
        subject="storstadsfrågor",
        benefit="Kunskap om hur världens storstäder leds och planeras.",
        theme="hur Stockholmsregionen planeras och styrs",
    ),
    EventSpec(
        counterpart="c40",
        name="C40:s borgmästartoppmöte i {city}",
        cities=("Seoul", "Johannesburg", "Mexico City", "Köpenhamn", "Buenos Aires"),
        years=(2011, 2025),
        units=("KS", "MHN"),
        subject="klimat",
        benefit="Lösningar för stadens klimatarbete från världens ledande klimatstäder.",
        theme="trängselskatten och stadens klimatmål",
    ),
    EventSpec(
        counterpart="cor",
        name="Europeiska veckan för regioner och städer i {city}",
        cities=("Bryssel",),
        years=(2009, 2026),
        units=("KS-IB", "SLK-INT"),
        subject="EU-frågor",
        benefit="Tidig kunskap om EU:s regionalpolitik och kontakter för stadens EU-projekt.",
        theme="Stockholms erfarenheter av EU-projekt för stadsutveckling",
    ),
    EventSpec(
        counterpart="fira",
        name="Smart City Expo World Congress i {city}",
        cities=("Barcelona",),
        years=(2011, 2026),
        units=("KS", "STOKAB"),
        subject="smarta städer",
        benefit="Kunskap om smarta lösningar för stadens verksamheter och infrastruktur.",
        theme="Stockholms öppna fibernät",
    ),
    EventSpec(
        counterpart="oecd",
        name="OECD:s rundabordssamtal för borgmästare i {city}",
        cities=("Paris",),
        years=(2012, 2025),
        units=("KS",),
        subject="regional utveckling",
        benefit="Jämförelser med andra storstadsregioner som underlag för stadens planering.",
        theme="bostadsförsörjningen i en växande storstadsregion",
    ),
    EventSpec(
        counterpart="iclei",
        name="ICLEI:s världskongress i {city}",
        cities=("Montréal", "Seoul", "Malmö"),
        years=(2012, 2024),
        units=("MHN",),
        subject="hållbar utveckling",
        benefit="Lösningar för stadens hållbarhetsarbete.",
        theme="miljökrav i stadens upphandlingar",
    ),
    EventSpec(
        counterpart="commission",
        name="juryns möte för European Green Capital Award i {city}",
        cities=("Bryssel",),
        years=(2011, 2024),
        units=("MHN",),
        subject="miljö",
        benefit=(
            "Stockholms erfarenheter som första miljöhuvudstad sprids och staden lär av de sökande städerna."
        ),
        theme="",
        jury=True,
    ),
)

RECEPTIONS: Final = (
    ("amb-fi", "med anledning av Finlands självständighetsdag"),
    ("amb-fr", "med anledning av Frankrikes nationaldag"),
    ("amb-de", "med anledning av Tysklands enhetsdag"),
    ("amb-jp", "med anledning av kejsarens födelsedag"),
    ("amb-ca", "med anledning av Kanadadagen"),
)
