"""The strategy pages' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omvarld.strategy.services import DRAFT_MAX_BYTES
from omvarld.strategy.whatif import SCOPES, VersionChoice


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the strategy's text"),
        max_length=200,
        required=False,
        help_text=_("Every word must occur in the paragraph; upper or lower case does not matter."),
    )


class WhatIfForm(forms.Form):
    """Two versions to compare the register under, and which matters; read from the query string, so that a
    comparison is a link."""

    a = forms.ChoiceField(label=_("Compare the register under"))
    b = forms.ChoiceField(
        label=_("with"),
        help_text=_("A draft is compared with the register only; it is never applied to a matter."),
    )
    scope = forms.ChoiceField(label=_("Matters"), choices=list(SCOPES.items()), initial="all")

    def __init__(self, *args: Any, choices: list[VersionChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(choice.ref, choice.label) for choice in choices]
        self.fields["a"].choices = options  # type: ignore[attr-defined]
        self.fields["b"].choices = options  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("a") and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", _("Choose two different policy versions to compare."))
        return cleaned


class DraftForm(forms.Form):
    file = forms.FileField(label=_("Policy file (YAML)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A policy version in the format of the shipped ones, at most %(limit)s kB. It may build on a "
            "shipped version (derives_from) and needs an id of its own."
        ) % {"limit": DRAFT_MAX_BYTES // 1024}
