"""The import's forms: the file to upload, and how its columns map to the register's fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from omvarld.engagements.models import Kind
from omvarld.imports import columns
from omvarld.imports.reading import Table, column_letter
from omvarld.organisation.models import Unit

COLUMN_PREFIX = "column_"


def _defaults(form: forms.Form, units: Any, *, citywide: bool) -> None:
    """The unit for rows that name none: one of the user's own, unless they import city-wide (then it may
    be left to each row); an officer with one unit has it chosen for them."""
    unit_field = cast(forms.ModelChoiceField[Unit], form.fields["unit"])
    unit_field.queryset = units
    unit_field.required = not citywide
    if not citywide:
        unit_field.empty_label = _("Choose a unit")
    if not form.is_bound and "unit" not in form.initial and len(units) == 1:
        form.initial["unit"] = units[0].pk


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file, with the columns' names on its first row; "
            "at most %(size)s MB."
        )
        % {"size": settings.OMVARLD_IMPORT_MAX_BYTES // 2**20},
    )
    unit = forms.ModelChoiceField(
        label=_("Owning unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Named on each row"),
        help_text=_("The owning unit of the rows that name none."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Named on each row")), *Kind.choices],
        required=False,
        help_text=_("The kind of the rows that name none, e.g. Membership for a register of memberships."),
    )

    def __init__(self, *args: Any, units: Any, citywide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _defaults(self, units, citywide=citywide)


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or none; and the defaults for its rows."""

    unit = UploadForm.base_fields["unit"]
    kind = UploadForm.base_fields["kind"]

    def __init__(self, *args: Any, table: Table, units: Any, citywide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _defaults(self, units, citywide=citywide)
        choices = [("", _("Not read")), *((target.name, target.label) for target in columns.TARGETS)]
        self.table = table
        for index, heading in enumerate(table.header):
            samples = table.samples(index)
            self.fields[f"{COLUMN_PREFIX}{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s: %(heading)s")
                % {"letter": column_letter(index), "heading": heading or "–"},
                choices=choices,
                required=False,
                help_text=(_("For example: %(values)s") % {"values": "; ".join(samples)})
                if samples
                else _("Empty"),
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(COLUMN_PREFIX)]

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix(COLUMN_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(COLUMN_PREFIX) and value
        }
