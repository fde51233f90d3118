"""The policy engine's codes as the interface names them, in the reader's language.

The engine words its own output in Swedish (``policy.render``'s ``OUTCOME_SV``, ``VERDICT_SV``,
``REQUIREMENT_SV`` and ``policy.facts.BODY_SV``): a memo quotes the strategy. The web pages name the same
codes in the language the reader chose; in Swedish with exactly the engine's words (a test holds them to
it), so a page and a memo never disagree.
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OUTCOMES: Final[dict[str, Promise]] = {
    "approve": _("In line with the strategy"),
    "incomplete": _("Incomplete: information is missing"),
    "reject": _("Against the strategy"),
}
VERDICTS: Final[dict[str, Promise]] = {
    "fulfilled": _("Fulfilled"),
    "not_fulfilled": _("Not fulfilled"),
    "needs_info": _("Information missing"),
    "not_applicable": _("Does not apply"),
}
BODIES: Final[dict[str, Promise]] = {
    "kommunfullmaktige": _("the city council"),
    "kommunstyrelsen": _("the city executive board"),
    "internationella_beredningen": _("the international committee"),
    "namnd": _("the committee"),
    "bolagsstyrelse": _("the company board"),
}
REQUIREMENTS: Final[dict[str, Promise]] = {
    "minutes_entry": _("an account in the minutes"),
    "travel_report": _("a travel report"),
    "bribery_assessment": _("a bribery assessment"),
    "membership_review": _("a regular review of the membership"),
}


def _label(labels: dict[str, Promise], code: str | None) -> str:
    # A code the interface does not know (a later engine's) is shown as it is rather than hidden.
    return str(labels.get(code or "", code or ""))


def outcome_label(code: str | None) -> str:
    return _label(OUTCOMES, code)


def verdict_label(code: str | None) -> str:
    return _label(VERDICTS, code)


def body_label(code: str | None) -> str:
    """A deciding body the policy names (``kommunstyrelsen``), or a unit's own name as it stands."""
    return _label(BODIES, code)


def requirement_label(code: str | None) -> str:
    return _label(REQUIREMENTS, code)
