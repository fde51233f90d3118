"""The travel report and the membership review as an officer and a secretary fill them in. The forms check
what a form can; ``followup.services`` checks the rest and its refusals are shown by the fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omvarld.core.form_fields import LONG_TEXT, IsoDateField
from omvarld.engagements.models import Engagement, FundingSource, ReviewDecision
from omvarld.policy.interchange import MAX_SEK

COST_PREFIX = "cost_"


def _kronor(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0")


class TravelReportForm(forms.Form):
    """The report on a journey: the benefit achieved, what was done, the actual costs by source (each beside
    the planned amount), and the lessons learnt, one per line."""

    benefit_achieved = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Benefit achieved"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the journey gave the people of Stockholm, compared with the benefit promised."),
    )
    summary = forms.CharField(
        max_length=LONG_TEXT,
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The programme: meetings, visits, the city's own part."),
    )
    # One amount per source of funding, added below: cost_city, cost_eu, …
    lessons = forms.CharField(
        label=_("Lessons learnt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One lesson per line. Each is kept on its own, so that others can find it later."),
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lessons = self.fields.pop("lessons")
        for source, label in FundingSource.choices:
            planned = engagement.funding.get(source)
            self.fields[COST_PREFIX + source] = forms.IntegerField(
                label=_("Actual cost: %(source)s (SEK)") % {"source": label},
                required=False,
                min_value=0,
                max_value=MAX_SEK,
                help_text=_("Planned: %(amount)s kr") % {"amount": _kronor(planned)}
                if planned
                else _("Nothing planned"),
            )
        self.fields["lessons"] = lessons


def report_values(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The report form's cleaned values as ``travel_report_file`` takes them: the costs gathered by source,
    the lessons one per line."""
    data = dict(cleaned)
    costs = {
        name.removeprefix(COST_PREFIX): data.pop(name) for name in list(data) if name.startswith(COST_PREFIX)
    }
    data["actual_costs"] = {source: amount for source, amount in costs.items() if amount}
    data["lessons"] = [line for line in (data.get("lessons") or "").splitlines() if line.strip()]
    return data


class MembershipReviewForm(forms.Form):
    """The review of a membership as the secretary records it from the minutes."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    reviewed_on = IsoDateField(label=_("Decided on"))
    minutes_reference = forms.CharField(
        label=_("Minutes"),
        max_length=100,
        help_text=_("Where the decision is minuted, e.g. Protokoll 2026:14, § 7."),
    )
    benefit_seen = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Benefit seen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the membership has given the people of Stockholm since the last review."),
    )
    contribution_made = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Active contribution made"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the city has done in the organisation: seats, working groups, hosting, reports."),
    )
    fee_sek = forms.IntegerField(
        label=_("Membership fee (SEK a year)"),
        min_value=0,
        max_value=MAX_SEK,
        help_text=_("0 if there is none."),
    )
    motivation = forms.CharField(
        label=_("Motivation"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
