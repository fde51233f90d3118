"""A date on a form is YYYY-MM-DD and nothing else: no spelling whose month and day could swap."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from omvarld.core.form_fields import IsoDateField


def test_a_date_written_yyyy_mm_dd_is_read() -> None:
    assert IsoDateField().clean("2026-11-01") == datetime.date(2026, 11, 1)


@pytest.mark.parametrize("typed", ["01/11/2026", "11/01/2026", "01/11/26", "1.11.2026", "2026-13-01", "igår"])
def test_any_other_spelling_is_refused_in_swedish(typed) -> None:
    # Django's Swedish formats would read 01/11/2026 as 11 January: refused rather than guessed.
    field = IsoDateField()
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == ["Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-01."]
