"""Filters shared by the FilterSets of every app."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field

from omvarld import geo

# What a text filter accepts (Django's form field refuses NUL, and a search longer than a name is no
# search), declared so that the API schema says it too.
TEXT_FILTER_MAX_LENGTH = 200


@extend_schema_field({"type": "string", "maxLength": TEXT_FILTER_MAX_LENGTH, "pattern": "^[^\\x00]*$"})
class TextFilter(django_filters.CharFilter):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", TEXT_FILTER_MAX_LENGTH)
        super().__init__(*args, **kwargs)


class CountryField(forms.CharField):
    """A country as people write it: its Swedish or English name, or its ISO code; cleaned to the code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_FILTER_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        if not text:
            return ""
        code = geo.country_code(text)
        if code is None:
            raise forms.ValidationError(
                _(
                    "Unknown country: %(value)s. Write the country's name in Swedish or English, or its "
                    "code (e.g. Polen, Poland or PL)."
                ),
                code="unknown_country",
                params={"value": text[:60]},  # formatted by the form, so a "%" typed is only a "%"
            )
        return code


@extend_schema_field(
    {
        "type": "string",
        "enum": list(geo.country_spellings()),
        "description": "A country's Swedish or English name, or its ISO 3166-1 alpha-2 code "
        "(case and diacritics do not matter).",
    }
)
class CountryFilter(django_filters.CharFilter):
    """Filters on a country field holding ISO codes, by whatever name or code the user writes."""

    field_class = CountryField


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}],
        "description": "A day, written YYYY-MM-DD; empty is as if not given.",
    }
)
class DayFilter(django_filters.DateFilter):
    """A day written the one way the schema promises: YYYY-MM-DD."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)
