"""A service's refusal lands on the form: each detail by its field, the others above the form."""

from __future__ import annotations

from django import forms

from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.core.form_views import add_service_errors


class PlaceForm(forms.Form):
    name = forms.CharField()
    country_code = forms.CharField()


def _bound() -> PlaceForm:
    form = PlaceForm({"name": "Riga", "country_code": "LV"})
    assert form.is_valid()
    return form


def test_each_detail_goes_to_its_field_and_the_rest_above_the_form() -> None:
    form = _bound()
    error = ApplicationError(
        "Kunde inte sparas.",
        details=[
            ErrorDetail("Namnet är upptaget.", field="name"),
            ErrorDetail("Staden finns inte.", field="city"),  # no such field on the form
            ErrorDetail("Något annat."),
        ],
    )
    add_service_errors(form, error)
    assert form.errors["name"] == ["Namnet är upptaget."]
    assert form.non_field_errors() == ["Staden finns inte.", "Något annat."]
    assert form["name"].value() == "Riga"  # what the user typed stays


def test_a_refusal_without_details_is_shown_above_the_form() -> None:
    form = _bound()
    add_service_errors(form, ApplicationError("Du har inte behörighet att göra detta."))
    assert form.non_field_errors() == ["Du har inte behörighet att göra detta."]
    assert "name" not in form.errors


def test_a_service_field_the_form_calls_otherwise_is_mapped() -> None:
    form = _bound()
    add_service_errors(
        form,
        ApplicationError("x", details=[ErrorDetail("Ingen landskod.", field="country")]),
        field_names={"country": "country_code"},
    )
    assert form.errors["country_code"] == ["Ingen landskod."]
