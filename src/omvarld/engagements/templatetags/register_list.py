"""The register's lists written in Python: ``{% register_rows rows %}`` and ``{% queue_entries ranked %}``.

Each row is exactly what ``engagements/includes/register_row.html`` writes for it, and each entry of a queue
what ``engagements/includes/queue_entry.html`` writes (``tests/engagements/test_register_list_tag.py``
renders both ways): the template engine's work per cell was about a quarter of the list page's time and
more than half of a queue's (bench/register_bench.py), for pages of 50 matters on every view.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from omvarld.core.escaping import escaped
from omvarld.core.templatetags.omvarld_numbers import decimals
from omvarld.core.urls import object_url
from omvarld.engagements.models import Engagement
from omvarld.engagements.presentation import QueueEntry

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


# What ``engagements/includes/outcome.html`` writes for a matter's latest outcome (its words translated
# where it is written).
_OUTCOMES = {
    "approve": ("outcome outcome--approve", gettext_noop("In line with the strategy")),
    "reject": ("outcome outcome--reject", gettext_noop("Against the strategy")),
    "incomplete": ("outcome outcome--incomplete", gettext_noop("Information missing")),
}
_NOT_SUBMITTED = ("muted", gettext_noop("Not yet submitted"))


@register.simple_tag
def queue_entries(ranked: Iterable[QueueEntry], can_decide: bool) -> SafeString:
    """A queue's page (``presentation.ranked_queue``), each matter with its score's terms, and a link to
    record the decision for those who may."""
    outcomes = {  # the include's last line break too
        value: f'<span class="{css}">{escaped(gettext(words))}</span>\n'
        for value, (css, words) in (*_OUTCOMES.items(), ("", _NOT_SUBMITTED))
    }
    record = escaped(gettext("Record the decision"))
    score_words = gettext("Score %(score)s")
    parts = []
    for entry in ranked:
        matter = entry.engagement
        number = escaped(matter.registration_number)
        hidden = f'<span class="visually-hidden"> {number}</span>'
        decide = ""
        if can_decide:
            decide_url = escaped(object_url("engagements:decision_create", matter.pk))
            decide = f' – <a href="{decide_url}">{record}{hidden}</a>'
        outcome = outcomes.get(matter.latest_outcome, outcomes[""])
        terms = "".join(
            f"<li>{escaped(term['explanation'])} ({escaped(decimals(term['points'], 1))})</li>"
            for term in entry.terms
        )
        score = score_words % {"score": escaped(decimals(entry.score, 1))}
        parts.append(
            "\n  <li>\n"
            f'    <p><a href="{escaped(matter.get_absolute_url())}">{number} {escaped(matter.title)}</a>'
            f" – {escaped(matter.unit.name)}; {outcome}{decide}</p>\n"
            f"    <details><summary>{score}{hidden}</summary>\n"
            f"      <ul>{terms}</ul>\n"
            "    </details>\n"
            "  </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
