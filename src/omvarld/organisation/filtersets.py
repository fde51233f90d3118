"""One FilterSet per list, shared by the pages and the API."""

from typing import Any

import django_filters
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omvarld.core.context import once_per_request
from omvarld.core.filters import CountryFilter, DayFilter, TextFilter, openapi_field
from omvarld.core.widgets import QuickSelect
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitStatus, UnitType
from omvarld.organisation.selectors import in_period

# Marks a parameter whose values are the codes of the units as they stand; ``unit_codes_in_schema`` lists
# them when the schema is made (they are data, not code).
UNIT_CODE_MARK = "x-omvarld-unit-code"


def unit_choices() -> list[tuple[str, str]]:
    """The units as choices in the organisation's order (``Unit.objects.in_organisation_order``), read once
    per request (a list may filter by unit and by deciding body)."""
    return once_per_request("organisation.unit_choices", _units_in_organisation_order)


def _units_in_organisation_order() -> list[tuple[str, str]]:
    # The database orders by name (its collation, as everywhere else) and a stable sort by type puts them in
    # the organisation's order: the query's CASE of every type took a millisecond to compile, on every list.
    rank = {value: place for place, value in enumerate(UnitType.values)}
    rows = Unit.objects.order_by("name", "code").values_list("type", "code", "name")
    return [(code, name) for _type, code, name in sorted(rows, key=lambda row: rank.get(row[0], len(rank)))]


@openapi_field({"type": "string", UNIT_CODE_MARK: True})
class UnitCodeFilter(django_filters.ChoiceFilter):
    """A unit chosen by its code, from the units in the register (read when the list is shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", unit_choices)
        kwargs.setdefault("widget", QuickSelect)  # the city's units are a long list of options
        super().__init__(*args, **kwargs)


def unit_codes_in_schema(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """A postprocessing hook: a unit-code parameter lists the codes of the units as they are now."""
    codes: list[str] | None = None
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if not schema.pop(UNIT_CODE_MARK, False):
                    continue
                if codes is None:
                    try:
                        codes = [code for code, _name in unit_choices()]
                    except DatabaseError:
                        # The schema is also made by ``omvarld check`` before the database exists.
                        codes = []
                if codes:
                    schema["enum"] = codes
    return result


@openapi_field(
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
