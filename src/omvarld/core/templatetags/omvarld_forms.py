"""``{% form_field field %}``: a form field with its label, help text and errors, written in Python.

It writes exactly what ``includes/form_field.html`` writes (``tests/core/test_form_field_tag.py`` renders
both for every kind of field and state): list pages render their filter form of a dozen fields on every
view, and a template per field was most of that form's time.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
