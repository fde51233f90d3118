"""The strategy as study material: each guideline and what rests on it; the source text to read and search.

A **guideline** here is a passage of the source document that the shipped policy versions cite: its words
(verbatim), where it stands, the rules that rest on it (by their citations, or by the citations of one
wording of their reason), the rows of the decision tables that cite it, and the parameter values it is the
source of — across every shipped version, never a draft.

The **source text** is the document the passages are quoted from (``policy/sources/utl-2008-204.txt``, the
text of a PDF: every line followed by an empty one, words hyphenated at line ends). It is read into
paragraphs, each under the heading of the part of the document it stands in, with the passages that lie in
it, and searched word by word.

Pure Python, as the rest of the engine: the pages (``omvarld.strategy``) ask here.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from omvarld.policy.loader import SOURCES_DIR, list_versions, normalise_passage
from omvarld.policy.model import DatedValue, Parameter, Passage, PolicyVersion, Rule, TableRow

SOURCE_FILE: Final = "utl-2008-204.txt"

# ---------------------------------------------------------------- the guidelines


@dataclass(frozen=True)
class RuleUse:
    """A rule that rests on a passage, in the versions that hold it worded alike."""

    rule: Rule
    versions: tuple[str, ...]
    by_reason: bool
    """True when only a wording of its reason cites the passage (a contested capital), not the rule."""


@dataclass(frozen=True)
class RowUse:
    """A row of a version's decision table (``decision_authority``) or documentation table that cites it."""

    table: str
    row: TableRow
    versions: tuple[str, ...]


@dataclass(frozen=True)
class ValueUse:
    """A dated parameter value whose source is the passage."""

    parameter: Parameter
    value: DatedValue
    versions: tuple[str, ...]


@dataclass(frozen=True)
class Guideline:
    passage: Passage
    versions: tuple[str, ...]
    """The shipped versions that hold the passage, by effective date."""
    position: int
    """Where it stands in the source document (characters of normalised text before it; -1 if not found)."""
    rules: tuple[RuleUse, ...] = ()
    rows: tuple[RowUse, ...] = ()
    values: tuple[ValueUse, ...] = ()

    @property
    def id(self) -> str:
        return self.passage.id


def _merged[T](found: Iterable[tuple[str, object, T]]) -> list[tuple[T, tuple[str, ...]]]:
    """(version, key, item) → each item once, with the versions that hold it; a key written alike in
    several versions (an overlay inherits its base's rules) is one entry."""
    entries: dict[object, tuple[T, list[str]]] = {}
    for version_id, key, item in found:
        if key in entries:
            entries[key][1].append(version_id)
        else:
            entries[key] = (item, [version_id])
    return [(item, tuple(versions)) for item, versions in entries.values()]


def _rule_key(rule: Rule) -> object:
    return ("rule", rule.id, repr(rule.spec))


@cache
def guidelines() -> tuple[Guideline, ...]:
    """Every passage the shipped versions cite, in the order the source document gives them."""
    versions = list_versions()
    source = source_document()
    passages: dict[str, Passage] = {}
    holders: dict[str, list[str]] = {}
    for version in versions:
        for passage in version.passages.values():
            passages.setdefault(passage.id, passage)
            holders.setdefault(passage.id, []).append(version.id)
    found = [
        Guideline(
            passage=passage,
            versions=tuple(holders[pid]),
            position=source.position_of(passage.text, passage.section),
            rules=tuple(_rules_on(pid, versions)),
            rows=tuple(_rows_on(pid, versions)),
            values=tuple(_values_on(pid, versions)),
        )
        for pid, passage in passages.items()
    ]
    found.sort(key=lambda g: (g.position < 0, g.position, g.id))
    return tuple(found)


def _rules_on(pid: str, versions: Iterable[PolicyVersion]) -> list[RuleUse]:
    uses: list[tuple[str, object, tuple[Rule, bool]]] = []
    for version in versions:
        for rule in version.rules:
            direct = any(p.id == pid for p in rule.citations)
            by_reason = any(
                p.id == pid for reason in rule.reasons.values() for v in reason.variants for p in v.citations
            )
            if direct or by_reason:
                uses.append((version.id, _rule_key(rule), (rule, not direct)))
    return [RuleUse(rule, held, by_reason) for (rule, by_reason), held in _merged(uses)]


def _rows_on(pid: str, versions: Iterable[PolicyVersion]) -> list[RowUse]:
    uses: list[tuple[str, object, tuple[str, TableRow]]] = []
    for version in versions:
        for name, table in version.tables.items():
            for row in table.rows:
                if any(p.id == pid for p in row.citations):
                    key = (name, row.id, row.label, row.decides, row.requires, repr(row.spec_when))
                    uses.append((version.id, key, (name, row)))
    return [RowUse(name, row, held) for (name, row), held in _merged(uses)]


def _values_on(pid: str, versions: Iterable[PolicyVersion]) -> list[ValueUse]:
    uses: list[tuple[str, object, tuple[Parameter, DatedValue]]] = []
    for version in versions:
        for parameter in version.parameters.values():
            for value in parameter.values:
                if value.source.passage is not None and value.source.passage.id == pid:
                    key = (parameter.name, value.valid_from, repr(value.value))
                    uses.append((version.id, key, (parameter, value)))
    return [ValueUse(parameter, value, held) for (parameter, value), held in _merged(uses)]


def guideline(passage_id: str) -> Guideline | None:
    """The guideline of that passage, or None when no shipped version cites such a passage."""
    return _by_id().get(passage_id)


@cache
def _by_id() -> dict[str, Guideline]:
    return {g.id: g for g in guidelines()}


# ---------------------------------------------------------------- the source text

# The parts of the document, by the line that begins each (its text, stripped), in the order they come.
# The names follow the sections the passages give (``Bilaga 2 › Syfte``).
SECTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("Kommunstyrelsen föreslår kommunfullmäktige besluta följande", "Beslut › Kommunstyrelsens förslag"),
    ("Föredragande borgarrådet Sten Nordin anför följande.", "Föredragande borgarrådet › Ärendena"),
    ("Beredning", "Föredragande borgarrådet › Beredning"),
    ("Mina synpunkter", "Föredragande borgarrådet › Mina synpunkter"),
    ("Bilagor", "Föredragande borgarrådet › Bilagor"),
    ("Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.", "Borgarrådsberedningen"),
    ("Reservation anfördes av borgarrådet Roger Mogert (s) enligt följande.", "Reservation (Mogert s)"),
    ("Reservation anfördes av borgarråden Yvonne Ruwaida (mp) och Ann-", "Reservation (Ruwaida mp, Livh v)"),
    ("Kommunstyrelsen delar borgarrådsberedningens uppfattning och föreslår", "Kommunstyrelsens beslut"),
    ("ÄRENDENA", "Ärendena"),
    ("ÖVERGRIPANDE MÅL, INRIKTNING OCH RIKTLINJER FÖR DET IN-", "Ärendena › Strategin"),
    ("BEREDNING", "Ärendena › Beredning"),
    ("Stadsbyggnadsnämnden", "Ärendena › Beredning › Stadsbyggnadsnämnden"),
    ("Miljö- och hälsoskyddsnämnden", "Ärendena › Beredning › Miljö- och hälsoskyddsnämnden"),
    ("Kungsholmens stadsdelsnämnd", "Ärendena › Beredning › Kungsholmens stadsdelsnämnd"),
    ("Rinkeby-Kista stadsdelsnämnd", "Ärendena › Beredning › Rinkeby-Kista stadsdelsnämnd"),
    ("Södermalms stadsdelsnämnd", "Ärendena › Beredning › Södermalms stadsdelsnämnd"),
    ("Underremiss", "Ärendena › Beredning › Underremiss"),
    ("MOTION (2001:71) OM ETT KONKRET DEMOKRATISAMARBETE", "Motion (2001:71)"),
    (
        "Motionen har remitterats till stadsledningskontoret.",
        "Motion (2001:71) › Stadsledningskontorets tjänsteutlåtande",
    ),
    ("Bilaga 1", "Bilaga 1 › Reservationer m.m."),
    ("Miljö- och hälsoskyddsnämnden", "Bilaga 1 › Miljö- och hälsoskyddsnämnden"),
    ("Kungsholmens stadsdelsnämnd", "Bilaga 1 › Kungsholmens stadsdelsnämnd"),
    ("Rinkeby-Kista stadsdelsnämnd", "Bilaga 1 › Rinkeby-Kista stadsdelsnämnd"),
    ("Bilaga 2", "Bilaga 2 › Internationell strategi för Stockholm"),
    ("Syfte", "Bilaga 2 › Syfte"),
    ("Övergripande målsättningar och inriktning", "Bilaga 2 › Övergripande målsättningar och inriktning"),
    ("1) Positionering", "Bilaga 2 › 1) Positionering"),
    ("2) Verksamhetsutveckling", "Bilaga 2 › 2) Verksamhetsutveckling"),
    ("3) Bevakning och påverkan", "Bilaga 2 › 3) Bevakning och påverkan"),
    (
        "Principiella riktlinjer i det internationella arbetet",
        "Bilaga 2 › Principiella riktlinjer i det internationella arbetet",
    ),
    (
        "Stockholms stads internationella organisation",
        "Bilaga 2 › Stockholms stads internationella organisation",
    ),
    ("Metoder för att implementera strategin", "Bilaga 2 › Metoder för att implementera strategin"),
)
FIRST_SECTION: Final = "Utlåtande 2008:204 RI"

# A line this short that ends a sentence ends its paragraph (the text's lines are some 70–80 characters).
_SHORT_LINE: Final = 60
_SENTENCE_END: Final = tuple('.:!?)”"')
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Paragraph:
    number: int
    """1, 2, 3 … in document order (the text page's anchors: ``#p12``)."""
    line: int
    """The line of the source file it begins on."""
    section: str
    text: str
    """Whitespace collapsed; a word hyphenated at a line end joined again ("enlig-/het" → "enlighet"), a
    hyphen after a capital kept ("EU-/projekt" → "EU-projekt")."""
    passages: tuple[str, ...] = ()
    """The passages (of the guidelines) that lie wholly or partly in it, in document order."""


@dataclass(frozen=True)
class Hit:
    """A paragraph that holds every word searched for, cut into pieces: ``(text, is_a_match)``."""

    paragraph: Paragraph
    pieces: tuple[tuple[str, bool], ...]
    phrase: bool
    """Whether the words stand together as written."""


@dataclass(frozen=True)
class SearchResult:
    query: str
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int
    """How many paragraphs match (``hits`` may hold fewer: ``limit``)."""


@dataclass
class SourceDocument:
    paragraphs: list[Paragraph]
    # The paragraphs joined by single spaces, with the hyphens at line ends marked as the loader matches
    # passages (``loader.SourceText``), and where each paragraph starts in it.
    _marked: str = ""
    _starts: list[int] = field(default_factory=list)

    def position_of(self, quote: str, section: str = "") -> int:
        """Where a passage begins in the document (its offset in the marked text), -1 if it is not in it."""
        span = self._span(quote, section)
        return span[0] if span is not None else -1

    def _span(self, quote: str, section: str) -> tuple[int, int] | None:
        """Where the passage stands: of the places its words occur (the strategy is quoted in the decision
        too), the one in the section that the passage names, else the first."""
        needle = normalise_passage(quote)
        if not needle:
            return None
        pattern = "\x00?".join("[-\x00]" if ch == "-" else re.escape(ch) for ch in needle)
        spans = [(found.start(), found.end()) for found in re.finditer(pattern, self._marked)]
        if not spans:
            return None

        def fit(span: tuple[int, int]) -> int:
            at = bisect.bisect_right(self._starts, span[0]) - 1
            parts = zip(self.paragraphs[at].section.split(" › "), section.split(" › "), strict=False)
            return len(list(itertools.takewhile(lambda pair: pair[0] == pair[1], parts)))

        return max(spans, key=lambda span: (fit(span), -span[0]))

    def paragraphs_of(self, quote: str, section: str = "") -> list[Paragraph]:
        """The paragraphs a passage lies in (one, or several when it runs over a paragraph's end)."""
        span = self._span(quote, section)
        if span is None:
            return []
        start, end = span
        return [
            p
            for p, begins, ends in zip(
                self.paragraphs, self._starts, [*self._starts[1:], len(self._marked) + 1], strict=True
            )
            if begins < end and start < ends
        ]

    def search(self, query: str, *, limit: int = 50) -> SearchResult:
        """The paragraphs that hold every word of ``query`` (case and accents as written do not matter for
        case; å, ä and ö are letters of their own), the phrase as written first, then in document order."""
        words = tuple(dict.fromkeys(w for w in _WHITESPACE.split(query.casefold().strip()) if w))
        if not words:
            return SearchResult(query, (), (), 0)
        phrase = " ".join(words)
        matching: list[tuple[bool, Paragraph]] = []
        for paragraph in self.paragraphs:
            folded = paragraph.text.casefold()
            if all(word in folded for word in words):
                matching.append((phrase in folded, paragraph))
        matching.sort(key=lambda m: (not m[0], m[1].number))
        hits = tuple(Hit(p, tuple(_pieces(p.text, words)), together) for together, p in matching[:limit])
        return SearchResult(query, words, hits, len(matching))


def _pieces(text: str, words: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``text`` cut where any of ``words`` occurs (whatever its case), each piece marked whether it is one."""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in pattern.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], False))
        pieces.append((found.group(), True))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _joined(lines: list[str]) -> tuple[str, str]:
    """A paragraph's lines as text to read, and as text marked the loader's way (``\\x00`` for a hyphen at
    a line end)."""
    readable: list[str] = []
    marked: list[str] = []
    for i, line in enumerate(lines):
        text = _WHITESPACE.sub(" ", line).strip()
        last = i == len(lines) - 1
        if not last and text.endswith("-") and len(text) > 1:
            stem = text[:-1].rstrip()
            keep = stem[-1:].isupper() or stem[-1:].isdigit()
            readable.append(stem + ("-" if keep else ""))
            marked.append(stem + "\x00")
        else:
            readable.append(text + ("" if last else " "))
            marked.append(text + ("" if last else " "))
    return "".join(readable).strip(), _WHITESPACE.sub(" ", "".join(marked)).strip()


def _ends_paragraph(line: str, gap: int) -> bool:
    """Whether a paragraph ends with ``line``, ``gap`` lines before the next: a short line ends one (the
    text's lines are some 70–80 characters; a heading is short too), a full line only at a sentence's end
    before a wider gap than the one empty line between the lines of a paragraph (a gap after a full line
    that ends mid-sentence is a page break)."""
    text = line.strip()
    if text.endswith("-"):
        return False
    return len(text) < _SHORT_LINE or (gap > 2 and text.endswith(_SENTENCE_END))


def read_source(text: str, sections: Iterable[tuple[str, str]] = SECTIONS) -> SourceDocument:
    """The document in paragraphs, each in its section (``sections``: the line that begins each, and its
    name, in order; each must be found)."""
    markers = list(sections)
    section = FIRST_SECTION
    blocks: list[tuple[int, str, list[str]]] = []
    current: list[str] = []
    current_line = 0
    current_section = section
    last = -10
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        starts_section = bool(markers) and line.strip() == markers[0][0]
        if current and (starts_section or _ends_paragraph(current[-1], number - last)):
            blocks.append((current_line, current_section, current))
            current = []
        if starts_section:
            section = markers.pop(0)[1]
        if not current:
            current_line, current_section = number, section
        current.append(line)
        last = number
    if current:
        blocks.append((current_line, current_section, current))
    if markers:
        raise ValueError(f"the source text has no line {markers[0][0]!r} (policy.study.SECTIONS)")

    paragraphs: list[Paragraph] = []
    marked_parts: list[str] = []
    starts: list[int] = []
    at = 0
    for number, (first_line, sec, lines) in enumerate(blocks, 1):
        readable, marked = _joined(lines)
        paragraphs.append(Paragraph(number, first_line, sec, readable))
        starts.append(at)
        marked_parts.append(marked)
        at += len(marked) + 1
    return SourceDocument(paragraphs, " ".join(marked_parts), starts)


@cache
def source_document() -> SourceDocument:
    """The shipped source text, its paragraphs knowing the passages of the shipped versions in them."""
    document = read_source((SOURCES_DIR / SOURCE_FILE).read_text(encoding="utf-8"))
    inside: dict[int, list[tuple[int, str]]] = {}
    for version in list_versions():
        for passage in version.passages.values():
            position = document.position_of(passage.text, passage.section)
            for paragraph in document.paragraphs_of(passage.text, passage.section):
                inside.setdefault(paragraph.number, []).append((position, passage.id))
    document.paragraphs = [
        Paragraph(
            p.number,
            p.line,
            p.section,
            p.text,
            tuple(dict.fromkeys(pid for _, pid in sorted(inside[p.number]))),
        )
        if p.number in inside
        else p
        for p in document.paragraphs
    ]
    return document
