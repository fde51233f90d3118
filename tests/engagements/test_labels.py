"""The engine's codes named in the reader's language: in Swedish exactly as the engine words them."""

from __future__ import annotations

import pytest
from django.utils import translation

from omvarld.engagements import labels
from omvarld.policy.facts import BODY_SV
from omvarld.policy.render import OUTCOME_SV, REQUIREMENT_SV, VERDICT_SV

PAIRS = [
    (labels.OUTCOMES, OUTCOME_SV),
    (labels.VERDICTS, VERDICT_SV),
    (labels.BODIES, BODY_SV),
    (labels.REQUIREMENTS, REQUIREMENT_SV),
]


@pytest.mark.parametrize(("named", "engine"), PAIRS)
def test_every_code_the_engine_words_is_named_and_in_swedish_as_the_engine_words_it(named, engine) -> None:
    assert set(named) == set(engine)
    with translation.override("sv"):
        assert {code: str(label) for code, label in named.items()} == engine


@pytest.mark.parametrize(("named", "engine"), PAIRS)
def test_in_english_each_code_is_named_in_english(named, engine) -> None:
    with translation.override("en"):
        for code, label in named.items():
            assert str(label) != engine[code] or engine[code].isascii()
            assert str(label).isascii()


def test_a_code_the_interface_does_not_know_is_shown_as_it_is() -> None:
    assert labels.outcome_label("postpone") == "postpone"
    assert labels.body_label("Miljö- och hälsoskyddsnämnden") == "Miljö- och hälsoskyddsnämnden"
    assert labels.body_label(None) == ""
