"""Reading for the strategy's pages, restricted to what the user may see."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.engagements import selectors as engagement_selectors
from omvarld.engagements.models import Engagement, Lesson, Status
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.selectors import job_list
from omvarld.strategy.models import MatterCitations, PassageSetMember, PolicyDraft


def draft_list(*, user: User) -> QuerySet[PolicyDraft]:
    """The draft policy versions the user may see, newest first."""
    return restrict(PolicyDraft.objects.all(), user, Action.VIEW).select_related("uploaded_by")


def draft_for(*, user: User, pk: int) -> PolicyDraft | None:
    return draft_list(user=user).filter(pk=pk).first()


def matters_citing(*, user: User, passage: str) -> QuerySet[Engagement]:
    """The matters the user may see whose latest stored assessment cites the passage, with their unit (the
    register's rows, in its order)."""
    sets = PassageSetMember.objects.filter(passage=passage).values("passage_set_id")
    cited = MatterCitations.objects.filter(engagement_id=OuterRef("pk"), passage_set_id__in=sets)
    return engagement_selectors.register_rows(user=user).filter(Exists(cited))


# What a lesson shows of its matter.
LESSON_MATTER = ("registration_number", "title")


def lessons_citing(*, user: User, passage: str) -> QuerySet[Lesson]:
    """The lessons learnt in the matters the user may see whose latest stored assessment cites the passage
    (what those who went learnt about the guideline), newest first, each with its matter."""
    matters = matters_citing(user=user, passage=passage).values("pk")
    return (
        Lesson.objects.filter(engagement__in=matters)
        .select_related("engagement")
        .only("text", "subject_area", "recorded_at", *(f"engagement__{name}" for name in LESSON_MATTER))
        .order_by("-recorded_at", "-pk")
    )


def awaiting_decision(*, user: User) -> QuerySet[Engagement]:
    """The submitted matters the user may see, in the order of the strategy's priorities: approvals before
    incomplete matters before rejections, each by its score (``engagements.selectors.QUEUE_ORDER``), with
    the columns the priorities page shows and pages by."""
    waiting = engagement_selectors.register_rows(user=user).filter(status=Status.SUBMITTED)
    shown = (*engagement_selectors.LISTED_FIELDS, "queue_position", "deciding_body__name")
    return waiting.select_related("deciding_body").only(*shown).order_by(*engagement_selectors.QUEUE_ORDER)


def whatif_job(*, user: User, pk: int) -> Job | None:
    """A what-if's background job (``strategy.jobs``), if the user may see it (their own; a coordinator's
    and an administrator's reach is everyone's)."""
    from omvarld.strategy.jobs import WHATIF

    return job_list(user=user).filter(pk=pk, kind=WHATIF).first()


def whatif_result(job: Job) -> dict[str, Any] | None:
    """The result a finished what-if job kept (``whatif.run``'s JSON), or None before it has one."""
    if job.status != JobStatus.SUCCEEDED or not job.file:
        return None
    with job.file.open("rb") as kept:
        result: dict[str, Any] = json.load(kept)
    return result
