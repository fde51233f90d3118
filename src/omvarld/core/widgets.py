"""Widgets that render the same HTML as Django's, faster where it counts.

Django renders every option of a select through its own template include. A list page's filter form
with two selects of the city's 56 units spent about 20 ms of its ~40 ms there (bench/register_bench.py),
so the selects of long choice lists are written out here instead — byte for byte what Django's templates
write (``tests/core/test_widgets.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from omvarld.core.escaping import escaped


def _attrs(attrs: Mapping[str, Any]) -> str:
    """The attributes as Django's ``attrs.html`` writes them: False leaves one out, True writes its name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class QuickSelect(forms.Select):
    """A ``Select`` that writes its options in Python, without Django's option dictionaries and a template
    per option: an option has no attribute but ``selected`` (``Select.option_inherits_attrs`` is False)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = {str(item) for item in self.format_value(value)}
        found = False
        parts = [format_html('<select name="{}"', name), _attrs(final_attrs), ">"]

        def option(option_value: Any, label: Any) -> str:
            nonlocal found
            text = "" if option_value is None else str(option_value)
            # As Django: one option selected in a single select (the first that matches), any in a multiple.
            selected = (not found or self.allow_multiple_selected) and text in chosen
            found = found or selected
            marked = " selected" if selected else ""
            return f'\n  <option value="{escaped(text)}"{marked}>{escaped(label)}</option>\n'

        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('\n  <optgroup label="{}">', option_value))
                parts.extend(option(sub_value, sub_label) for sub_value, sub_label in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped (format_html, escaped)


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """A ``SelectMultiple`` written out as ``QuickSelect`` writes a select."""
