"""An assessment (the engine's JSON, stored or fresh) as the pages show it: in Swedish, the passages quoted,
grouped by what the officer has to do about each finding. The engine words its reasons in Swedish only,
as the strategy is written; the page around them follows the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from omvarld import policy
from omvarld.engagements.labels import body_label, outcome_label, requirement_label, verdict_label
from omvarld.engagements.models import Engagement, StoredAssessment

# The order in which findings are shown: what breaks the strategy first, what is fine last.
VERDICT_ORDER = ("not_fulfilled", "needs_info", "fulfilled")


@dataclass
class FindingGroup:
    verdict: str
    label: str
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AssessmentView:
    outcome: str
    outcome_label: str
    decided_by: str
    decided_by_label: str
    decided_by_row: str
    policy: str
    as_of: str
    groups: list[FindingGroup]
    questions: list[dict[str, Any]]
    requirements: list[str]
    warnings: list[str]
    stored: StoredAssessment | None


def form_field_of(path: str | None) -> str | None:
    """The form field that answers a question about ``path`` (``counterpart.city`` → ``counterpart``)."""
    if not path:
        return None
    return path.split(".", 1)[0].split("[", 1)[0]


def assessment_view(
    result: dict[str, Any],
    *,
    stored: StoredAssessment | None = None,
    fields: Iterable[str] | None = None,
) -> AssessmentView:
    """``fields``: the form fields a question may link to (all, when not given)."""
    linkable = set(fields) if fields is not None else None
    groups = {verdict: FindingGroup(verdict, verdict_label(verdict)) for verdict in VERDICT_ORDER}
    for finding in result.get("findings", []):
        group = groups.get(finding["verdict"])
        if group is not None:
            group.findings.append(finding)
    questions = []
    for question in result.get("questions", []):
        field_name = form_field_of(question.get("field"))
        if linkable is not None and field_name not in linkable:
            field_name = None
        questions.append({**question, "form_field": field_name})
    row = result.get("decided_by_row") or {}
    return AssessmentView(
        outcome=result["outcome"],
        outcome_label=outcome_label(result["outcome"]),
        decided_by=result.get("decided_by") or "",
        decided_by_label=body_label(result.get("decided_by")),
        decided_by_row=row.get("label", ""),
        policy=result.get("policy", ""),
        as_of=result.get("as_of", ""),
        groups=[group for group in groups.values() if group.findings],
        questions=questions,
        requirements=[requirement_label(r) for r in result.get("requirements", [])],
        warnings=list(result.get("warnings", [])),
        stored=stored,
    )


@dataclass
class QueueEntry:
    engagement: Engagement
    rank: int
    score: float
    terms: list[dict[str, Any]]


def ranked_queue(engagements: list[Engagement], *, first_rank: int = 1) -> list[QueueEntry]:
    """A page of a queue (in its order, ``selectors.QUEUE_ORDER``), each matter with its rank and the terms
    of its score (``policy.scores``), on the facts of the assessment it was submitted with."""
    facts = [
        engagement.newest_assessments[0].facts  # type: ignore[attr-defined]
        for engagement in engagements
    ]
    if not facts:
        return []
    # The page is in the queue's order already (each matter's place kept with its assessment): only the
    # scores' terms are worked out, not the assessments again.
    return [
        QueueEntry(
            engagement=engagement,
            rank=first_rank + position,
            score=scored.score,
            terms=[term.to_dict() for term in scored.terms],
        )
        for position, (engagement, scored) in enumerate(zip(engagements, policy.scores(facts), strict=True))
    ]
