"""The register list's filters, shared by the page and the API."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omvarld.core.filters import CountryFilter, TextFilter, openapi_field
from omvarld.engagements import search
from omvarld.engagements.models import Engagement, Kind, Outcome, Status
from omvarld.engagements.selectors import DEFAULT_ORDER
from omvarld.organisation.filtersets import UnitCodeFilter

ORDER_CHOICES = [
    ("-number", _("Newest registration number first")),
    ("number", _("Oldest registration number first")),
    ("title", _("Title, A to Z")),
    ("-title", _("Title, Z to A")),
]


class YearField(forms.IntegerField):
    """A year written in digits 0–9 and nothing else: Python's ``int`` would also read ``2020.0`` or
    ``٢٠٢٠``, which the schema's integer does not allow."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"[0-9]+", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@openapi_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1900, "maximum": 2999},
            {"type": "string", "maxLength": 0},
        ],
        "description": "A year of registration; empty is as if not given.",
    }
)
class YearFilter(django_filters.NumberFilter):
    """A year of registration; the schema states the range the form accepts."""

    field_class = YearField


class EngagementFilterSet(django_filters.FilterSet):
    q = TextFilter(
        label=_("Search"), method="search", help_text=_("Part of the title or the registration number.")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    unit = UnitCodeFilter(label=_("Unit"), field_name="unit__code")
    outcome = django_filters.ChoiceFilter(
        label=_("Assessment"), field_name="latest_outcome", choices=Outcome.choices
    )
    decided_by = UnitCodeFilter(
        label=_("Deciding body"),
        field_name="deciding_body__code",
        help_text=_("The body that decides by the strategy."),
    )
    country = CountryFilter(label=_("Country"), field_name="counterpart__country")
    counterpart = TextFilter(
        label=_("Counterpart"),
        field_name="counterpart__name",
        lookup_expr="icontains",
        help_text=_("Part of the counterpart's name."),
    )
    year = YearFilter(label=_("Year"), min_value=1900, max_value=2999)
    mine = django_filters.BooleanFilter(
        label=_("Only my matters"),
        method="only_mine",
        widget=django_filters.widgets.BooleanWidget(),
        help_text=_("The matters you are responsible for."),
    )
    # Read by the list (``selectors.REGISTER_ORDERS``); here so that the form and the API show it.
    sort = django_filters.ChoiceFilter(
        label=_("Order"), choices=ORDER_CHOICES, empty_label=None, method="keep", initial=DEFAULT_ORDER
    )

    class Meta:
        model = Engagement
        fields = [
            "q",
            "kind",
            "status",
            "unit",
            "outcome",
            "decided_by",
            "country",
            "counterpart",
            "year",
            "mine",
            "sort",
        ]

    @property
    def searches(self) -> bool:
        """Whether the list is narrowed by a text (``q``), which the trigram indexes give unordered: its
        page is read with ``keyset_page(plan_first=True)``."""
        return self.is_valid() and bool(self.form.cleaned_data.get("q"))

    def search(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        # A whole registration number is found by the unique index; a piece of a title or a number by a
        # trigram index (``engagements.search``: PostgreSQL's GIN indexes, SQLite's FTS5 table).
        numbers = {value.strip(), value.strip().upper()}
        exact = queryset.filter(registration_number__in=numbers)
        if exact.exists():
            return exact
        return search.matching(queryset, value)

    def keep(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        return queryset

    def only_mine(
        self, queryset: QuerySet[Engagement], name: str, value: bool | None
    ) -> QuerySet[Engagement]:
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(responsible=user)
