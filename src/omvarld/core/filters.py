"""Filters shared by the FilterSets of every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import django_filters
from django import forms
from django.utils.translation import gettext as _

from omvarld import geo

FilterClass = TypeVar("FilterClass", bound=type)
Schema = dict[str, Any]

# A filter's query parameter is described in the API's schema by drf-spectacular (``extend_schema_field``).
# Importing drf-spectacular loads Django REST framework with requests and pygments: half a second of every
# process that sets Django up, though only the one that makes the API's schema needs it. So a filter
# records its schema here (``openapi_field``), and the records are handed to drf-spectacular when the API's
# schema class loads (``core.api_schema`` calls ``document_filters``); a filter defined after that is
# handed over at once.
_RECORDED: list[tuple[type, Callable[[], Schema]]] = []
_handed_over = False


def openapi_field(schema: Schema | Callable[[], Schema]) -> Callable[[FilterClass], FilterClass]:
    """Describe a filter's query parameter in the API's schema (what drf-spectacular's
    ``extend_schema_field`` says), by a schema or a function that makes it when the schema is made."""
    make = schema if callable(schema) else (lambda: schema)

    def record(filter_class: FilterClass) -> FilterClass:
        _RECORDED.append((filter_class, make))
        if _handed_over:
            _hand_over(filter_class, make)
        return filter_class

    return record


def _hand_over(filter_class: type, make: Callable[[], Schema]) -> None:
    from drf_spectacular.utils import extend_schema_field

    extend_schema_field(make())(filter_class)


def document_filters() -> None:
    """Hand every recorded schema to drf-spectacular (once; the API's schema class calls it as it loads)."""
    global _handed_over
    if _handed_over:
        return
    for filter_class, make in _RECORDED:
        _hand_over(filter_class, make)
    _handed_over = True


# What a text filter accepts (Django's form field refuses NUL, and a search longer than a name is no
# search), declared so that the API schema says it too.
TEXT_FILTER_MAX_LENGTH = 200


@openapi_field({"type": "string", "maxLength": TEXT_FILTER_MAX_LENGTH, "pattern": "^[^\\x00]*$"})
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


@openapi_field(
    lambda: {
        "type": "string",
        "enum": list(geo.country_spellings()),
        "description": "A country's Swedish or English name, or its ISO 3166-1 alpha-2 code "
        "(case and diacritics do not matter).",
    }
)
class CountryFilter(django_filters.CharFilter):
    """Filters on a country field holding ISO codes, by whatever name or code the user writes."""

    field_class = CountryField


@openapi_field(
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
