"""Demo data for the register: some 350 engagements of every kind, 2009–2026, built from the strategy.

The matters are what the International Strategy (Utlåtande 2008:204) names — the memberships of
Eurocities, Metropolis, UCLG and UBC, the London environment agreement, the Helsinki ICT partnership, the
SEU offices, the Suleimanya motion — and, around them, the everyday international work of the committees,
district committees and companies: study trips, invitations, visits, EU projects and EU policy positions,
Sida-financed partnerships and the brand in communication. Some are drafts; some lack a fact or state one
that the strategy forbids, so that the stored assessments say approve, incomplete and reject. Matters
submitted before ``DECIDED_UNTIL`` are decided — mostly as the strategy advises, some against it or by KS
instead of the body it names, each deviation with its reason — and the later ones wait in the queues.

Everything goes through the services (registration, submission, decision, counterparts), so the audit log
and the stored assessments are the real ones. The plan is deterministic: one ``random.Random(SEED)`` and
no clock; each matter is registered on its day (which gives its number in that year's series) and
submitted with the assessment of that day.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from omvarld.engagements.demo_content import (
    AGREEMENTS,
    AID,
    BRAND_SENTENCES,
    CHANNELS,
    CHECKED,
    COMMUNICATION,
    COUNTERPARTS,
    EU_POLICY,
    EU_PROJECTS,
    EVENTS,
    FOLLOWUPS,
    JURY_REASONS,
    JURY_ROLE,
    MEMBERSHIPS,
    PLAIN_ROLES,
    RECEPTIONS,
    REQUESTS,
    SIGNIFICANT_ROLES,
    SPECIAL_REASONS,
    TOPICS,
    TRAVELLERS,
)
from omvarld.engagements.models import Engagement, Kind
from omvarld.engagements.services import (
    decision_record,
    document_file,
    engagement_register,
    engagement_submit,
)
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create

SEED: Final = 2008
FIRST_YEAR: Final = 2009
LAST_YEAR: Final = 2026
# The last registration day: the demo is the same whenever it is loaded, and has no matter in the future
# of the day this data was written.
LAST_DAY: Final = datetime.date(2026, 10, 30)

# How often a templated matter lacks a fact the strategy asks for, or states one that it forbids.
MISSING_SHARE: Final = 0.17
CONTRARY_SHARE: Final = 0.08


def _city(key: str) -> str:
    """The place a counterpart is in, as a Swedish reader names it."""
    return COUNTERPARTS[key][3]


def _name(key: str) -> str:
    return COUNTERPARTS[key][0]


def _genitive(name: str) -> str:
    """Swedish genitive: "Köpenhamns", but "Helsingfors" as it is."""
    return name if name[-1] in "sxz" else f"{name}s"


def _unchecked(values: dict[str, Any]) -> None:
    """The offer is stated but its bribery assessment is not made (yet)."""
    values["bribery_assessment_done"] = None
    values["description"] = values["description"].replace(CHECKED, "")


def _followup(rng: random.Random) -> str:
    return rng.choice(FOLLOWUPS)


# --- The plan -------------------------------------------------------------------------------------------


@dataclass
class Matter:
    """One engagement to register: everything the services are given, and whether it is submitted."""

    kind: str
    title: str
    unit: str  # unit code
    day: datetime.date  # the day it is registered on, and assessed on when submitted
    counterpart: str | None = None  # key of COUNTERPARTS
    values: dict[str, Any] = field(default_factory=dict)
    # True or False as planned; None: decided by the year (recent matters are more often drafts).
    submit: bool | None = None


class _Planner:
    """Builds the plan: the matters the strategy names, then the everyday work around them."""

    def __init__(self, units: Mapping[str, Unit]) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.units = units
        self.matters: list[Matter] = []

    # --- Helpers ---

    def day(self, year: int, month: int | None = None) -> datetime.date:
        """A working day in the year (or month), never after ``LAST_DAY``."""
        rng = self.rng
        while True:
            chosen_month = month or rng.randint(1, 12)
            day = datetime.date(year, chosen_month, rng.randint(1, 28))
            if day.weekday() < 5 and day <= LAST_DAY:
                return day
            if month is not None and day > LAST_DAY:
                return LAST_DAY

    def travel_year(self) -> int:
        """A year of the period for a journey or a visit: fewer in the pandemic years."""
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        weights = [{2020: 0.25, 2021: 0.5}.get(year, 1.0) for year in years]
        return self.rng.choices(years, weights=weights)[0]

    def unit(self, codes: Sequence[str], day: datetime.date) -> str:
        """One of the units in force on the day; "SDN" stands for any district committee then in force."""
        candidates: list[str] = []
        for code in codes:
            if code == "SDN":
                candidates += sorted(
                    unit.code
                    for unit in self.units.values()
                    if unit.type == "stadsdelsnamnd" and unit.is_in_force(day)
                )
            elif code in self.units and self.units[code].is_in_force(day):
                candidates.append(code)
        if not candidates:
            raise LookupError(f"No unit of {codes} is in force on {day}.")
        return self.rng.choice(candidates)

    def travellers(self, unit: str) -> str:
        """One to three of the people who would travel for the unit, one a line."""
        if unit.startswith(("KS", "SLK")):
            pool = TRAVELLERS["KS"]
        elif self.units[unit].type in ("bolag", "koncernbolag"):
            pool = TRAVELLERS["bolag"]
        else:
            pool = TRAVELLERS["namnd"]
        return "\n".join(self.rng.sample(pool, k=self.rng.randint(1, min(3, len(pool)))))

    def flaw(self) -> str | None:
        """Whether a templated matter lacks a fact ("missing") or states a forbidden one ("contrary")."""
        draw = self.rng.random()
        if draw < CONTRARY_SHARE:
            return "contrary"
        if draw < CONTRARY_SHARE + MISSING_SHARE:
            return "missing"
        return None

    def add(self, matter: Matter) -> None:
        self.matters.append(matter)

    def missing_principle(self, values: dict[str, Any]) -> None:
        """Leave out one of the facts every matter needs: the goal, the direction or the benefit."""
        values.pop(self.rng.choice(("goals", "directions", "benefit")), None)

    def plan(self) -> list[Matter]:
        self.strategy()
        self.memberships()
        self.agreements()
        self.requests()
        self.eu_policy()
        self.eu_projects()
        self.aid()
        self.communication()
        for _ in range(62):
            self.trip()
        for _ in range(52):
            self.invitation()
        for _ in range(14):
            self.network_invitation()
        for _ in range(8):
            self.reception()
        for _ in range(40):
            self.visit()
        for matter in self.matters:
            if matter.submit is None:
                # Most matters of past years were submitted; this year's and last year's are often drafts.
                share = {LAST_YEAR: 0.4, LAST_YEAR - 1: 0.2}.get(matter.day.year, 0.04)
                matter.submit = self.rng.random() >= share
        return sorted(self.matters, key=lambda matter: (matter.day, matter.kind, matter.title))

    # --- What the strategy itself names ---

    def strategy(self) -> None:
        self.add(
            Matter(
                Kind.REQUEST,
                "Motion (2001:71) om ett konkret demokratisamarbete med staden Suleimanya i irakiska "
                "Kurdistan",
                "KS",
                datetime.date(2009, 1, 26),
                "suleimanya",
                {
                    "description": (
                        "Christer Öhgren (mp) föreslår att Stockholms stad inleder ett konkret "
                        "demokratisamarbete med staden Suleimanya i den irakiska delen av Kurdistan. "
                        "Stadsledningskontoret föreslår att motionen avslås: avtal med andra städer än "
                        "huvudstäder bör undvikas, och staden engagerar sig i arbete av biståndskaraktär "
                        "bara när annan part finansierar det till fullo."
                    ),
                    "origin": "motion",
                    "requested_kind": Kind.AGREEMENT,
                    "agreement_type": "cooperation",
                    "directions": ["verksamhetsutveckling"],
                    "benefit": "Stöd till demokratiutveckling och utbyte av kunskap om lokal demokrati.",
                    "subject_area": "demokrati",
                    "mutual_benefit": "Erfarenhetsutbyte om lokal demokrati.",
                    "aid_character": True,
                    "cost_sek": 500_000,
                    "funding": {"city": 500_000},
                },
                submit=True,
            )
        )
        self.add(
            Matter(
                Kind.AGREEMENT,
                "Samarbetsavtal med London om miljöfrågor",
                "KS",
                datetime.date(2009, 3, 11),
                "london",
                {
                    "description": (
                        "Under 2007 tecknade staden ett samarbetsavtal med London (Greater London "
                        "Authority) om bland annat miljöfrågor. Avtalet registreras och prövas mot den nya "
                        "internationella strategin: ett konkret utbyte inom ett specifikt område med en "
                        "annan huvudstad, till ömsesidig nytta."
                    ),
                    "agreement_type": "cooperation",
                    "goals": ["attraktiv"],
                    "directions": ["verksamhetsutveckling", "positionering"],
                    "benefit": "Lärdomar om miljözoner, energieffektiva byggnader och klimatanpassning.",
                    "subject_area": "miljö",
                    "mutual_benefit": (
                        "Gemensamt klimat- och miljöarbete mellan två huvudstäder: London lär av "
                        "trängselskatten och Hammarby sjöstad, Stockholm av Londons miljözon."
                    ),
                    "cost_sek": 150_000,
                    "funding": {"city": 150_000},
                },
                submit=True,
            )
        )
        self.add(
            Matter(
                Kind.AGREEMENT,
                "Strategiskt partnerskap med Helsingfors inom ICT",
                "KS",
                datetime.date(2009, 9, 16),
                "helsingfors",
                {
                    "description": (
                        "Staden utvecklar, som strategin förutser, ett strategiskt partnerskap med "
                        "Helsingfors för att samarbeta på ICT-området (Information and Communication "
                        "Technology): e-tjänster, öppna data och klustren i Kista och Helsingfors."
                    ),
                    "agreement_type": "cooperation",
                    "goals": ["attraktiv", "kostnadseffektiv"],
                    "directions": ["verksamhetsutveckling", "positionering"],
                    "benefit": "Bättre och billigare e-tjänster och ett starkare ICT-kluster i Kista.",
                    "subject_area": "IT",
                    "mutual_benefit": "Utveckling av e-tjänster och ICT-kluster i båda städerna.",
                    "cost_sek": 400_000,
                    "funding": {"city": 400_000},
                    "starts_on": datetime.date(2009, 11, 1),
                    "ends_on": datetime.date(2012, 12, 31),
                },
                submit=True,
            )
        )
        # The SEU offices in Brussels, S:t Petersburg and Warsaw, in the city's everyday work.
        for year in (2011, 2015, 2019, 2023):
            day = self.day(year, 2)
            self.add(
                Matter(
                    Kind.TRIP,
                    f"Introduktion vid Stockholmsregionens Brysselkontor för ledamöterna valda {year - 1}",
                    "KS-IB",
                    day,
                    "commission",
                    {
                        "description": (
                            "Internationella beredningens nya ledamöter besöker Stockholmsregionens "
                            "Brysselkontor under SEU-kommittén och möter kommissionen, regionkommittén och "
                            "Eurocities. " + _followup(self.rng)
                        ),
                        "travellers": "Internationella beredningens ledamöter\nInternationell strateg",
                        "goals": ["attraktiv"],
                        "directions": ["bevakning_paverkan"],
                        "benefit": "Ledamöter som kan bevaka stockholmarnas intressen i EU från början.",
                        "subject_area": "EU-frågor",
                        "learning_objective": (
                            "Att lära hur EU:s beslut förbereds och hur staden påverkar dem tidigt, genom "
                            "Brysselkontoret och nätverken."
                        ),
                        "travel_paid_by": "city",
                        "accommodation_paid_by": "city",
                        "role": "deltagare",
                        "cost_sek": 85_000,
                        "funding": {"city": 85_000},
                        "starts_on": day + datetime.timedelta(days=30),
                        "ends_on": day + datetime.timedelta(days=32),
                    },
                )
            )
        for year in (2010, 2012, 2014):
            day = self.day(year)
            self.add(
                Matter(
                    Kind.COMMUNICATION,
                    f"Stockholmsdagar {year} vid Stockholmsregionens kontor i S:t Petersburg",
                    "SBR",
                    day,
                    "stpetersburg",
                    {
                        "description": (
                            "Seminarier för företag och investerare vid SEU-kommitténs kontor i "
                            "S:t Petersburg, med material som bygger på Stockholm – The Capital of "
                            "Scandinavia."
                        ),
                        "goals": ["attraktiv"],
                        "directions": ["positionering"],
                        "benefit": "Fler ryska investeringar och besökare i Stockholm.",
                        "subject_area": "näringsliv",
                        "brand_used": True,
                        "cost_sek": 320_000,
                        "funding": {"city": 320_000},
                    },
                )
            )
        day = self.day(2014, 5)
        self.add(
            Matter(
                Kind.INVITATION,
                "Inbjudan att tala vid seminarium om hållbart stadsbyggande vid kontoret i Warszawa",
                "SBN",
                day,
                "warszawa",
                {
                    "description": (
                        "Stockholmsregionens kontor i Warszawa och Warszawa stad bjuder in "
                        "stadsbyggnadsnämnden att tala om Hammarby sjöstad. Staden betalar resa och hotell."
                    ),
                    "goals": ["attraktiv"],
                    "directions": ["positionering"],
                    "benefit": "Stockholms miljöteknikföretag når den polska marknaden.",
                    "subject_area": "stadsplanering",
                    "travel_paid_by": "city",
                    "accommodation_paid_by": "city",
                    "role": "talare",
                    "travellers": "Nämndens ordförande\nStadsbyggnadsdirektören",
                    "cost_sek": 24_000,
                    "funding": {"city": 24_000},
                    "starts_on": day + datetime.timedelta(days=40),
                    "ends_on": day + datetime.timedelta(days=41),
                },
            )
        )

    # --- Memberships, each review a matter of its own ---

    def memberships(self) -> None:
        for spec in MEMBERSHIPS:
            for index, year in enumerate(spec.reviews):
                day = self.day(year)
                flaw = spec.flaws.get(year)
                name = spec.network or _name(spec.counterpart)
                values: dict[str, Any] = {
                    "description": (
                        f"Staden är medlem i {name} sedan {spec.start.year}; medlemskapet förvaltas av "
                        f"{self.units[spec.unit].name}. {spec.about} Medlemskapet prövas mot den "
                        "internationella strategin: staden "
                        "ska vara aktiv i de organisationer den väljer, och medlemskap ska omprövas "
                        "regelbundet."
                    ),
                    "goals": list(spec.goals),
                    "directions": list(spec.directions),
                    "benefit": spec.benefit,
                    "subject_area": spec.subject,
                    "scope": spec.scope,
                    "representative": spec.representative,
                    "contribution": spec.contribution,
                    "participation": "active",
                    "starts_on": spec.start,
                    "cost_sek": spec.fee,
                    "funding": {"city": spec.fee},
                }
                # The review before this one, within the four years the policy reads "regelbundet" as; a
                # membership begun since has not been reviewed, and its start counts.
                earlier = spec.first_review
                if index > 0 or earlier is None:
                    earlier = day - datetime.timedelta(self.rng.randint(400, 1400))
                if earlier > spec.start:
                    values["last_review"] = earlier
                if flaw == "passive":
                    values["participation"] = "passive"
                    values["contribution"] = ""
                    values["description"] += " Staden har de senaste åren bara tagit del av utskicken."
                elif flaw == "no_contribution":
                    values["contribution"] = ""
                elif flaw == "overdue":
                    overdue = day - datetime.timedelta(self.rng.randint(1700, 2400))
                    values["last_review"] = max(spec.start, overdue)
                elif flaw == "no_scope":
                    values["scope"] = ""
                title = (
                    f"Medlemskap i {name}" if index == 0 else f"Omprövning av medlemskapet i {name} {year}"
                )
                self.add(Matter(Kind.MEMBERSHIP, title, spec.unit, day, spec.counterpart, values))

    # --- Agreements ---

    def agreements(self) -> None:
        for spec in AGREEMENTS:
            day = self.day(spec.year)
            values: dict[str, Any] = {
                "description": spec.description,
                "agreement_type": spec.agreement_type,
                "goals": list(spec.goals),
                "directions": ["verksamhetsutveckling"],
                "benefit": spec.benefit,
                "subject_area": spec.subject,
                "mutual_benefit": spec.mutual_benefit,
                "cost_sek": spec.cost,
                "funding": {"city": spec.cost},
                "starts_on": day + datetime.timedelta(days=60),
                "ends_on": day + datetime.timedelta(days=60 + 4 * 365),
            }
            submit = False if spec.draft else None
            self.add(Matter(Kind.AGREEMENT, spec.title, spec.unit, day, spec.counterpart, values, submit))

    # --- Requests and motions ---

    def requests(self) -> None:
        for spec in REQUESTS:
            day = self.day(spec.year)
            values: dict[str, Any] = {
                "description": spec.description,
                "origin": spec.origin,
                "goals": list(spec.goals),
                "directions": list(spec.directions),
                "benefit": spec.benefit,
                "subject_area": spec.subject,
                **spec.values,
            }
            if spec.requested_kind:
                values["requested_kind"] = spec.requested_kind
            self.add(Matter(Kind.REQUEST, spec.title, spec.unit, day, spec.counterpart, values))

    # --- EU policy, EU projects, aid-type work, communication ---

    def eu_policy(self) -> None:
        for spec in EU_POLICY:
            # A consultation response comes before the position.
            days = sorted(self.day(self.rng.randint(*spec.years)) for _stage in spec.stages)
            for label, day in zip(spec.stages, days, strict=True):
                unit = self.unit(spec.units, day)
                values: dict[str, Any] = {
                    "description": (
                        f"{spec.about} {self.units[unit].name} bevakar frågan och tar fram stadens "
                        f"ståndpunkt. {self.rng.choice(CHANNELS)}"
                    ),
                    "goals": list(spec.goals),
                    "directions": ["bevakning_paverkan"],
                    "benefit": spec.benefit,
                    "subject_area": spec.subject,
                    "scope": spec.scope,
                    "affected_units": list(spec.affected),
                    "responsible_units": list(spec.responsible),
                }
                if self.flaw() is not None:
                    if self.rng.random() < 0.5:
                        values["responsible_units"] = []
                    elif len(spec.affected) == 1 or self.rng.random() < 0.5:
                        values["scope"] = ""
                        values["affected_units"] = list(spec.affected[:1])
                    else:
                        self.missing_principle(values)
                self.add(Matter(Kind.EU_POLICY, f"{label}: {spec.title}", unit, day, "commission", values))

    def eu_projects(self) -> None:
        for spec in EU_PROJECTS:
            year = self.rng.randint(*spec.years)
            day = self.day(year)
            unit = self.unit(spec.units, day)
            cost = self.rng.randint(*spec.cost) * 100_000
            eu = round(cost * spec.eu_share / 1000) * 1000
            plan = "Affärsplan" if self.units[unit].type == "bolag" else "Verksamhetsplan"
            values: dict[str, Any] = {
                "description": (
                    f"{spec.about} Projektet finansieras av {spec.programme} och drivs av "
                    f"{self.units[unit].name} tillsammans med {_name(spec.partner)} och andra partner. "
                    "Stadsledningskontoret har gett stöd i ansökan."
                ),
                "goals": list(spec.goals),
                "directions": ["verksamhetsutveckling"],
                "benefit": spec.benefit,
                "subject_area": spec.subject,
                "plan_reference": f"{plan} {year}: {spec.plan}",
                "cost_sek": cost,
                "funding": {"eu": eu, "city": cost - eu},
                "starts_on": day + datetime.timedelta(days=self.rng.randint(60, 200)),
            }
            values["ends_on"] = values["starts_on"] + datetime.timedelta(days=365 * self.rng.randint(2, 4))
            if self.flaw() is not None:
                if self.rng.random() < 0.7:
                    values["plan_reference"] = ""
                else:
                    self.missing_principle(values)
            self.add(Matter(Kind.EU_PROJECT, spec.title, unit, day, spec.partner, values))

    def aid(self) -> None:
        for spec in AID:
            day = self.day(spec.year)
            cost = spec.cost * 100_000
            values: dict[str, Any] = {
                "description": f"{spec.about} Arbetet finansieras till fullo av Sida.",
                "goals": list(spec.goals),
                "directions": ["verksamhetsutveckling"],
                "benefit": spec.benefit,
                "subject_area": spec.subject,
                "aid_character": True,
                "cost_sek": cost,
                "funding": {"sida": cost},
                "starts_on": day + datetime.timedelta(days=90),
                "ends_on": day + datetime.timedelta(days=90 + 365 * self.rng.randint(1, 3)),
                "travellers": self.travellers(spec.unit),
            }
            flaw = "contrary" if spec.city_share else self.flaw()
            if flaw == "contrary":
                sida = round(cost * (1 - (spec.city_share or 0.4)) / 1000) * 1000
                values["funding"] = {"sida": sida, "city": cost - sida}
                values["description"] = (
                    f"{spec.about} Sida finansierar en del; staden föreslås stå för resten."
                )
            elif flaw == "missing":
                del values["cost_sek"]
                values["description"] = f"{spec.about} Kostnaden är ännu inte beräknad."
            self.add(Matter(Kind.AID, spec.title, spec.unit, day, spec.counterpart, values))

    def communication(self) -> None:
        for spec in COMMUNICATION:
            for year in spec.years:
                day = self.day(year)
                unit = self.unit(spec.units, day)
                values: dict[str, Any] = {
                    "description": f"{spec.about} {self.rng.choice(BRAND_SENTENCES)}",
                    "goals": ["attraktiv"],
                    "directions": ["positionering"],
                    "benefit": spec.benefit,
                    "subject_area": spec.subject,
                    "brand_used": True,
                    "cost_sek": self.rng.randint(*spec.cost) * 10_000,
                }
                values["funding"] = {"city": values["cost_sek"]}
                flaw = "contrary" if spec.own_profile else self.flaw()
                if flaw == "contrary":
                    values["brand_used"] = False
                    values["description"] = f"{spec.about} Materialet har en egen grafisk profil."
                elif flaw == "missing":
                    self.missing_principle(values)
                title = spec.title.format(year=year)
                self.add(Matter(Kind.COMMUNICATION, title, unit, day, spec.counterpart, values))

    # --- Journeys, invitations and visits, from the topics ---

    def trip(self) -> None:
        rng = self.rng
        topic = rng.choice(TOPICS)
        place, why = rng.choice(topic.places)
        year = self.travel_year()
        day = self.day(year)
        unit = self.unit(topic.units, day)
        city, name = _city(place), _name(place)
        is_city = COUNTERPARTS[place][1] == "city"
        source = f"{_genitive(city)} erfarenheter" if is_city else f"erfarenheterna hos {name}"
        title = rng.choice(
            (
                f"Studieresa till {city} om {topic.phrase}",
                f"Studiebesök hos {name} om {topic.phrase}",
                f"Kunskapsutbyte i {city} om {topic.phrase}",
            )
        )
        travellers = self.travellers(unit)
        cost = rng.randint(8, 25) * 1000 * len(travellers.splitlines())
        values: dict[str, Any] = {
            "description": (
                f"{why} {self.units[unit].name} besöker {name} för att studera {topic.lesson}. "
                f"{_followup(rng)}"
            ),
            "travellers": travellers,
            "goals": list(topic.goals),
            "directions": ["verksamhetsutveckling"],
            "benefit": topic.benefit,
            "subject_area": topic.subject,
            "learning_objective": f"Att lära av {source} {topic.lesson}.",
            "travel_paid_by": "city",
            "accommodation_paid_by": "city",
            "role": rng.choice(("deltagare", "delegat", "deltagare i studiebesöket")),
            "cost_sek": cost,
            "funding": {"city": cost},
            "starts_on": day + datetime.timedelta(days=rng.randint(20, 80)),
        }
        values["ends_on"] = values["starts_on"] + datetime.timedelta(days=rng.randint(1, 3))
        if year in (2020, 2021):
            # In the pandemic years the study visit was held on line.
            title = f"Digitalt studiebesök hos {name} om {topic.phrase}"
            values.update(travel_paid_by="none", accommodation_paid_by="none", cost_sek=0, funding={})
            values["ends_on"] = values["starts_on"]
        elif rng.random() < 0.3:
            values["hospitality_offered"] = True
            values["bribery_assessment_done"] = True
            values["description"] += f" Värden bjuder på en middag{CHECKED}."
        flaw = self.flaw()
        if flaw == "contrary" and year not in (2020, 2021):
            # The host pays the hotel for people who only attend: no exception can be made.
            values.update(accommodation_paid_by="inviter", bribery_assessment_done=True)
            values["funding"] = {"city": cost // 2, "inviter": cost - cost // 2}
            values["description"] += f" {name} betalar hotellet för delegationen{CHECKED}."
        elif flaw is not None:
            choice = rng.random()
            if choice < 0.5:
                values["learning_objective"] = ""
            elif choice < 0.7 and values.get("hospitality_offered"):
                _unchecked(values)
            else:
                self.missing_principle(values)
        self.add(Matter(Kind.TRIP, title, unit, day, place, values))

    def _invited(
        self,
        title: str,
        unit: str,
        day: datetime.date,
        place: str,
        values: dict[str, Any],
        *,
        occasion: str,
        theme: str,
        roles: Sequence[tuple[str, str]] = SIGNIFICANT_ROLES,
    ) -> None:
        """An invitation abroad to ``occasion``: who pays, the role, the exception, the bribery check."""
        rng = self.rng
        significant = rng.random() < 0.65 or roles is not SIGNIFICANT_ROLES
        role, part = rng.choice(roles if significant else PLAIN_ROLES)
        invited = f"{_name(place)} bjuder in {self.units[unit].name} till {occasion}."
        if significant:
            part = f"Staden är inbjuden {part} om {theme}." if theme else f"Staden är inbjuden {part}."
        travellers = self.travellers(unit)
        cost = rng.randint(7, 22) * 1000 * len(travellers.splitlines())
        values.update(role=role, travellers=travellers, cost_sek=cost)
        values["starts_on"] = day + datetime.timedelta(days=rng.randint(25, 100))
        values["ends_on"] = values["starts_on"] + datetime.timedelta(days=rng.randint(1, 3))
        exception = significant and rng.random() < 0.55
        if exception:
            values.update(
                travel_paid_by="inviter", accommodation_paid_by="inviter", funding={"inviter": cost}
            )
            reasons = JURY_REASONS if roles is JURY_ROLE else SPECIAL_REASONS
            values["special_reasons"] = rng.choice(reasons).format(role=role)
            paid = "Arrangören betalar resa och hotell för alla som medverkar i programmet."
        else:
            values.update(travel_paid_by="city", accommodation_paid_by="city", funding={"city": cost})
            paid = "Staden betalar resa och hotell."
        dinner = ""
        if exception or rng.random() < 0.3:
            values.update(hospitality_offered=True, bribery_assessment_done=True)
            dinner = f"Arrangören bjuder på middag{CHECKED}."
        flaw = self.flaw()
        if flaw == "contrary":
            # Someone else pays, for a part that is no speaking part: no exception can be made.
            values["role"], part = rng.choice(PLAIN_ROLES)
            values.update(accommodation_paid_by="inviter", special_reasons="", bribery_assessment_done=True)
            values["funding"] = {"city": cost // 2, "inviter": cost - cost // 2}
            paid = f"Staden betalar resan; arrangören erbjuder sig att betala hotellet{CHECKED}."
            dinner = ""
        elif flaw == "missing":
            choice = rng.random()
            if exception and choice < 0.4:
                values["special_reasons"] = ""
            elif values.get("hospitality_offered") and choice < 0.7:
                values["bribery_assessment_done"] = None
                dinner = dinner.replace(CHECKED, "")
            elif choice < 0.85:
                del values["travel_paid_by"], values["accommodation_paid_by"]
                paid = "Vem som betalar resa och hotell är ännu inte klart."
            else:
                self.missing_principle(values)
        values["description"] = " ".join(filter(None, (invited, part, paid, dinner)))
        self.add(Matter(Kind.INVITATION, title, unit, day, place, values))

    def invitation(self) -> None:
        rng = self.rng
        topic = rng.choice(TOPICS)
        place, _why = rng.choice(topic.places)
        day = self.day(self.travel_year())
        unit = self.unit(topic.units, day)
        values: dict[str, Any] = {
            "goals": list(topic.goals),
            "directions": rng.choice((["positionering"], ["positionering", "verksamhetsutveckling"])),
            "benefit": topic.benefit,
            "subject_area": topic.subject,
        }
        occasion = f"en konferens i {_city(place)} om {topic.phrase}"
        title = f"Inbjudan till konferens i {_city(place)} om {topic.phrase}"
        self._invited(title, unit, day, place, values, occasion=occasion, theme=topic.strength)

    def network_invitation(self) -> None:
        rng = self.rng
        event = rng.choice(EVENTS)
        day = self.day(rng.randint(*event.years))
        unit = self.unit(event.units, day)
        occasion = event.name.format(city=rng.choice(event.cities))
        values: dict[str, Any] = {
            "goals": ["attraktiv"],
            "directions": ["bevakning_paverkan", "positionering"],
            "benefit": event.benefit,
            "subject_area": event.subject,
        }
        self._invited(
            f"Inbjudan till {occasion}",
            unit,
            day,
            event.counterpart,
            values,
            occasion=occasion,
            theme=event.theme,
            roles=JURY_ROLE if event.jury else SIGNIFICANT_ROLES,
        )

    def reception(self) -> None:
        rng = self.rng
        embassy, occasion = rng.choice(RECEPTIONS)
        day = self.day(rng.randint(FIRST_YEAR, LAST_YEAR))
        unit = self.unit(("KS", "KS-IB"), day)
        values: dict[str, Any] = {
            "description": (
                f"{_name(embassy)} bjuder in stadens företrädare till en mottagning {occasion}. "
                f"Det blir ingen resa. Ambassaden bjuder på mat och dryck{CHECKED}."
            ),
            "travellers": "Borgarrådet med ansvar för internationella frågor",
            "goals": ["attraktiv"],
            "directions": ["positionering"],
            "benefit": "Kontakter som främjar handel, investeringar och besök i Stockholm.",
            "subject_area": "representation",
            "travel_paid_by": "none",
            "accommodation_paid_by": "none",
            "hospitality_offered": True,
            "bribery_assessment_done": True,
            "role": "gäst",
            "cost_sek": 0,
        }
        if self.flaw() is not None:
            _unchecked(values)
        title = f"Inbjudan till mottagning på {_name(embassy).removesuffix(' i Stockholm')} {occasion}"
        self.add(Matter(Kind.INVITATION, title, unit, day, embassy, values))

    def visit(self) -> None:
        rng = self.rng
        topic = rng.choice(TOPICS)
        place, _why = rng.choice(topic.places)
        day = self.day(self.travel_year())
        unit = self.unit(topic.units, day)
        name, city = _name(place), _city(place)
        title = rng.choice(
            (
                f"Besök av en delegation från {city} om {topic.phrase}",
                f"Studiebesök från {name} om {topic.phrase}",
                f"Mottagning av en delegation från {city}",
            )
        )
        cost = rng.randint(2, 18) * 1000
        values: dict[str, Any] = {
            "description": (
                f"En delegation från {name} besöker Stockholm för att ta del av {topic.strength}. "
                f"{self.units[unit].name} står för programmet och en lunch; delegationen betalar sina "
                "egna resor och sitt boende."
            ),
            "travellers": self.travellers(unit),
            "goals": list(topic.goals),
            "directions": rng.choice((["positionering"], ["verksamhetsutveckling"])),
            "benefit": topic.benefit,
            "subject_area": topic.subject,
            "travel_paid_by": "other",
            "accommodation_paid_by": "other",
            "cost_sek": cost,
            "funding": {"city": cost},
            "starts_on": day + datetime.timedelta(days=rng.randint(14, 60)),
        }
        values["ends_on"] = values["starts_on"] + datetime.timedelta(days=rng.randint(0, 2))
        gifts = rng.random() < 0.35
        if gifts:
            values["hospitality_offered"] = True
            values["bribery_assessment_done"] = True
            values["description"] += f" Delegationen överlämnar gåvor{CHECKED}."
        if self.flaw() is not None:
            if gifts:
                _unchecked(values)
            else:
                self.missing_principle(values)
        self.add(Matter(Kind.VISIT, title, unit, day, place, values))


# --- Loading ---------------------------------------------------------------------------------------------


def demo_matters(units: Mapping[str, Unit]) -> list[Matter]:
    """The demo's engagements in the order they are registered (by day), given the city's units."""
    return _Planner(units).plan()


def _counterparts() -> dict[str, Counterpart]:
    """The demo's counterparts by key: those already registered (by name and country), the rest created."""
    existing = {
        (counterpart.name, counterpart.country): counterpart for counterpart in Counterpart.objects.all()
    }
    found = {}
    for key, (name, type_, country, city) in COUNTERPARTS.items():
        counterpart = existing.get((name, country))
        if counterpart is None:
            counterpart = counterpart_create(actor=None, name=name, type=type_, country=country, city=city)
        found[key] = counterpart
    return found


@transaction.atomic
def load_demo_engagements() -> int:
    """Register the demo's engagements, through the services, and return how many were created.

    Idempotent: once the system has registered any engagement (the demo registers as the system, people
    as themselves), the register is left as it is and nothing is created. The counterparts the demo
    names are created whenever missing.
    """
    counterparts = _counterparts()
    if Engagement.objects.filter(registered_by__isnull=True).exists():
        return 0
    units = {unit.code: unit for unit in Unit.objects.all()}
    # Apart from the plan's own generator, so that deciding changes no matter. Not for secrets.
    decider = random.Random(2009)  # noqa: S311
    created = 0
    for matter in demo_matters(units):
        engagement = engagement_register(
            actor=None,
            kind=matter.kind,
            title=matter.title,
            unit=units[matter.unit],
            today=matter.day,
            counterpart=counterparts[matter.counterpart] if matter.counterpart else None,
            **matter.values,
        )
        if matter.submit:
            engagement_submit(actor=None, engagement=engagement, as_of=matter.day)
            _decide(engagement, matter.day, units, decider)
        created += 1
    _file_demo_documents()
    return created


# Documents filed with a few matters, one of them secret, so that the demo shows both (plain text: what
# an officer might file as a note; the service checks it as it checks any upload).
DEMO_DOCUMENTS: Final = (
    (
        "London om miljö",
        "Avtalstext med bilagor",
        "Samarbetsavtal mellan Stockholms stad och Greater London Authority om miljö och klimat.\n",
        "",
    ),
    (
        "Suleimanya",
        "Säkerhetsbedömning inför resa",
        "Bedömning av säkerhetsläget för stadens representanter under resan.\n",
        "18 kap. 8 § OSL",
    ),
)


def _file_demo_documents() -> None:
    for words, title, text, ground in DEMO_DOCUMENTS:
        engagement = (
            Engagement.objects.filter(Q(title__icontains=words) | Q(counterpart__name__icontains=words))
            .order_by("year", "number")
            .first()
        )
        if engagement is None or engagement.documents.exists():
            continue
        document_file(
            actor=None,
            engagement=engagement,
            upload=SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.txt", text.encode()),
            title=title,
            secret=bool(ground),
            secrecy_ground_text=ground,
        )


# Matters submitted after this day still wait in the bodies' queues.
DECIDED_UNTIL = datetime.date(2026, 9, 1)
DEVIATION_REASONS = (
    "Kompletterande uppgifter lämnades muntligt vid sammanträdet.",
    "Nämnden bedömde nyttan för stockholmarna som tillräcklig trots underlaget.",
    "Ärendet prioriterades ned inför budgetåret.",
    "Kommunstyrelsen tog ärendet eftersom det berör flera nämnder.",
)


def _decide(
    engagement: Engagement, day: datetime.date, units: Mapping[str, Unit], rng: random.Random
) -> None:
    """Record the decision of a matter submitted before ``DECIDED_UNTIL``: mostly as the strategy advises,
    sometimes against it or by KS instead of the body it names, each deviation with its reason."""
    if day >= DECIDED_UNTIL:
        return
    engagement.refresh_from_db()
    stored = engagement.assessments.get()
    decided_on = day + datetime.timedelta(days=rng.randint(14, 60))
    expected = engagement.deciding_body
    body = expected
    if expected is not None and expected.code != "KS" and rng.random() < 0.03:
        body = units["KS"]
    follows = {"approve": 0.95, "reject": 0.85, "incomplete": 0.5}[stored.outcome]
    approve = stored.outcome == "approve"
    outcome = "approved" if (approve if rng.random() < follows else not approve) else "rejected"
    deviates = body != expected or (outcome == "approved") != approve
    decision_record(
        actor=None,
        engagement=engagement,
        outcome=outcome,
        decided_on=decided_on,
        minutes_reference=f"{(body or units['KS']).name}, protokoll {decided_on.year}:{rng.randint(1, 20)}, "
        f"§ {rng.randint(1, 40)}",
        body=body or units["KS"],
        deviation_reason=rng.choice(DEVIATION_REASONS) if deviates or body is None else "",
    )
