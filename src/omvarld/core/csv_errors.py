"""Why Python's CSV reader could not read a row, in the user's language (its own messages are English)."""

from __future__ import annotations

import csv

from django.utils.translation import gettext as _


def csv_problem(error: csv.Error) -> str:
    """What was wrong, as a reader of the file can mend it."""
    message = str(error)
    if "field larger than field limit" in message:
        limit = f"{csv.field_size_limit():,}".replace(",", " ")
        return _("a cell is longer than %(limit)s characters") % {"limit": limit}
    if "expected after" in message:
        return _('a quotation mark (") inside a cell must be doubled, or end the cell')
    if "unexpected end of data" in message:
        return _("the file ends inside a cell that begins with a quotation mark")
    if "new-line character seen in unquoted field" in message or "line contains NUL" in message:
        return _("a line break inside a cell that is not in quotation marks")
    return _("a row that cannot be read as CSV")
