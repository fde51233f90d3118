"""The register list's filters, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from omvarld.core.filters import TextFilter
from omvarld.engagements.models import Engagement, Kind, Status
from omvarld.organisation.models import Unit


class EngagementFilterSet(django_filters.FilterSet):
    q = TextFilter(
        label=_("Search"), method="search", help_text=_("Part of the title or the registration number.")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.in_organisation_order(), to_field_name="code"
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=1900, max_value=2999)

    class Meta:
        model = Engagement
        fields = ["q", "kind", "status", "unit", "year"]

    def search(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        return queryset.filter(Q(title__icontains=value) | Q(registration_number__icontains=value))
