"""Filters shared by the FilterSets of every app."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field

# What a text filter accepts (Django's form field refuses NUL, and a search longer than a name is no
# search), declared so that the API schema says it too.
TEXT_FILTER_MAX_LENGTH = 200


@extend_schema_field({"type": "string", "maxLength": TEXT_FILTER_MAX_LENGTH, "pattern": "^[^\\x00]*$"})
class TextFilter(django_filters.CharFilter):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", TEXT_FILTER_MAX_LENGTH)
        super().__init__(*args, **kwargs)
