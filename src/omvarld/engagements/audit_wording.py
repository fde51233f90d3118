"""How the audit log words the codes the register's events store in their data: the outcome of an
assessment or a decision, the deciding body, a review's decision (``audit.presentation.word_data``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from omvarld.audit import events
from omvarld.audit.presentation import name_of, word_data
from omvarld.engagements.labels import body_label, outcome_label
from omvarld.engagements.models import DecisionOutcome, ReviewDecision
from omvarld.organisation.models import Unit


def _choices(choices: Any) -> Mapping[Any, str]:
    return {value: str(label) for value, label in choices.choices}


@word_data(events.ENGAGEMENT_SUBMITTED.name, "outcome")
def _assessed(values: Collection[Any]) -> Mapping[Any, str]:
    return {value: outcome_label(str(value)) for value in values}


@word_data(events.ENGAGEMENT_SUBMITTED.name, "decided_by")
def _named_by_the_policy(values: Collection[Any]) -> Mapping[Any, str]:
    return {value: body_label(str(value)) for value in values}


@word_data(events.ENGAGEMENT_DECIDED.name, "outcome")
def _decided(values: Collection[Any]) -> Mapping[Any, str]:
    return _choices(DecisionOutcome)


@word_data(events.ENGAGEMENT_DECIDED.name, "decided_by")
def _body(values: Collection[Any]) -> Mapping[Any, str]:
    # The body that decided, stored by its unit's code: named as the unit is (one query for the page).
    return {unit.code: name_of(unit) for unit in Unit.objects.filter(code__in=[str(v) for v in values])}


@word_data(events.MEMBERSHIP_REVIEW_RECORDED.name, "decision")
def _reviewed(values: Collection[Any]) -> Mapping[Any, str]:
    return _choices(ReviewDecision)
