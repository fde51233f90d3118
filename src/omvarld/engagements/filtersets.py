"""The register list's filters, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from omvarld.core.filters import TextFilter
from omvarld.engagements.models import Engagement, Kind, Status
from omvarld.organisation.filtersets import UnitCodeFilter


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2999})
class YearFilter(django_filters.NumberFilter):
    """A year of registration; the schema states the range the form accepts."""


class EngagementFilterSet(django_filters.FilterSet):
    q = TextFilter(
        label=_("Search"), method="search", help_text=_("Part of the title or the registration number.")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    unit = UnitCodeFilter(label=_("Unit"), field_name="unit__code")
    year = YearFilter(label=_("Year"), min_value=1900, max_value=2999)
    mine = django_filters.BooleanFilter(
        label=_("Only my matters"),
        method="only_mine",
        widget=django_filters.widgets.BooleanWidget(),
        help_text=_("The matters you are responsible for."),
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "status", "unit", "year", "mine"]

    def search(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        return queryset.filter(Q(title__icontains=value) | Q(registration_number__icontains=value))

    def only_mine(
        self, queryset: QuerySet[Engagement], name: str, value: bool | None
    ) -> QuerySet[Engagement]:
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(responsible=user)
