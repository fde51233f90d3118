"""``{{ value|decimals:N }}`` writes exactly what Django's ``floatformat`` writes, in either language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

ARGS = ["1", "-2", "0", "g", "2g"]


TEMPLATES = {
    arg: (
        Template('{% load omvarld_numbers %}{{ value|decimals:"' + arg + '" }}'),
        Template('{{ value|floatformat:"' + arg + '" }}'),
    )
    for arg in ARGS
}


def _both(value: object, arg: str) -> tuple[str, str]:
    context = Context({"value": value})
    ours, django = TEMPLATES[arg]
    return ours.render(context), django.render(context)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("arg", ARGS)
@settings(max_examples=30, deadline=None)
@given(
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
        st.integers(min_value=-(10**9), max_value=10**9),
        st.sampled_from([0.05, 0.15, 2.5, -0.04, 1234567.891, 1.0, 1]),
    )
)
def test_a_number_is_written_as_floatformat_writes_it(language: str, arg: str, value: float | int) -> None:
    with translation.override(language):
        ours, django = _both(value, arg)
        again, _ = _both(value, arg)  # the second time from what was kept
    assert ours == django
    assert again == django


@pytest.mark.parametrize("value", [None, "", "abc", "2,5", Decimal("2.25"), True])
def test_what_is_not_a_plain_number_is_left_to_floatformat(value: object) -> None:
    with translation.override("sv"):
        ours, django = _both(value, "1")
    assert ours == django


def test_a_number_kept_in_one_language_is_written_in_the_other_s_own_way() -> None:
    with translation.override("sv"):
        swedish, _ = _both(2.5, "1")
    with translation.override("en"):
        english, _ = _both(2.5, "1")
    assert (swedish, english) == ("2,5", "2.5")
