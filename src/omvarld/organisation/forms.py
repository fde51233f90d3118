from django import forms
from django.utils.translation import gettext_lazy as _

from omvarld.organisation.models import CounterpartType


class CounterpartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=CounterpartType.choices)
    country = forms.CharField(
        label=_("Country code"),
        max_length=2,
        min_length=2,
        help_text=_("Two letters according to ISO 3166-1, e.g. DK for Denmark."),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=200,
        required=False,
        help_text=_("Swedish names work too, e.g. Köpenhamn or Helsingfors."),
    )
