"""The engagement form: the fields that concern the kind of engagement, in the order an officer fills them.

The form checks what a form can (types, lengths, choices); ``services`` checks the rest and its refusals
are shown by the fields (``core.form_views``). A question left unanswered stays unanswered (empty, or
"Okänt" for a yes/no question), and the engine asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from omvarld.core.filters import CountryField
from omvarld.core.form_fields import LONG_TEXT, IsoDateField
from omvarld.core.widgets import QuickSelect, QuickSelectMultiple
from omvarld.engagements import interchange
from omvarld.engagements.models import (
    AccommodationPayer,
    AgreementType,
    DecisionOutcome,
    Direction,
    Engagement,
    FundingSource,
    Goal,
    Kind,
    Origin,
    Participation,
    Payer,
    Scope,
)
from omvarld.organisation.models import Counterpart, CounterpartType, Unit
from omvarld.policy.interchange import MAX_SEK

FUNDING_PREFIX = "funding_"
# What a matter's page shows in its heading and first rows, not again among its particulars.
SHOWN_APART = frozenset({"title", "unit", "counterpart", "starts_on", "ends_on", "cost_sek", "description"})
NEW_COUNTERPART_PREFIX = "new_counterpart_"


def _model_field(name: str) -> Any:
    return Engagement._meta.get_field(name)


def _label(name: str) -> Any:
    return capfirst(_model_field(name).verbose_name)


def _choice(name: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_label(name), choices=[("", _("Not stated")), *choices.choices], required=False
    )


def _yes_no(name: str, help_text: Any = "") -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=_label(name),
        required=False,
        help_text=help_text,
        widget=forms.Select(choices=[("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]),
    )


def _text(name: str, *, long: bool = False, help_text: Any = "") -> forms.CharField:
    max_length = None if long else _model_field(name).max_length
    return forms.CharField(
        label=_label(name),
        required=False,
        max_length=max_length or LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
    )


def _amount(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=MAX_SEK)


def _date(name: str) -> forms.DateField:
    return IsoDateField(label=_label(name), required=False)


class EngagementForm(forms.Form):
    """All of an engagement's fields; ``kind`` removes those that do not concern it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Owning unit"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose a unit"),
        widget=QuickSelect,
    )
    counterpart = forms.ModelChoiceField(
        label=_("Counterpart"),
        queryset=Counterpart.objects.order_by("name"),
        required=False,
        widget=QuickSelect,
        empty_label=_("Not stated"),
        help_text=_("Missing from the list? Add it below."),
    )
    # A counterpart not yet in the register, added with the engagement (``service_values`` gathers these
    # into the services' ``new_counterpart``).
    new_counterpart_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_counterpart_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Choose a type")), *CounterpartType.choices], required=False
    )
    new_counterpart_country = CountryField(
        label=_("Country"), required=False, help_text=_("Its name or its code, e.g. Norge or NO.")
    )
    new_counterpart_city = forms.CharField(
        label=_("City"),
        max_length=200,
        required=False,
        help_text=_("Swedish names work too, e.g. Köpenhamn or Helsingfors."),
    )
    description = _text("description", long=True)
    starts_on = _date("starts_on")
    ends_on = _date("ends_on")
    travellers = _text(
        "travellers", long=True, help_text=_("Who travels or takes part for the city, one per line.")
    )
    goals = forms.MultipleChoiceField(
        label=_label("goals"), choices=Goal.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    directions = forms.MultipleChoiceField(
        label=_label("directions"),
        choices=Direction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    benefit = _text("benefit", long=True, help_text=_("The concrete benefit for the people of Stockholm."))
    subject_area = _text(
        "subject_area", help_text=_("A specific area, e.g. environment, IT or elderly care.")
    )
    scope = _choice("scope", Scope)
    affected_units = forms.ModelMultipleChoiceField(
        label=_label("affected_units"),
        queryset=Unit.objects.in_organisation_order(),
        to_field_name="code",
        required=False,
        widget=QuickSelectMultiple,
    )
    responsible_units = forms.ModelMultipleChoiceField(
        label=_label("responsible_units"),
        queryset=Unit.objects.in_organisation_order(),
        to_field_name="code",
        required=False,
        widget=QuickSelectMultiple,
    )
    origin = _choice("origin", Origin)
    requested_kind = _choice("requested_kind", Kind)
    agreement_type = _choice("agreement_type", AgreementType)
    mutual_benefit = _text("mutual_benefit", long=True)
    travel_paid_by = _choice("travel_paid_by", Payer)
    accommodation_paid_by = _choice("accommodation_paid_by", AccommodationPayer)
    hospitality_offered = _yes_no(
        "hospitality_offered", _("Someone else offers anything of value: meals, receptions, gifts.")
    )
    role = _text("role", help_text=_("For example speaker, moderator, panellist or participant."))
    special_reasons = _text("special_reasons", long=True)
    bribery_assessment_done = _yes_no("bribery_assessment_done")
    learning_objective = _text("learning_objective", long=True)
    plan_reference = _text("plan_reference")
    representative = _text("representative")
    contribution = _text("contribution", long=True)
    participation = _choice("participation", Participation)
    last_review = _date("last_review")
    brand_used = _yes_no("brand_used")
    aid_character = _yes_no("aid_character")
    foreign_policy_stance = _yes_no("foreign_policy_stance")
    major_engagement = _yes_no("major_engagement")
    cost_sek = _amount(_label("cost_sek"))
    # One amount per source of funding, added below: funding_city, funding_eu, …

    def __init__(self, *args: Any, kind: str, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        unit_field = cast(forms.ModelChoiceField[Unit], self.fields["unit"])
        unit_field.queryset = units
        if not self.is_bound and "unit" not in self.initial and len(units) == 1:
            # Most officers work in one unit: it is the owner unless they say otherwise.
            self.initial["unit"] = units[0].pk
        for source, label in FundingSource.choices:
            self.fields[FUNDING_PREFIX + source] = _amount(_("Funding: %(source)s (SEK)") % {"source": label})
        for name in list(self.fields):
            if name in interchange.POLICY_COLUMNS and not interchange.applies(name, kind):
                del self.fields[name]

    @classmethod
    def initial_from(cls, engagement: Engagement) -> dict[str, Any]:
        """The form's starting values for an engagement as it is stored."""
        initial: dict[str, Any] = {
            name: getattr(engagement, name) for name in cls.base_fields if hasattr(engagement, name)
        }
        for source, amount in engagement.funding.items():
            initial[FUNDING_PREFIX + source] = amount
        return initial

    def service_values(self) -> dict[str, Any]:
        return service_values(self.cleaned_data)

    def particulars(self, engagement: Engagement) -> list[tuple[str, str]]:
        """The engagement's stated values of the fields that concern its kind, each as its label and the
        value as a reader sees it, in the form's order (the matter's page; those it shows apart left out)."""
        values = self.initial_from(engagement)
        found = []
        for name, field in self.fields.items():
            if name in SHOWN_APART or name.startswith(NEW_COUNTERPART_PREFIX):
                continue
            shown = _shown(field, values.get(name))
            if shown != "–":
                found.append((str(field.label), shown))
        return found

    def differences(self, saved: Engagement) -> list[Difference]:
        """The fields where ``saved`` (the matter as someone else saved it meanwhile) holds another value
        than this (valid) form: what its user must compare before saving over it."""
        theirs = self.initial_from(saved)
        found = []
        for name, field in self.fields.items():
            if name.startswith(NEW_COUNTERPART_PREFIX):
                continue
            saved_value, typed = _shown(field, theirs.get(name)), _shown(field, self.cleaned_data.get(name))
            if saved_value != typed:
                found.append(Difference(str(field.label), saved_value, typed))
        return found

    def current_values(self) -> dict[str, Any]:
        """The values the form holds now, as ``cleaned_data`` would give them: those sent that could be
        read (a form with errors still has its good fields), or, before anything is sent, its initial
        values. The live assessment reads these."""
        if self.is_bound:
            self.is_valid()
            return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = self.get_initial_for_field(field, name)
            if value in (None, "", []):
                continue
            choices = getattr(field, "queryset", None)
            if isinstance(field, forms.ModelMultipleChoiceField) and choices is not None:
                value = list(choices.filter(code__in=value))
            elif choices is not None and not isinstance(value, models.Model):
                value = choices.filter(pk=value).first()
            values[name] = value
        return values


@dataclass(frozen=True)
class Difference:
    """A field whose saved value differs from what the user typed, both as the page shows them."""

    label: str
    saved: str
    typed: str


def _shown(field: forms.Field, value: Any) -> str:
    """A form field's value as a reader sees it: labels for choices, names for units and counterparts."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return "–"
    if isinstance(field, forms.ModelMultipleChoiceField):
        codes = [getattr(item, "code", item) for item in value]
        names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
        return ", ".join(names.get(code, str(code)) for code in codes) if codes else "–"
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.NullBooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in cast(list[tuple[Any, Any]], field.choices)}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def service_values(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """A form's cleaned values as the services take them: the funding gathered by source, units by code."""
    data = dict(cleaned)
    funding = {
        name.removeprefix(FUNDING_PREFIX): data.pop(name)
        for name in list(data)
        if name.startswith(FUNDING_PREFIX)
    }
    data["funding"] = {source: amount for source, amount in funding.items() if amount}
    new_counterpart = {
        name.removeprefix(NEW_COUNTERPART_PREFIX): data.pop(name) or ""
        for name in list(data)
        if name.startswith(NEW_COUNTERPART_PREFIX)
    }
    if any(new_counterpart.values()):
        data["new_counterpart"] = new_counterpart
    for name in ("affected_units", "responsible_units"):
        if name in data:
            data[name] = [unit.code for unit in data[name]]
    return data


class DecisionForm(forms.Form):
    """The decision as the secretary records it from the minutes."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decided_on = IsoDateField(label=_("Decided on"))
    minutes_reference = forms.CharField(
        label=_("Minutes"),
        max_length=100,
        help_text=_("Where the decision is minuted, e.g. Protokoll 2026:14, § 7."),
    )
    body = forms.ModelChoiceField(
        label=_("Deciding body"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose a body"),
        help_text=_("The body the strategy names is chosen; another body is a deviation."),
    )
    motivation = forms.CharField(
        label=_("Motivation"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    deviation_reason = forms.CharField(
        label=_("Reason for a deviation"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when another body decides, or when the decision goes against the assessment."),
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Unit], self.fields["body"]).queryset = bodies


class DocumentForm(forms.Form):
    """File a document with a matter; the service checks the file and the ground for secrecy."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV; at most 20 MB."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What the document is; the file's name if left empty."),
    )
    secret = forms.BooleanField(
        label=_("Secret"),
        required=False,
        help_text=_("Only those who handle the matter will see it, or learn that it exists."),
    )
    secrecy_ground = forms.CharField(
        label=_("Ground for secrecy"),
        max_length=100,
        required=False,
        help_text=_("The chapter and section of OSL, e.g. 15 kap. 1 §."),
    )
