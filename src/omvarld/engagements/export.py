"""The register exported: as a spreadsheet (CSV, XLSX), as JSON, or as the engine's interchange facts.

Every format streams: rows are read in chunks and written as they come, so an export of the whole register
holds a chunk in memory, not the register. Text that a spreadsheet would take for a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return first) is written with a leading apostrophe (OWASP's advice on CSV
injection), in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Final, Protocol

import orjson
from django.db.models import QuerySet
from django.utils import timezone

from omvarld.engagements import interchange
from omvarld.engagements.models import Engagement, FundingSource
from omvarld.organisation.models import Unit

FORMATS: Final = ("csv", "xlsx", "json", "interchange")
CHUNK: Final = 2000
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

# The spreadsheet's columns: (heading, value of an engagement row). Headings are Swedish, as the register
# is kept; the JSON export uses the field names.
COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("Diarienummer", "registration_number"),
    ("Ärendeslag", "kind"),
    ("Status", "status"),
    ("Rubrik", "title"),
    ("Enhet", "unit"),
    ("Motpart", "counterpart"),
    ("Land", "country"),
    ("Börjar", "starts_on"),
    ("Slutar", "ends_on"),
    ("Total kostnad (kr)", "cost_sek"),
    *((f"Finansiering {label} (kr)", f"funding_{source}") for source, label in FundingSource.choices),
    ("Bedömning", "latest_outcome"),
    ("Beslutande organ enligt strategin", "latest_decided_by"),
    ("Beslut", "decision"),
    ("Beslutsdatum", "decided_on"),
    ("Protokoll", "minutes_reference"),
    ("Avvikelse", "deviation"),
)


def neutralised(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; others are kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_queryset(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """The matters as model objects with their unit and counterpart: what the interchange export reads
    (``interchange.facts_of``); the other exports read their records as values."""
    return queryset.select_related(None).select_related("unit", "counterpart")


# What a record is read from: the engagement's columns and, through their joins, its unit's, counterpart's
# and decision's — as values, with no model object per row (which were most of an export's time).
_RECORD_VALUES: Final = (
    "registration_number",
    "kind",
    "status",
    "title",
    "unit__code",
    "counterpart__name",
    "counterpart__country",
    "starts_on",
    "ends_on",
    "cost_sek",
    "funding",
    "latest_outcome",
    "latest_decided_by",
    "decision__outcome",
    "decision__decided_on",
    "decision__minutes_reference",
    "decision__deviation",
)


def _record(values: dict[str, Any]) -> dict[str, Any]:
    """An export's record of an engagement, from its ``_RECORD_VALUES`` (a counterpart or decision it does
    not have reads as None)."""
    funding = values["funding"] or {}
    return {
        "registration_number": values["registration_number"],
        "kind": values["kind"],
        "status": values["status"],
        "title": values["title"],
        "unit": values["unit__code"],
        "counterpart": values["counterpart__name"] or "",
        "country": values["counterpart__country"] or "",
        "starts_on": values["starts_on"],
        "ends_on": values["ends_on"],
        "cost_sek": values["cost_sek"],
        **{f"funding_{source}": funding.get(source) for source in FundingSource.values},
        "latest_outcome": values["latest_outcome"] or "",
        "latest_decided_by": values["latest_decided_by"] or "",
        "decision": values["decision__outcome"] or "",
        "decided_on": values["decision__decided_on"],
        "minutes_reference": values["decision__minutes_reference"] or "",
        "deviation": values["decision__deviation"],
    }


Counted = Callable[[int], None]


def _rows(queryset: QuerySet[Engagement], progress: Counted | None = None) -> Iterator[Any]:
    rows = export_queryset(queryset).iterator(chunk_size=CHUNK)
    return rows if progress is None else _counted(rows, progress)


def _records(queryset: QuerySet[Engagement], progress: Counted | None = None) -> Iterator[dict[str, Any]]:
    rows = queryset.values(*_RECORD_VALUES).iterator(chunk_size=CHUNK)
    return map(_record, rows if progress is None else _counted(rows, progress))


def _counted(rows: Iterator[Any], progress: Counted) -> Iterator[Any]:
    """The rows, telling ``progress`` how many have gone by every chunk (a background export's progress)."""
    count = 0
    for count, row in enumerate(rows, start=1):
        yield row
        if count % CHUNK == 0:
            progress(count)
    progress(count)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return neutralised(value)


class _Line:
    """A file-like object that keeps the last line written (for ``csv.writer`` in a generator)."""

    def write(self, text: str) -> str:
        return text


def table_csv_lines(headings: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Any table as CSV, line by line (the headings first), each cell as the register's export writes it:
    dates in ISO form, yes and no in Swedish, a text a spreadsheet would run as a formula neutralised."""
    writer = csv.writer(_Line())
    yield writer.writerow(list(headings))
    for row in rows:
        yield writer.writerow(["" if value is None else _cell(value) for value in row])


def write_table_xlsx(
    headings: Iterable[str], rows: Iterable[Iterable[Any]], out: IO[bytes], *, sheet: str
) -> int:
    """Any table as a workbook of one sheet, its cells written as ``table_csv_lines`` writes them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    table = workbook.create_sheet(sheet)
    table.append(list(headings))
    count = 0
    for row in rows:
        table.append([_cell(value) for value in row])
        count += 1
    workbook.save(out)
    return count


def csv_lines(queryset: QuerySet[Engagement], progress: Counted | None = None) -> Iterator[str]:
    """The CSV export, line by line (the heading first), for streaming."""
    records = _records(queryset, progress)
    yield from table_csv_lines(
        [heading for heading, _key in COLUMNS], ([record[key] for _h, key in COLUMNS] for record in records)
    )


def write_csv(queryset: QuerySet[Engagement], out: IO[str], progress: Counted | None = None) -> int:
    count = -1
    for line in csv_lines(queryset, progress):
        out.write(line)
        count += 1
    return count


def write_xlsx(queryset: QuerySet[Engagement], out: IO[bytes], progress: Counted | None = None) -> int:
    records = _records(queryset, progress)
    return write_table_xlsx(
        [heading for heading, _key in COLUMNS],
        ([record[key] for _h, key in COLUMNS] for record in records),
        out,
        sheet="Diarium",
    )


def write_json(queryset: QuerySet[Engagement], out: IO[bytes], progress: Counted | None = None) -> int:
    """A JSON array of the engagements' records, written element by element."""
    out.write(b"[")
    count = 0
    for record in _records(queryset, progress):
        out.write((b",\n" if count else b"\n") + orjson.dumps(record))
        count += 1
    out.write(b"\n]\n" if count else b"]\n")
    return count


def write_interchange(
    queryset: QuerySet[Engagement],
    out: IO[bytes],
    progress: Counted | None = None,
    today: datetime.date | None = None,
) -> int:
    """JSON Lines of the engine's facts, one engagement a line, each dated by its latest stored assessment
    (a draft by ``today``): ``omvarld assess`` on the file reproduces every stored outcome and deciding
    body, line by line in the export's order."""
    ancestors = {unit.pk: unit for unit in Unit.objects.all()}
    day = today or timezone.localdate()
    count = 0
    for engagement in _rows(queryset, progress):
        facts = interchange.facts_of(engagement, as_of=engagement.latest_as_of or day, ancestors=ancestors)
        out.write(orjson.dumps(facts) + b"\n")
        count += 1
    return count


class TextWriter(Protocol):
    def __call__(
        self, queryset: QuerySet[Engagement], out: IO[str], progress: Counted | None = None
    ) -> int: ...


class BinaryWriter(Protocol):
    def __call__(
        self, queryset: QuerySet[Engagement], out: IO[bytes], progress: Counted | None = None
    ) -> int: ...


TEXT_WRITERS: Final[dict[str, TextWriter]] = {"csv": write_csv}
BINARY_WRITERS: Final[dict[str, BinaryWriter]] = {
    "xlsx": write_xlsx,
    "json": write_json,
    "interchange": write_interchange,
}


def records(queryset: QuerySet[Engagement]) -> Iterable[dict[str, Any]]:
    """The records the JSON export writes, for callers that want them as data."""
    return _records(queryset)
