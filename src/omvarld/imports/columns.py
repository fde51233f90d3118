"""The fields a file's columns can fill, how a heading names them, and how a cell becomes a value.

Every field an officer fills in the engagement's form can be imported, and besides: the row's key (its
registration number in Omvärld, or its own id in the register it comes from), the counterpart by name,
country, city and type, the day it was registered, its status, and its decision (the decision itself,
its date, the body, the minutes, the motivation and the reason for a deviation).

A heading is matched, in Swedish or English, against each field's label and the names registers use for
it ("Dnr", "Rubrik", "Nämnd", "Avgift" …), ignoring case, accents and punctuation. A cell is read as
people write it: a kind, a choice or a unit by its code or its name in either language, yes and no as
``ja``/``nej``, amounts with spaces and ``kr``, dates as YYYY-MM-DD (or as the workbook's own dates).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, cast

from django.db import models
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.engagements.models import (
    AccommodationPayer,
    AgreementType,
    DecisionOutcome,
    Direction,
    Engagement,
    FundingSource,
    Goal,
    Kind,
    Origin,
    Participation,
    Payer,
    Scope,
    Status,
)
from omvarld.imports.reading import Cell, as_text
from omvarld.organisation.models import CounterpartType
from omvarld.policy.interchange import FIELDS


class Problem(ValueError):
    """A cell that cannot be read as its field's value; the message says why, in the user's language."""


# What a field holds, which decides how its cells are read.
TEXT, KEY, CHOICE, KIND, BOOL, DATE, AMOUNT, LIST, UNIT, UNITS, USER, COUNTRY, STATUS, OUTCOME = (
    "text",
    "key",
    "choice",
    "kind",
    "bool",
    "date",
    "amount",
    "list",
    "unit",
    "units",
    "user",
    "country",
    "status",
    "outcome",
)


@dataclass(frozen=True)
class Target:
    """A field a column can fill: its name (the services' name where there is one), its label, what it
    holds (``TEXT``, ``DATE`` …), its choices when it has them, and the other names registers give it."""

    name: str
    label: str | Promise
    holds: str
    choices: type[models.TextChoices] | None = None
    synonyms: tuple[str, ...] = ()


def _model_label(name: str) -> Any:
    field = cast(models.Field[Any, Any], Engagement._meta.get_field(name))
    return capfirst(field.verbose_name)


def _field(name: str, type_: str, choices: type[models.TextChoices] | None = None, *synonyms: str) -> Target:
    return Target(name, _model_label(name), type_, choices, synonyms)


def _funding(label: Any) -> str:
    return _("Funding: %(source)s (SEK)") % {"source": label}


_funding_label = lazy(_funding, str)

TARGETS: Final[tuple[Target, ...]] = (
    Target(
        "registration_number",
        gettext_lazy("Registration number in Omvärld"),
        KEY,
        synonyms=("diarienummer", "dnr", "diarienr", "registration number", "reg nr"),
    ),
    Target(
        "source_id",
        gettext_lazy("The row's own id in its register"),
        KEY,
        synonyms=(
            "id",
            "lopnummer",
            "lopnr",
            "nr",
            "nummer",
            "arende id",
            "arendenummer",
            "externt id",
            "gammalt diarienummer",
            "source id",
            "external id",
            "old registration number",
            "referens",
            "ref",
        ),
    ),
    Target("kind", gettext_lazy("Kind"), KIND, Kind, ("arendeslag", "arendetyp", "typ av arende", "slag")),
    Target("title", gettext_lazy("Title"), TEXT, synonyms=("rubrik", "titel", "arendemening", "benamning")),
    Target(
        "unit",
        gettext_lazy("Owning unit"),
        UNIT,
        synonyms=("enhet", "agande enhet", "namnd", "forvaltning", "bolag", "enhetskod", "unit", "owner"),
    ),
    Target(
        "responsible",
        gettext_lazy("Responsible officer (username)"),
        USER,
        synonyms=("handlaggare", "ansvarig handlaggare", "ansvarig", "responsible", "officer"),
    ),
    Target(
        "counterpart",
        gettext_lazy("Counterpart"),
        TEXT,
        synonyms=(
            "motpart",
            "organisation",
            "inbjudare",
            "vard",
            "samarbetspart",
            "avtalspart",
            "natverk",
            "partner",
            "counterpart",
            "organisation name",
        ),
    ),
    Target(
        "country", gettext_lazy("Counterpart's country"), COUNTRY, synonyms=("land", "landskod", "country")
    ),
    Target("city", gettext_lazy("Counterpart's city"), TEXT, synonyms=("stad", "ort", "city")),
    Target(
        "counterpart_type",
        gettext_lazy("Counterpart's type"),
        CHOICE,
        CounterpartType,
        ("motpartstyp", "typ av motpart", "organisationstyp", "counterpart type"),
    ),
    _field("description", TEXT, None, "beskrivning", "kommentar", "anteckning", "notes"),
    _field(
        "starts_on",
        DATE,
        None,
        "borjar",
        "startdatum",
        "start",
        "fran",
        "fran och med",
        "fr o m",
        "datum",
        "avresa",
        "medlem sedan",
        "galler fran",
        "start date",
        "date",
    ),
    _field(
        "ends_on",
        DATE,
        None,
        "slutar",
        "slutdatum",
        "slut",
        "till",
        "till och med",
        "t o m",
        "hemresa",
        "galler till",
        "end date",
    ),
    _field("travellers", TEXT, None, "resenarer", "deltagare", "participants"),
    _field("goals", LIST, Goal, "inriktningsmal", "mal"),
    _field("directions", LIST, Direction, "inriktning", "inriktningar"),
    _field("benefit", TEXT, None, "nytta", "syfte", "benefit"),
    _field("subject_area", TEXT, None, "sakomrade", "omrade", "amne"),
    _field(
        "cost_sek",
        AMOUNT,
        None,
        "kostnad",
        "kostnad kr",
        "kostnad sek",
        "total kostnad",
        "total kostnad kr",
        "avgift",
        "medlemsavgift",
        "arsavgift",
        "cost",
        "total cost",
        "fee",
    ),
    *(Target(f"funding_{source}", _funding_label(label), AMOUNT) for source, label in FundingSource.choices),
    _field("scope", CHOICE, Scope, "omfattning"),
    _field("affected_units", UNITS, None, "berorda enheter"),
    _field("responsible_units", UNITS, None, "bevakande enheter"),
    _field("origin", CHOICE, Origin, "ursprung"),
    _field("requested_kind", KIND, Kind, "efterfragat slag"),
    _field("agreement_type", CHOICE, AgreementType, "avtalstyp", "typ av avtal"),
    _field("mutual_benefit", TEXT, None, "omsesidig nytta"),
    _field("travel_paid_by", CHOICE, Payer, "resan betalas av", "resa betalas av", "resekostnad betalas av"),
    _field("accommodation_paid_by", CHOICE, AccommodationPayer, "boende betalas av", "logi betalas av"),
    _field("hospitality_offered", BOOL, None, "representation", "gastfrihet"),
    _field("role", TEXT, None, "roll", "representantens roll"),
    _field("special_reasons", TEXT, None, "synnerliga skal"),
    _field("bribery_assessment_done", BOOL, None, "mutbedomning", "mutbedomning gjord"),
    _field("learning_objective", TEXT, None, "larandemal", "syfte med resan"),
    _field("plan_reference", TEXT, None, "verksamhetsplan", "punkt i verksamhetsplanen"),
    _field("representative", TEXT, None, "representant", "stadens representant"),
    _field("contribution", TEXT, None, "aktivt bidrag", "bidrag"),
    _field("participation", CHOICE, Participation, "deltagande"),
    _field("last_review", DATE, None, "senaste omprovning", "omprovad", "senast omprovad"),
    _field("brand_used", BOOL, None, "varumarket", "varumarke"),
    _field("aid_character", BOOL, None, "bistandskaraktar", "bistand"),
    _field("foreign_policy_stance", BOOL, None, "utrikespolitiskt stallningstagande"),
    _field("major_engagement", BOOL, None, "storre engagemang", "stort engagemang"),
    Target(
        "registered_on",
        gettext_lazy("Registered on"),
        DATE,
        synonyms=(
            "registrerad",
            "registrerat",
            "registreringsdatum",
            "inkom",
            "inkommen",
            "diarieford",
            "registered",
        ),
    ),
    Target("status", gettext_lazy("Status"), STATUS, Status, ("status", "lage")),
    Target(
        "decision", gettext_lazy("Decision"), OUTCOME, DecisionOutcome, ("beslut", "decision", "beslutat")
    ),
    Target(
        "decided_on",
        gettext_lazy("Decided on"),
        DATE,
        synonyms=("beslutsdatum", "beslutsdag", "beslutad", "decision date", "decided"),
    ),
    Target(
        "body",
        gettext_lazy("Deciding body"),
        UNIT,
        synonyms=(
            "beslutande organ",
            "beslutsorgan",
            "organ",
            "beslutsfattare",
            "decided by",
            "deciding body",
        ),
    ),
    Target(
        "minutes_reference",
        gettext_lazy("Minutes"),
        TEXT,
        synonyms=("protokoll", "protokollsparagraf", "paragraf", "protokollsreferens", "minutes"),
    ),
    Target("motivation", gettext_lazy("Motivation"), TEXT, synonyms=("motivering", "beslutsmotivering")),
    Target(
        "deviation_reason",
        gettext_lazy("Reason for a deviation"),
        TEXT,
        synonyms=("skal for avvikelse", "avvikelseskal", "skal for avvikelsen", "deviation reason"),
    ),
)
BY_NAME: Final[dict[str, Target]] = {target.name: target for target in TARGETS}
FUNDING_PREFIX: Final = "funding_"
DECISION_TARGETS: Final = (
    "decision",
    "decided_on",
    "body",
    "minutes_reference",
    "motivation",
    "deviation_reason",
)
# The columns the register's own export writes that Omvärld works out itself: they are never read.
COMPUTED_HEADINGS: Final = frozenset({"bedomning", "beslutande organ enligt strategin", "avvikelse"})


@lru_cache(maxsize=65536)
def normalised(text: str) -> str:
    """A heading or a value as it is compared: lower case, without accents, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(re.sub(r"[^0-9a-z§]+", " ", plain).split())


def _spellings(target: Target) -> set[str]:
    """Every way a heading may name the target: its synonyms, and its label in Swedish and English."""
    names = {normalised(synonym) for synonym in target.synonyms}
    for language in ("sv", "en"):
        with translation.override(language):
            names.add(normalised(str(target.label)))
    if target.name.startswith(FUNDING_PREFIX):
        source = target.name.removeprefix(FUNDING_PREFIX)
        label = FundingSource(source).label
        for language in ("sv", "en"):
            with translation.override(language):
                name = normalised(str(label))
                names |= {f"finansiering {name}", f"finansiering {name} kr", f"funding {name}", f"{name} kr"}
    return names


def guess(header: list[str]) -> dict[int, str]:
    """The field each column likely fills, by its heading; a field goes to the first column that names it."""
    spellings = {target.name: _spellings(target) for target in TARGETS}
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, heading in enumerate(header):
        name = normalised(heading)
        if not name or name in COMPUTED_HEADINGS:
            continue
        # "Årsavgift (kr)" is "Årsavgift" in kronor.
        names = (name, re.sub(r" (kr|sek|kronor)$", "", name))
        for target in TARGETS:
            if target.name not in taken and any(spelling in spellings[target.name] for spelling in names):
                mapping[index] = target.name
                taken.add(target.name)
                break
    return mapping


# --- Reading a cell as its field's value ------------------------------------------------------------------


def text(value: Cell) -> str:
    return as_text(value)


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every way of writing each choice: its code and its label in Swedish and English, normalised."""
    found: dict[str, str] = {}
    for code, label in choices.choices:
        found[normalised(code)] = code
        for language in ("sv", "en"):
            with translation.override(language):
                found.setdefault(normalised(str(label)), code)
    return found


# Words registers use for the decisions, besides the labels.
_OUTCOME_WORDS: Final = {
    "bifall": DecisionOutcome.APPROVED,
    "bifallen": DecisionOutcome.APPROVED,
    "beviljad": DecisionOutcome.APPROVED,
    "beviljat": DecisionOutcome.APPROVED,
    "godkand": DecisionOutcome.APPROVED,
    "godkant": DecisionOutcome.APPROVED,
    "ja": DecisionOutcome.APPROVED,
    "avslag": DecisionOutcome.REJECTED,
    "avslagen": DecisionOutcome.REJECTED,
    "avslaget": DecisionOutcome.REJECTED,
    "nej": DecisionOutcome.REJECTED,
}
_YES: Final = frozenset({"ja", "j", "yes", "y", "true", "sant", "1", "x"})
_NO: Final = frozenset({"nej", "n", "no", "false", "falskt", "0"})
_UNKNOWN: Final = frozenset({"okant", "vet ej", "unknown", "ej angivet", "not stated", "?"})
_LIST_SEPARATORS: Final = re.compile(r"[;\n|]+")
_AMOUNT_NOISE: Final = re.compile(r"(?i)\s|\u00a0|\u202f|kr\.?|sek|:-")


class Reader:
    """Reads cells as the values of their fields. Made once per import: it keeps every spelling of
    every choice so that a row costs no translation: its code, its label in Swedish and English, and
    the policy engine's Swedish word for it ("stadsövergripande", "förfrågan")."""

    def __init__(self) -> None:
        self.spellings: dict[str, dict[str, str]] = {}
        for target in TARGETS:
            if target.choices is None:
                continue
            found = _labels(target.choices)
            engine = FIELDS.get("kind" if target.holds == KIND else target.name)
            for code, word in (engine.values or {}).items() if engine is not None else ():
                found.setdefault(normalised(word), code)
            if target.choices is DecisionOutcome:
                found.update(_OUTCOME_WORDS)
            self.spellings[target.name] = found

    def choice(self, value: Cell, target: Target) -> str:
        """A choice by its code or any of its names; a value that is none of them is kept as written,
        for the service to refuse with the choices it has."""
        written = text(value)
        if not written:
            return ""
        return self.spellings[target.name].get(normalised(written), written)

    def items(self, value: Cell, target: Target) -> list[str]:
        """A list written with semicolons or line breaks between its items, or commas where a comma
        does not belong to a choice's name ("En attraktiv, trygg och växande stad")."""
        known = self.spellings.get(target.name, {})
        items: list[str] = []
        for piece in (part.strip() for part in _LIST_SEPARATORS.split(text(value))):
            if not piece:
                continue
            if normalised(piece) in known or not known:
                parts = [piece] if known else [p.strip() for p in piece.split(",") if p.strip()]
            else:
                split = [p.strip() for p in piece.split(",") if p.strip()]
                parts = split if all(normalised(p) in known for p in split) else [piece]
            items.extend(known.get(normalised(part), part) for part in parts)
        return items


def yes_no(value: Cell) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    written = normalised(text(value))
    if not written or written in _UNKNOWN:
        return None
    if written in _YES:
        return True
    if written in _NO:
        return False
    raise Problem(
        _("“%(value)s” is not yes or no: write ja or nej, or leave it empty.") % {"value": text(value)[:40]}
    )


def date(value: Cell) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = text(value)
    if not written:
        return None
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", written)
    if found:
        try:
            return datetime.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            pass
    raise Problem(
        _("%(value)s is no date; write it YYYY-MM-DD, e.g. 2020-07-01.") % {"value": repr(written[:40])}
    )


def amount(value: Cell) -> int | None:
    """Whole kronor: ``12 000``, ``12000 kr``, ``12 000,00`` or a number cell. Out-of-range amounts are
    read, for the service to refuse."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise Problem(_("“%(value)s” is no amount; write whole kronor, e.g. 12000.") % {"value": text(value)})
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Problem(_("“%(value)s” is no amount; write whole kronor, e.g. 12000.") % {"value": text(value)})
    written = text(value)
    plain = _AMOUNT_NOISE.sub("", written).replace("\u2212", "-")
    if not plain:
        return None
    plain = re.sub(r"[,.]0{1,2}$", "", plain)
    if re.fullmatch(r"-?\d+", plain):
        return int(plain)
    raise Problem(_("“%(value)s” is no amount; write whole kronor, e.g. 12000.") % {"value": written[:40]})


def choice_labels(choices: type[models.TextChoices]) -> str:
    return ", ".join(str(label) for _code, label in choices.choices)
