"""The prioritisation list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from omvarld.engagements.models import Engagement, Kind, Origin
from omvarld.organisation.filtersets import UnitCodeFilter

# "de engagemang som initieras på verksamhetsnivå och de förfrågningar till internationellt samarbete som
# kommer från andra regioner" (Bilaga 2 › Syfte).
ORIGIN_CHOICES = [
    ("requests", _("Requests from other cities, regions and organisations")),
    ("initiatives", _("Engagements the city's own units initiate")),
]


class PriorityFilterSet(django_filters.FilterSet):
    decided_by = UnitCodeFilter(
        label=_("Deciding body"),
        field_name="deciding_body__code",
        help_text=_("The body that decides by the strategy: the matters compete in its queue."),
    )
    unit = UnitCodeFilter(
        label=_("Unit"),
        field_name="unit__code",
        help_text=_("The owning unit: the matters compete for its resources."),
    )
    origin = django_filters.ChoiceFilter(label=_("Proposals"), choices=ORIGIN_CHOICES, method="by_origin")

    class Meta:
        model = Engagement
        fields = ["decided_by", "unit", "origin"]

    def by_origin(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        requests = Q(kind=Kind.REQUEST, origin=Origin.EXTERNAL)
        if value == "requests":
            return queryset.filter(requests)
        if value == "initiatives":
            return queryset.exclude(kind=Kind.REQUEST)
        return queryset
