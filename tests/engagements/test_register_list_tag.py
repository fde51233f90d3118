"""``{% register_rows %}``, ``{% queue_entries %}`` and ``{% priority_entries %}`` write exactly what the
templates ``engagements/includes/register_row.html``, ``queue_entry.html`` and
``strategy/includes/priority_entry.html`` write."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from tests.factories import EngagementFactory, UnitFactory

from omvarld.engagements.models import Engagement, Kind, Outcome, Status
from omvarld.engagements.presentation import QueueEntry
from omvarld.engagements.selectors import LISTED_VALUES
from omvarld.engagements.views import labelled, listed
from omvarld.strategy.presentation import TERM_LABELS

pytestmark = pytest.mark.django_db

TAG = Template("{% load register_list %}{% register_rows rows %}")
QUEUE_TAG = Template("{% load register_list %}{% queue_entries ranked can_decide %}")
PRIORITY_TAG = Template("{% load register_list %}{% priority_entries ranked %}")


def made(*, with_bodies: bool = False) -> list[int]:
    """A matter of every kind, status and outcome (none: not yet submitted), with titles and a unit name
    that need escaping: their ids."""
    unit = UnitFactory(name='Kultur- & "fritids"nämnden <Kfn>')
    outcomes = ["", *Outcome.values]
    statuses = Status.values
    return [
        EngagementFactory(
            kind=kind,
            status=statuses[number % len(statuses)],
            latest_outcome=outcomes[number % len(outcomes)],
            title=f"Resa {number} till Åbo & <Tallinn> 'över' \"sundet\"",
            registration_number=f"KF-{number}/2026 <&>",
            unit=unit if number % 2 else UnitFactory(),
            # Some matters name the body that decides them (the priorities page says so), some none.
            deciding_body=unit if with_bodies and number % 3 else None,
        ).pk
        for number, kind in enumerate(Kind.values * 2)
    ]


def rows(*, with_bodies: bool = False) -> list[Engagement]:
    """The matters of ``made`` as a queue reads them, labelled."""
    ids = made(with_bodies=with_bodies)
    return labelled(list(Engagement.objects.filter(pk__in=ids).select_related("unit", "deciding_body")))


def list_rows() -> list[dict[str, Any]]:
    """The matters of ``made`` as the register list reads them (``LISTED_VALUES``), labelled."""
    return listed(list(Engagement.objects.filter(pk__in=made()).values(*LISTED_VALUES)))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_tag_writes_what_the_template_writes_for_every_row(language: str) -> None:
    with translation.override(language):
        listed_rows = list_rows()
        expected = "".join(
            render_to_string("engagements/includes/register_row.html", {"engagement": row})
            for row in listed_rows
        )
        written = TAG.render(Context({"rows": listed_rows}))

    assert written == expected
    assert {row["latest_outcome"] for row in listed_rows} == {"", *Outcome.values}
    assert "Åbo &amp; &lt;Tallinn&gt; &#x27;över&#x27; &quot;sundet&quot;" in written
    assert "Kultur- &amp; &quot;fritids&quot;nämnden &lt;Kfn&gt;" in written
    for row in listed_rows:
        assert f'<a href="{Engagement.objects.get(pk=row["pk"]).get_absolute_url()}">' in written


def test_no_rows_write_nothing() -> None:
    assert TAG.render(Context({"rows": []})) == ""


def entries(*, with_bodies: bool = False) -> list[QueueEntry]:
    """A queue's entries over matters of every outcome, with scores and points of every shape (whole,
    rounded, negative, zero) and explanations that need escaping."""
    scores = [0, 12.345, -1.5, 7, 0.05, 100.0]
    return [
        QueueEntry(
            engagement=row,
            rank=rank,
            score=scores[rank % len(scores)],
            terms=[
                {
                    "term": "goal_link",
                    "label": TERM_LABELS["goal_link"] if rank % 2 else '<Mål> & "nytta"',
                    "explanation": f'{rank} av <kommunfullmäktiges> & "stadens" mål.',
                    "weight": points / 3,
                    "value": rank / 7,
                    "points": points,
                }
                for points in scores[: rank % 4]
            ],
        )
        for rank, row in enumerate(rows(with_bodies=with_bodies), 1)
    ]


@pytest.mark.parametrize("can_decide", [True, False])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_queue_tag_writes_what_the_template_writes_for_every_entry(
    language: str, can_decide: bool
) -> None:
    with translation.override(language):
        ranked = entries()
        expected = "".join(
            render_to_string(
                "engagements/includes/queue_entry.html", {"entry": entry, "can_decide": can_decide}
            )
            for entry in ranked
        )
        written = QUEUE_TAG.render(Context({"ranked": ranked, "can_decide": can_decide}))

    assert written == expected
    assert ("/decide/" in written) is can_decide
    assert "&lt;kommunfullmäktiges&gt; &amp; &quot;stadens&quot;" in written


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_priorities_tag_writes_what_the_template_writes_for_every_entry(language: str) -> None:
    with translation.override(language):
        ranked = entries(with_bodies=True)
        expected = "".join(
            render_to_string("strategy/includes/priority_entry.html", {"entry": entry}) for entry in ranked
        )
        written = PRIORITY_TAG.render(Context({"ranked": ranked}))

    assert written == expected
    assert {entry.engagement.deciding_body is None for entry in ranked} == {True, False}
    assert "&lt;Mål&gt; &amp; &quot;nytta&quot;" in written
