"""Form fields of Omvärld's own."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from omvarld.policy.interchange import MAX_TEXT

LONG_TEXT: Final = MAX_TEXT
"""The most characters a free-text answer on a form may have (a description, a motivation, a benefit):
the policy engine's limit on a text, which the register's own answers keep to as well."""


class IsoDateField(forms.DateField):
    """A day written as YYYY-MM-DD, as the help under every date field says, and nothing else.

    Django's Swedish formats also read ``01/11/2026`` — as 11 January, the American way round, where a
    Swede means 1 November — so a date typed without the browser's date picker could be stored with its
    month and day swapped. Any other spelling is refused instead."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("Give the date as YYYY-MM-DD, e.g. 2026-11-01.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("YYYY-MM-DD"))
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
