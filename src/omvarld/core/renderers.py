"""Django's form renderer, with its commonest widget templates written out in Python.

Every widget Django renders goes through the template engine, and a select through one more template per
option: a list page's filter form of eleven fields spent about a third of the page there
(bench/register_bench.py). ``QuickRenderer`` writes the input, textarea and select templates in Python —
byte for byte what the templates write, which ``tests/core/test_renderers.py`` checks against Django's own
renderer — and hands every other template to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

WIDGETS = "django/forms/widgets/"
SELECT_OPTION = WIDGETS + "select_option.html"


class _NotPlain(Exception):
    """A value the template engine would treat in a way not written out here (it calls callables)."""


def _plain(value: Any) -> Any:
    if callable(value):
        raise _NotPlain
    return value


def _shown(value: Any) -> str:
    """``{{ value }}``: localised, then escaped unless marked safe (``render_value_in_context``)."""
    value = localize(template_localtime(_plain(value)))
    if not isinstance(value, str):
        value = str(value)
    return str(conditional_escape(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` (the filter keeps a safe value safe)."""
    text = stringformat(_plain(value), "s")
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 - was safe


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: False leaves an attribute out, True writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _shown(name))
        if value is not True:
            parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown_value = "" if value is None else ' value="' + _formatted(value) + '"'
    return (
        '<input type="' + _shown(widget["type"]) + '" name="' + _shown(widget["name"]) + '"'
        + shown_value + _attrs(widget["attrs"]) + ">"
    )  # fmt: skip


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    text = _shown(value) if value else ""
    name = _shown(widget["name"])
    return '<textarea name="' + name + '"' + _attrs(widget["attrs"]) + ">\n" + text + "</textarea>"


def _select(widget: Mapping[str, Any]) -> str:
    parts = ['<select name="', _shown(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append('\n  <optgroup label="' + _shown(group_name) + '">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                raise _NotPlain
            parts.append(
                '\n  <option value="' + _formatted(option["value"]) + '"' + _attrs(option["attrs"]) + ">"
                + _shown(option["label"]) + "</option>\n"
            )  # fmt: skip
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    WIDGETS + name + ".html": _input
    for name in (
        "input", "text", "number", "email", "url", "password", "search", "tel", "color",
        "date", "datetime", "time", "hidden", "checkbox",
    )
}  # fmt: skip
_WRITERS[WIDGETS + "textarea.html"] = _textarea
_WRITERS[WIDGETS + "select.html"] = _select


class QuickRenderer(DjangoTemplates):
    """``DjangoTemplates`` that writes inputs, textareas and selects itself (``FORM_RENDERER``)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = _WRITERS.get(template_name)
        widget = context.get("widget")
        if write is not None and isinstance(widget, Mapping):
            try:
                # As Django's renderer, without the leading and trailing white space.
                return SafeString(write(widget).strip())
            except _NotPlain:
                pass
        return super().render(template_name, context, request)
