"""The background jobs list's filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omvarld.jobs import registry
from omvarld.jobs.models import Job, JobStatus

MINE, EVERYONE = "mine", "all"


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((name, str(kind.title)) for name, kind in registry.KINDS.items()), key=lambda c: c[1])


class JobFilterSet(django_filters.FilterSet):
    who = django_filters.ChoiceFilter(
        label=_("Started by"),
        choices=[(MINE, _("Me")), (EVERYONE, _("Anyone"))],
        empty_label=None,
        method="started_by",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of job"), choices=kind_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["who", "kind", "status"]

    def __init__(self, *args: Any, sees_others: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sees_others:
            # Everyone else sees only their own jobs: there is nothing to choose.
            del self.filters["who"]

    def started_by(self, queryset: QuerySet[Job], name: str, value: str) -> QuerySet[Job]:
        user = getattr(self.request, "user", None)
        if value == MINE and user is not None:
            return queryset.filter(started_by_id=user.pk)
        return queryset
