"""``{% register_rows %}`` writes exactly what the template ``engagements/includes/register_row.html``
writes."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from tests.factories import EngagementFactory, UnitFactory

from omvarld.engagements.models import Engagement, Kind, Outcome, Status
from omvarld.engagements.views import labelled

pytestmark = pytest.mark.django_db

TAG = Template("{% load register_list %}{% register_rows rows %}")


def rows() -> list[Engagement]:
    """A matter of every kind, status and outcome (none: not yet submitted), with titles and a unit name
    that need escaping."""
    unit = UnitFactory(name='Kultur- & "fritids"nämnden <Kfn>')
    outcomes = ["", *Outcome.values]
    statuses = Status.values
    made = [
        EngagementFactory(
            kind=kind,
            status=statuses[number % len(statuses)],
            latest_outcome=outcomes[number % len(outcomes)],
            title=f"Resa {number} till Åbo & <Tallinn> 'över' \"sundet\"",
            registration_number=f"KF-{number}/2026 <&>",
            unit=unit if number % 2 else UnitFactory(),
        )
        for number, kind in enumerate(Kind.values * 2)
    ]
    return labelled(list(Engagement.objects.filter(pk__in=[row.pk for row in made]).select_related("unit")))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_tag_writes_what_the_template_writes_for_every_row(language: str) -> None:
    with translation.override(language):
        listed = rows()
        expected = "".join(
            render_to_string("engagements/includes/register_row.html", {"engagement": row}) for row in listed
        )
        written = TAG.render(Context({"rows": listed}))

    assert written == expected
    assert {row.latest_outcome for row in listed} == {"", *Outcome.values}
    assert "Åbo &amp; &lt;Tallinn&gt; &#x27;över&#x27; &quot;sundet&quot;" in written


def test_no_rows_write_nothing() -> None:
    assert TAG.render(Context({"rows": []})) == ""
