"""One FilterSet per list, shared by the pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from omvarld.core.filters import CountryFilter, TextFilter
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitType


class UnitFilterSet(django_filters.FilterSet):
    q = TextFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=UnitType.choices)

    class Meta:
        model = Unit
        fields = ["q", "type"]

    def search(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(name_en__icontains=value)
        )


class CounterpartFilterSet(django_filters.FilterSet):
    q = TextFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=CounterpartType.choices)
    country = CountryFilter(
        label=_("Country"), help_text=_("In Swedish or English, or its code: Polen, Poland or PL.")
    )
    is_capital = django_filters.ChoiceFilter(
        label=_("Capital"), choices=[("true", _("yes")), ("false", _("no"))], method="filter_capital"
    )

    class Meta:
        model = Counterpart
        fields = ["q", "type", "country", "is_capital"]

    def search(self, queryset: QuerySet[Counterpart], name: str, value: str) -> QuerySet[Counterpart]:
        return queryset.filter(
            Q(name__icontains=value) | Q(city__icontains=value) | Q(city_name__icontains=value)
        )

    def filter_capital(self, queryset: QuerySet[Counterpart], name: str, value: str) -> QuerySet[Counterpart]:
        return queryset.filter(is_capital=value == "true")
