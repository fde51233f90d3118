"""One FilterSet per list, shared by the pages and the API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from omvarld.core.filters import CountryFilter, DayFilter, TextFilter
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitStatus, UnitType
from omvarld.organisation.selectors import in_period


@extend_schema_field(
    {
        "type": "string",
        "enum": ["", *UnitStatus.values],
        "description": "current: the units in force on the date (also when empty); ended: those that had "
        "ceased by then (the history); all: both.",
    }
)
class UnitStatusFilter(django_filters.ChoiceFilter):
    pass


class UnitFilterSet(django_filters.FilterSet):
    """Units by text and type, as the organisation stood on a date: today's, unless asked otherwise."""

    q = TextFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=UnitType.choices)
    on = DayFilter(
        label=_("Date"),
        method="keep",
        help_text=_("The organisation as it was on a day, written YYYY-MM-DD; today if empty."),
    )
    status = UnitStatusFilter(label=_("Show"), choices=UnitStatus.choices, method="keep", empty_label=None)

    class Meta:
        model = Unit
        fields = ["q", "type", "on", "status"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Always bound, so that a page without parameters gets the defaults too (today, in force).
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def search(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(name_en__icontains=value)
        )

    def keep(self, queryset: QuerySet[Unit], name: str, value: object) -> QuerySet[Unit]:
        return queryset  # ``on`` and ``status`` act together, in ``filter_queryset``

    def chosen_day(self) -> Any:
        """The day the list is about: the one asked for, or today."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return cleaned.get("on") or timezone.localdate()

    def chosen_status(self) -> str:
        cleaned = getattr(self.form, "cleaned_data", {})
        return cleaned.get("status") or UnitStatus.CURRENT

    def filter_queryset(self, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        return in_period(super().filter_queryset(queryset), on=self.chosen_day(), status=self.chosen_status())


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
