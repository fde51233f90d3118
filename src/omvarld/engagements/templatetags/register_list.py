"""``{% register_rows rows %}``: the register list's rows, written in Python.

Each row is exactly what ``engagements/includes/register_row.html`` writes for it
(``tests/engagements/test_register_list_tag.py`` renders both): the template engine's work per cell was about
a quarter of the list page's time (bench/register_bench.py), for a page of 50 rows on every view.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from omvarld.core.escaping import escaped
from omvarld.engagements.models import Engagement

register = template.Library()


@register.simple_tag
def register_rows(rows: Iterable[Engagement]) -> SafeString:
    """The rows of ``engagements.views.labelled`` (each with its kind, status and outcome labels)."""
    not_submitted = f'<span class="muted">{escaped(gettext("Not yet submitted"))}</span>'
    parts = []
    for row in rows:
        kind, status, label = row.kind_label, row.status_label, row.outcome_label  # type: ignore[attr-defined]
        outcome = (
            f'<span class="outcome outcome--{escaped(row.latest_outcome)}">{escaped(label)}</span>'
            if label
            else not_submitted
        )
        parts.append(
            "\n    <tr>\n"
            f'      <td class="nowrap">{escaped(row.registration_number)}</td>\n'
            f'      <td class="wrap-anywhere"><a href="{escaped(row.get_absolute_url())}">'
            f"{escaped(row.title)}</a></td>\n"
            f"      <td>{escaped(kind)}</td>\n"
            f'      <td class="wrap-anywhere">{escaped(row.unit.name)}</td>\n'
            f"      <td>{escaped(status)}</td>\n"
            f"      <td>{outcome}</td>\n"
            "    </tr>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
