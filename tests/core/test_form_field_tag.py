"""``{% form_field %}`` writes exactly what the ``includes/form_field.html`` template writes."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe


class EveryKind(forms.Form):
    text = forms.CharField(label="Titel & <rubrik>", help_text='Skriv "kort"')
    optional = forms.CharField(label="Frivillig", required=False)
    number = forms.IntegerField(label="År", min_value=1900, help_text=mark_safe("<em>fyra</em> siffror"))
    choice = forms.ChoiceField(label="Slag", choices=[("a", "A & B"), ("b", "<b>")])
    many = forms.MultipleChoiceField(
        label="Mål", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, help_text="Välj"
    )
    radio = forms.ChoiceField(label="Väg", choices=[("1", "Ett")], widget=forms.RadioSelect, required=False)
    flag = forms.BooleanField(label="Klar", required=False)
    day = forms.DateField(label="Dag", required=False)
    notes = forms.CharField(label="Anteckning", widget=forms.Textarea, required=False)

    def clean(self) -> dict[str, object]:
        self.add_error("text", "Ett andra <fel> & mer")
        return self.cleaned_data


DATA = [
    None,  # unbound
    {},  # every required field missing
    {"text": "x" * 3, "number": "1800", "choice": "c", "many": ["z"], "day": "igår"},
    {"text": "Resa", "number": "2026", "choice": "a", "many": ["x"], "flag": "on", "notes": "<p>"},
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("data", DATA, ids=["unbound", "empty", "errors", "valid"])
def test_the_tag_writes_what_the_template_writes_for_every_field(data, language) -> None:
    with translation.override(language):
        form = EveryKind(data)
        tag = Template("{% load omvarld_forms %}{% form_field field %}")
        for field in form:
            expected = render_to_string("includes/form_field.html", {"field": field})
            assert tag.render(Context({"field": field})) == expected, field.name


def test_errors_are_escaped_and_labelled_for_screen_readers() -> None:
    form = EveryKind({"text": "Resa"})
    html = Template("{% load omvarld_forms %}{% form_field field %}").render(Context({"field": form["text"]}))
    assert "Ett andra &lt;fel&gt; &amp; mer" in html
    assert '<span class="visually-hidden">Fel: </span>' in html
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
