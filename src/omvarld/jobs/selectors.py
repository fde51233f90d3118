"""Reading background jobs, restricted to what the user may see (their own; the coordinator's and the
administrator's reach is everyone's)."""

from __future__ import annotations

from django.db.models import QuerySet

from omvarld.accounts.permissions import Action, User, can, restrict
from omvarld.jobs.models import Job


def job_list(*, user: User) -> QuerySet[Job]:
    """The jobs the user may see, newest first, each with who started it and its unit."""
    return restrict(Job.objects.all(), user, Action.VIEW).select_related("started_by", "unit").order_by("-pk")


def job_for(*, user: User, pk: int) -> Job | None:
    return job_list(user=user).filter(pk=pk).first()


def sees_others_jobs(*, user: User) -> bool:
    """Whether the user may see jobs other people started (a job of nobody's stands for them)."""
    return can(user, Action.VIEW, Job(started_by_id=None))
