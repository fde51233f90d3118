"""What the strategy app does when the register stores an assessment (``engagements.signals``): the register
sits below this app and does not import it. The receiver stays thin: it calls the service."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from omvarld.engagements import signals
from omvarld.engagements.models import StoredAssessment
from omvarld.strategy.services import citations_index, citations_index_batch


@receiver(signals.assessment_stored, dispatch_uid="omvarld.strategy.assessment_stored")
def index_citations(sender: Any, assessment: StoredAssessment, **kwargs: Any) -> None:
    citations_index(assessment=assessment)


@receiver(signals.assessments_stored_in_bulk, dispatch_uid="omvarld.strategy.assessments_stored_in_bulk")
def index_citations_in_bulk(sender: Any, cited: dict[int, tuple[int, frozenset[str]]], **kwargs: Any) -> None:
    citations_index_batch(cited=cited)
