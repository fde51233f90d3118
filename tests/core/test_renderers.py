"""The quick form renderer writes exactly what Django's templates write, and leaves the rest to them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from omvarld.core.renderers import QuickRenderer

DJANGO = DjangoTemplates()
QUICK = QuickRenderer()

CHOICES = [
    ("", "Välj"),
    ("KS", "Kommunstyrelsen"),
    ("MHN", 'Miljö- & hälsoskydds"nämnden" <i>'),
    ("Bolag", [("SSAB", "Stockholms Stadshus AB"), ("SVAB", mark_safe("Vatten <b>&amp;</b> Avfall"))]),
    (7, "Ett tal"),
    (Decimal("1.5"), 2.5),
    ("lazy", gettext_lazy("Search")),
]

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"placeholder": 'Sök "allt" & <mer>', "maxlength": 200, "required": True}),
    forms.NumberInput(attrs={"min": 1900, "max": 2999, "step": 0.5}),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 3}),
    forms.Select(choices=CHOICES),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
]

VALUES = [
    None,
    "",
    "  ",
    "MHN",
    "SSAB",
    7,
    "7",
    True,
    False,
    1.5,
    Decimal("1234.5"),
    ["KS", "SVAB"],
    mark_safe("<b>säker</b>"),
    '<script>"å"</script>',
    datetime.date(2026, 11, 27),
    datetime.datetime(2026, 11, 27, 8, 30, tzinfo=datetime.UTC),
    ("a", "b"),
]


def rendered(widget: forms.Widget, value: object, attrs: dict[str, object] | None, renderer: object) -> str:
    try:
        return widget.render("field", value, attrs=attrs, renderer=renderer)
    except TypeError as exc:  # a value the widget itself cannot take (NullBooleanSelect and a list)
        return f"TypeError: {exc}"


def both(widget: forms.Widget, value: object, attrs: dict[str, object] | None) -> tuple[str, str]:
    return rendered(widget, value, attrs, DJANGO), rendered(widget, value, attrs, QUICK)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_every_widget_is_written_as_djangos_templates_write_it(widget, value, language) -> None:
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext", "disabled": False, "autofocus": True}
    with translation.override(language):
        django_html, quick_html = both(widget, value, attrs)
    assert quick_html == django_html


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
attribute_value = st.one_of(text, st.booleans(), st.integers(), st.floats(allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(st.none(), text, st.integers(), st.lists(text, max_size=3)),
    attrs=st.dictionaries(st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True), attribute_value, max_size=4),
    choices=st.lists(st.tuples(text, text), max_size=5),
)
def test_any_value_attributes_and_choices_are_written_alike(value, attrs, choices) -> None:
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=choices)):
        django_html, quick_html = both(widget, value, attrs)
        assert quick_html == django_html


def test_a_callable_attribute_goes_to_the_template_engine_which_calls_it() -> None:
    django_html, quick_html = both(forms.TextInput(), "x", {"data-x": lambda: "kallad"})
    assert quick_html == django_html == '<input type="text" name="field" value="x" data-x="kallad">'


def test_other_widgets_are_rendered_by_djangos_templates() -> None:
    widget = forms.RadioSelect(choices=CHOICES[:3])
    assert widget.render("field", "KS", renderer=QUICK) == widget.render("field", "KS", renderer=DJANGO)


def test_the_site_renders_its_forms_with_the_quick_renderer() -> None:
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), QuickRenderer)
