"""The register's lists written in Python: ``{% register_rows rows %}``, ``{% queue_entries ranked %}`` and
``{% priority_entries ranked %}``.

Each row is exactly what ``engagements/includes/register_row.html`` writes for it, each entry of a queue
what ``engagements/includes/queue_entry.html`` writes, and of the strategy's priorities what
``strategy/includes/priority_entry.html`` writes (``tests/engagements/test_register_list_tag.py`` renders
both ways): the template engine's work per cell was about a quarter of the list page's time and
more than half of a queue's (bench/register_bench.py), for pages of 50 matters on every view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
def register_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The rows of ``engagements.views.listed`` (each with its kind and status labels and its page's
    address), each outcome's span as the queues write it (its ``outcome_label`` is the reference
    template's)."""
    outcomes = _outcome_spans(ending="")
    parts = []
    for row in rows:
        outcome = outcomes.get(row["latest_outcome"], outcomes[""])
        parts.append(
            "\n    <tr>\n"
            f'      <td class="nowrap">{escaped(row["registration_number"])}</td>\n'
            f'      <td class="wrap-anywhere"><a href="{escaped(row["url"])}">'
            f"{escaped(row['title'])}</a></td>\n"
            f"      <td>{escaped(row['kind_label'])}</td>\n"
            f'      <td class="wrap-anywhere">{escaped(row["unit__name"])}</td>\n'
            f"      <td>{escaped(row['status_label'])}</td>\n"
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


def _outcome_spans(ending: str = "\n") -> dict[str, str]:
    """Each outcome's span in the language of the page, then ``ending`` (by default the include's last line
    break); "" for any other value."""
    return {
        value: f'<span class="{css}">{escaped(gettext(words))}</span>{ending}'
        for value, (css, words) in (*_OUTCOMES.items(), ("", _NOT_SUBMITTED))
    }


def _linked(matter: Engagement) -> str:
    """The link to a matter, its registration number and title."""
    number, title = escaped(matter.registration_number), escaped(matter.title)
    return f'<a href="{escaped(matter.get_absolute_url())}">{number} {title}</a>'


def _summary(entry: QueueEntry, score_words: str) -> str:
    """An entry's summary: its score, and its registration number for a screen reader."""
    score = score_words % {"score": escaped(decimals(entry.score, 1))}
    number = escaped(entry.engagement.registration_number)
    return f'<summary>{score}<span class="visually-hidden"> {number}</span></summary>'


@register.simple_tag
def queue_entries(ranked: Iterable[QueueEntry], can_decide: bool) -> SafeString:
    """A queue's page (``presentation.ranked_queue``), each matter with its score's terms, and a link to
    record the decision for those who may."""
    outcomes = _outcome_spans()
    record = escaped(gettext("Record the decision"))
    score_words = gettext("Score %(score)s")
    parts = []
    for entry in ranked:
        matter = entry.engagement
        decide = ""
        if can_decide:
            decide_url = escaped(object_url("engagements:decision_create", matter.pk))
            hidden = f'<span class="visually-hidden"> {escaped(matter.registration_number)}</span>'
            decide = f' – <a href="{decide_url}">{record}{hidden}</a>'
        outcome = outcomes.get(matter.latest_outcome, outcomes[""])
        terms = "".join(
            f"<li>{escaped(term['explanation'])} ({escaped(decimals(term['points'], 1))})</li>"
            for term in entry.terms
        )
        parts.append(
            "\n  <li>\n"
            f"    <p>{_linked(matter)} – {escaped(matter.unit.name)}; {outcome}{decide}</p>\n"
            f"    <details>{_summary(entry, score_words)}\n"
            f"      <ul>{terms}</ul>\n"
            "    </details>\n"
            "  </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


_TERM_HEADINGS = (
    gettext_noop("Term"),
    gettext_noop("Explanation"),
    gettext_noop("Weight × value"),
    gettext_noop("Points"),
)


@register.simple_tag
def priority_entries(ranked: Iterable[QueueEntry]) -> SafeString:
    """The strategy's priorities page (``strategy.views.PriorityView``): each matter with its kind, unit
    and deciding body, and its score as a table of its terms (each term with its ``label``)."""
    outcomes = _outcome_spans()
    score_words, decided_words = gettext("Score %(score)s"), gettext("decided by %(body)s")
    caption_words = gettext("The score of %(number)s, term by term")
    head = "".join(f'<th scope="col">{escaped(gettext(words))}</th>' for words in _TERM_HEADINGS)
    score_label = escaped(gettext("Score"))
    parts = []
    for entry in ranked:
        matter = entry.engagement
        kind = escaped(str(matter.kind_label).lower())  # type: ignore[attr-defined]
        body = matter.deciding_body
        decided = decided_words % {"body": escaped(body.name)} + "; " if body is not None else ""
        outcome = outcomes.get(matter.latest_outcome, outcomes[""])
        caption = caption_words % {"number": escaped(matter.registration_number)}
        terms = "".join(
            f'<tr><th scope="row">{escaped(term["label"])}</th><td>{escaped(term["explanation"])}</td>'
            f"<td>{escaped(decimals(term['weight'], '-2'))} × {escaped(decimals(term['value'], '-2'))}</td>"
            f"<td>{escaped(decimals(term['points'], 1))}</td></tr>"
            for term in entry.terms
        )
        parts.append(
            "\n  <li>\n"
            f"    <p>{_linked(matter)} – {kind}, {escaped(matter.unit.name)}; {decided}{outcome}</p>\n"
            f"    <details>{_summary(entry, score_words)}\n"
            '      <table class="terms">\n'
            f'        <caption class="visually-hidden">{caption}</caption>\n'
            f"        <thead><tr>{head}</tr></thead>\n"
            "        <tbody>\n"
            f"          {terms}\n"
            "        </tbody>\n"
            f'        <tfoot><tr><th scope="row" colspan="3">{score_label}</th>'
            f"<td>{escaped(decimals(entry.score, 1))}</td></tr></tfoot>\n"
            "      </table>\n"
            "    </details>\n"
            "  </li>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
