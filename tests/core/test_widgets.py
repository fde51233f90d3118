"""The quick widgets write exactly what Django's templates write."""

from __future__ import annotations

import pytest
from django import forms

from omvarld.core.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "Välj"),
    ("KS", "Kommunstyrelsen"),
    ("MHN", 'Miljö- & hälsoskydds"nämnden" <i>'),
    ("Bolag", [("SSAB", "Stockholms Stadshus AB"), ("SVAB", "Stockholm Vatten & Avfall")]),
    (7, "Ett tal"),
]


@pytest.mark.parametrize("value", [None, "", "MHN", "SSAB", 7, "finns-inte"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_unit", "aria-describedby": "id_unit_helptext", "required": True, "disabled": False}],
)
def test_a_quick_select_writes_what_djangos_select_writes(value, attrs) -> None:
    django_html = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
    quick_html = QuickSelect(choices=CHOICES).render("unit", value, attrs=attrs)
    assert quick_html == django_html


@pytest.mark.parametrize("value", [None, [], ["KS", "SVAB"], ["7"]])
def test_a_quick_multiple_select_writes_what_djangos_writes(value) -> None:
    django_html = forms.SelectMultiple(choices=CHOICES).render("units", value, attrs={"id": "id_units"})
    quick_html = QuickSelectMultiple(choices=CHOICES).render("units", value, attrs={"id": "id_units"})
    assert quick_html == django_html


def test_a_bound_form_field_renders_its_quick_select_with_the_forms_attributes() -> None:
    class Form(forms.Form):
        unit = forms.ChoiceField(choices=CHOICES[1:3], widget=QuickSelect, help_text="Enheten")

    form = Form({"unit": "nej"})
    html = str(form["unit"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_unit_helptext id_unit_error"' in html
    assert "&lt;i&gt;" in html
