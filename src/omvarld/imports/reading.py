"""Reading a file to import: an Excel workbook (.xlsx) or a CSV file, as a heading and rows of values.

Cells are read as values, never run: a workbook is opened read-only with the values its formulas last
had (``data_only``), and a text that begins with ``=`` is only text. A CSV file may be UTF-8 (with or
without a byte-order mark) or Windows-1252 (what Excel writes as "CSV (semikolonavgränsad)"), separated
by semicolons, commas or tabs; the heading decides which. Rows are numbered as a spreadsheet shows them:
the heading is row 1, and a cell that spans lines is still one row. Rows with nothing in them are left
out. Every limit (size, rows, columns) is a refusal with a Swedish message, before anything is stored.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from django.conf import settings
from django.utils.translation import gettext as _

from omvarld.core.csv_errors import csv_problem
from omvarld.core.errors import ApplicationError, ErrorDetail

ENDINGS: Final = (".xlsx", ".csv")
DELIMITERS: Final = (";", ",", "\t")
# A workbook's parts may unpack to at most this many times the largest file allowed (a zip bomb's
# parts would unpack to far more).
UNPACKED_RATIO: Final = 20

Cell = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None


@dataclass
class Table:
    """A file's heading and its rows, each with the number a spreadsheet shows it under."""

    file_name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    notices: list[str] = field(default_factory=list)

    def column_name(self, index: int) -> str:
        """The column as its heading names it, or by its letter when the heading is empty."""
        heading = self.header[index] if index < len(self.header) else ""
        return heading or column_letter(index)

    def samples(self, index: int, count: int = 3) -> list[str]:
        """The first few values of a column, as text, for the mapping page."""
        found: list[str] = []
        for _number, cells in self.rows:
            value = cells[index] if index < len(cells) else None
            if value not in (None, ""):
                found.append(as_text(value)[:60])
                if len(found) == count:
                    break
        return found


def column_letter(index: int) -> str:
    """A column's letter as a spreadsheet names it: A, B, … Z, AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def as_text(value: Cell) -> str:
    """A cell as text: a whole number without decimals, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def refuse(message: str) -> ApplicationError:
    return ApplicationError(
        _("The file could not be read; nothing has been changed."),
        details=[ErrorDetail(message, field="file")],
    )


def check_size(name: str, size: int) -> None:
    """Refuse a file the import does not read, by its name and size, before reading it."""
    if not name.lower().endswith(ENDINGS):
        raise refuse(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    if size == 0:
        raise refuse(_("The file is empty."))
    limit: int = settings.OMVARLD_IMPORT_MAX_BYTES
    if size > limit:
        raise refuse(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into smaller files.")
            % {"size": f"{size / 2**20:.1f}".replace(".", ","), "limit": limit // 2**20}
        )


def read_table(name: str, content: bytes) -> Table:
    """The heading and rows of a file, or a refusal that says what is wrong with it."""
    check_size(name, len(content))
    if name.lower().endswith(".xlsx"):
        header, rows, notices = _read_xlsx(content)
    else:
        header, rows, notices = _read_csv(content)
    return _table(os.path.basename(name), header, rows, notices)


def preview_table(name: str, content: bytes, rows: int = 20) -> Table:
    """The heading and first rows of a file that has been read whole before (a page's preview)."""
    if name.lower().endswith(".xlsx"):
        header, found, notices = _read_xlsx(content)
    else:
        header, found, notices = _read_csv(content)
    return _table(os.path.basename(name), header, found, notices, limit=rows)


def _table(
    name: str,
    header: list[Cell],
    rows: Iterator[tuple[int, list[Cell]]],
    notices: list[str],
    *,
    limit: int | None = None,
) -> Table:
    headings = [as_text(cell) for cell in header]
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        raise refuse(_("The file has no heading: its first row must name the columns."))
    max_columns: int = settings.OMVARLD_IMPORT_MAX_COLUMNS
    if len(headings) > max_columns:
        raise refuse(
            _("The file has %(count)s columns; at most %(limit)s can be imported.")
            % {"count": len(headings), "limit": max_columns}
        )
    max_rows: int = settings.OMVARLD_IMPORT_MAX_ROWS
    kept: list[tuple[int, list[Cell]]] = []
    for number, cells in rows:
        values = [None if isinstance(cell, str) and not cell.strip() else cell for cell in cells]
        if all(value is None for value in values):
            continue
        if any(value is not None for value in values[len(headings) :]):
            raise refuse(
                _("Row %(row)s has values beyond the last column that has a heading (%(column)s).")
                % {"row": number, "column": column_letter(len(headings) - 1)}
            )
        values = values[: len(headings)]
        kept.append((number, values + [None] * (len(headings) - len(values))))
        if limit is not None and len(kept) >= limit:
            break
        if limit is not None and len(kept) >= limit:
            break
        if len(kept) > max_rows:
            raise refuse(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": f"{max_rows:,}".replace(",", " ")}
            )
    if not kept:
        raise refuse(_("The file has a heading but no rows."))
    return Table(file_name=name, header=headings, rows=kept, notices=notices)


# --- Excel -----------------------------------------------------------------------------------------------


def _read_xlsx(content: bytes) -> tuple[list[Cell], Iterator[tuple[int, list[Cell]]], list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise refuse(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    if unpacked > UNPACKED_RATIO * settings.OMVARLD_IMPORT_MAX_BYTES:
        raise refuse(_("The workbook unpacks to far more than it holds; it cannot be imported."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a broken or foreign file
        raise refuse(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    sheets = workbook.worksheets
    if not sheets:
        raise refuse(_("The workbook has no sheet."))
    sheet = sheets[0]
    notices = []
    if len(sheets) > 1:
        notices.append(_("Only the workbook's first sheet, %(name)s, is read.") % {"name": sheet.title})
    rows = sheet.iter_rows(values_only=True)
    try:
        header = list(next(rows))
    except StopIteration:
        raise refuse(_("The file has no heading: its first row must name the columns.")) from None

    def numbered() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, cells in enumerate(rows, start=2):
                yield number, list(cells)
        except Exception:
            raise refuse(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
        finally:
            workbook.close()

    return header, numbered(), notices


# --- CSV -------------------------------------------------------------------------------------------------


def decode(content: bytes) -> tuple[str, list[str]]:
    """The text of a CSV file, and a notice when it was not UTF-8."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" (tab-separated, UTF-16): read as it is.
        try:
            return content.decode("utf-16"), []
        except UnicodeDecodeError:
            raise refuse(_("The file is not valid UTF-16 text. Save it as “CSV UTF-8” in Excel.")) from None
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise refuse(
            _("The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” in Excel.")
        ) from None
    notice = _(
        "The file is not UTF-8: it was read as Windows-1252 "
        "(what Excel saves as “CSV (semikolonavgränsad)”). "
        "Check that å, ä and ö look right below; to be sure, save it as “CSV UTF-8”."
    )
    return text, [notice]


def delimiter(first_line: str) -> str:
    """The separator the heading uses the most (outside quotes): semicolon, comma or tab."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for character in first_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


# Excel's first line naming the separator ("sep=;"), which Excel itself reads and does not show.
_SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n")


def _read_csv(content: bytes) -> tuple[list[Cell], Iterator[tuple[int, list[Cell]]], list[str]]:
    text, notices = decode(content)
    if "\x00" in text:
        raise refuse(
            _(
                "The file holds NUL characters; it is not a CSV file. If Excel saved it as “Unicode text”, "
                "save it as “CSV UTF-8” instead."
            )
        )
    separator = _SEPARATOR_LINE.match(text)
    if separator is not None:
        text = text[separator.end() :]
    first_line = text.split("\n", 1)[0]
    chosen = separator.group(1) if separator is not None else delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True)
    try:
        header: list[Cell] = list(next(reader))
    except StopIteration:
        raise refuse(_("The file has no heading: its first row must name the columns.")) from None
    except csv.Error as error:
        raise refuse(
            _("The file is not a valid CSV file (%(reason)s).") % {"reason": csv_problem(error)}
        ) from None

    def numbered() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for cells in reader:
                number += 1
                yield number, list(cells)
        except csv.Error as error:
            raise refuse(
                _("Row %(row)s: the file is not a valid CSV file (%(reason)s).")
                % {"row": number + 1, "reason": csv_problem(error)}
            ) from None

    return header, numbered(), notices
