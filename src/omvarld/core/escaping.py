"""Escaping for the HTML that a few hot paths write in Python (``core.widgets``, ``{% form_field %}``, the
register's rows)."""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import conditional_escape


def escaped(value: Any) -> str:
    """What ``{{ value }}`` writes for a string, as ``conditional_escape`` does, without its calls for the
    plain strings that most values are (a safe string stays as it is, a lazy one is translated first)."""
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(value))
