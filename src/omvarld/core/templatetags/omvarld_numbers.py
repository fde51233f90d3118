"""Numbers on pages that show many of them.

``{{ value|decimals:1 }}`` is Django's ``floatformat`` (the same string, in the page's language), kept by
value, format and language: a queue of 50 matters shows some 400 scores and points, most of them the same
few numbers, and ``floatformat`` (``Decimal`` arithmetic and the locale's number format) was a sixth of
the page's time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)
def _formatted(value: float | int, arg: str, language: str | None) -> str:
    return floatformat(value, arg)


@register.filter(is_safe=True)
def decimals(value: Any, arg: str | int = -1) -> str:
    """``floatformat`` of ``value`` with ``arg``, remembered for plain numbers."""
    if type(value) not in (float, int):  # Decimal, str, None…: as floatformat does, not kept
        return floatformat(value, arg)
    return _formatted(value, str(arg), get_language())
