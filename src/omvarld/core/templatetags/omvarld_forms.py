"""``{% form_field field %}``: a form field with its label, help text and errors, written in Python.

It writes exactly what ``includes/form_field.html`` writes (``tests/core/test_form_field_tag.py`` renders
both for every kind of field and state): list pages render their filter form of a dozen fields on every
view, and a template per field was most of that form's time.

``{% filter_fields filterset %}`` writes a list's filter form's fields so, and keeps what it wrote: the
same form with the same values asked, in the same language and with the same choices, is written once.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django import template
from django.forms import BoundField, Form, MultiWidget
from django.forms.models import ModelChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from omvarld.core.escaping import escaped

register = template.Library()

REQUIRED = ' <span class="required" aria-hidden="true">*</span>'


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    auto_id = escaped(field.auto_id)
    errors = field.errors
    help_text = field.help_text
    required = REQUIRED if field.field.required else ""
    help_html = f'<p class="help" id="{auto_id}_helptext">{escaped(help_text)}</p>' if help_text else ""
    errors_html = ""
    if errors:
        hidden = '<span class="visually-hidden">' + escaped(gettext("Error:")) + " </span>"
        errors_html = (
            f'<div class="error" id="{auto_id}_error">'
            + "".join(f"<p>{hidden}{escaped(error)}</p>" for error in errors)
            + "</div>"
        )
    error_class = " field--error" if errors else ""
    body = f"\n  {help_html}\n  {errors_html}\n  {field}\n"
    if field.use_fieldset:
        described = f' aria-describedby="{auto_id}_helptext"' if help_text else ""
        html = (
            f'\n\n<fieldset class="field{error_class}"{described}>\n'
            f"  <legend>{escaped(field.label)}{required}</legend>{body}</fieldset>\n\n"
        )
    else:
        html = (
            f'\n\n<div class="field{error_class}">\n'
            f'  <label for="{auto_id}">{escaped(field.label)}{required}</label>{body}</div>\n\n'
        )
    return mark_safe(html)  # noqa: S308 - every value is escaped above; the field's HTML is Django's


# The filter forms written, by what their HTML depends on (see ``_written_key``). Bounded: emptied when
# full, as a text typed into a search makes a new entry each time.
_WRITTEN: dict[Hashable, SafeString] = {}
WRITTEN_LIMIT = 256


@register.simple_tag
def filter_fields(filterset: Any) -> SafeString:
    """The fields of ``filterset``'s form, each as ``{% form_field %}`` writes it.

    A list page shows its filter form on every view, mostly with the same few values asked, and writing
    its dozen fields — two of them lists of every unit — was a fifth of the page's time. What a form
    writes depends only on its class, its fields, the values asked for them, the language and the
    choices; a form whose every part is known so is written once and then taken from ``_WRITTEN``.
    """
    form: Form = filterset.form
    key = _written_key(type(filterset), form)
    if key is None:
        return _write(form)
    written = _WRITTEN.get(key)
    if written is None:
        if len(_WRITTEN) >= WRITTEN_LIMIT:
            _WRITTEN.clear()
        written = _WRITTEN[key] = _write(form)
    return written


def _write(form: Form) -> SafeString:
    return mark_safe("".join(form_field(field) for field in form))  # noqa: S308 - form_field escapes


def _written_key(owner: type, form: Form) -> Hashable | None:
    """What the form's HTML depends on, or ``None`` when that is not known from the form alone (a field
    whose choices come from a query set, a widget of several inputs, a value computed when shown, values
    that are not text)."""
    data = form.data
    getlist = getattr(data, "getlist", None)
    asked: list[Hashable] = [owner, get_language(), form.is_bound, form.prefix]
    for name, field in form.fields.items():
        if isinstance(field.widget, MultiWidget) or callable(field.initial):
            return None
        in_data = form.add_prefix(name)
        asked.append((name, tuple(getlist(in_data)) if getlist is not None else (data.get(in_data),)))
        choices: Any = getattr(field, "choices", None)
        if isinstance(choices, ModelChoiceIterator):
            return None  # a model's rows, read when the field is written
        # django-filter keeps the field's own choices in an iterator that adds the empty choice; Django
        # keeps a function's in one that calls it.
        source = getattr(choices, "choices", getattr(choices, "choices_func", choices))
        if source is None or isinstance(source, list | tuple):
            continue  # none, or the same for every view (their labels in the language of the key)
        # Read when written (a function's, such as the units as they stand): as they are now.
        called = callable(source) and not isinstance(source, type)  # not a Choices class
        asked.append(_frozen(tuple(source() if called else choices)))
    key = tuple(asked)
    try:
        hash(key)
    except TypeError:
        return None  # a form given values that are not text (a dict of lists)
    return key


def _frozen(choices: tuple[Any, ...]) -> Hashable:
    """Choices as a key: pairs of a value and a label, or of a group's name and its choices, with each
    translated label as the text it shows now (a lazy one would hash by whatever language is active)."""
    return tuple(
        (value, _frozen(tuple(label)) if isinstance(label, list | tuple) else _text(label))
        for value, label in choices
    )


def _text(label: Any) -> Hashable:
    return str(label) if isinstance(label, Promise) else label
