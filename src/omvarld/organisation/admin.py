from django.contrib import admin

from omvarld.core.admin import ReadOnlyAdmin
from omvarld.organisation.models import Counterpart, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin[Unit]):
    list_display = ["code", "name", "type", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["type"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Counterpart)
class CounterpartAdmin(ReadOnlyAdmin[Counterpart]):
    list_display = ["name", "type", "country", "city", "city_name", "is_capital"]
    list_filter = ["type", "is_capital"]
    search_fields = ["name", "city", "city_name"]
