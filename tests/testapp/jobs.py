"""Kinds of background job that exist only for the tests, registered as an app registers its own (found
by ``omvarld.jobs`` at start-up, since the test app is installed in the test settings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from omvarld.accounts.permissions import Action, User
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.jobs.registry import JobFile, JobResult, Progress, register, scratch_file
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import counterpart_create

# The steps a job of these kinds has taken in this process (a test reads them to know it ran).
RAN: list[str] = []


class CountForm(forms.Form):
    count = forms.IntegerField(label="Antal")


def _count(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    count = params.get("count")
    if not isinstance(count, int) or count < 0:
        raise ApplicationError(
            "Jobbet kunde inte startas.", details=[ErrorDetail("Ange ett antal från 0.", field="count")]
        )
    return {"count": count, "fail": bool(params.get("fail")), "refuse": bool(params.get("refuse"))}


@register(
    "test.counterparts",
    title="Skapa motparter",
    permission=(Action.CREATE, Counterpart),
    form=CountForm,
    clean=_count,
    describe=lambda params: f"Skapa {params['count']} motparter",
)
def make_counterparts(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    """Creates ``count`` counterparts through their service, one step of progress each, and writes their
    names to a file; then, when asked, fails: with ``refuse`` as a refusal, with ``fail`` as a bug."""
    count = params["count"]
    names = []
    for number in range(1, count + 1):
        counterpart = counterpart_create(
            actor=actor, name=f"Testmotpart {number}", type="city", country="FI", city="Åbo"
        )
        names.append(counterpart.name)
        progress(number, count, _("Creating counterparts"))
        RAN.append(counterpart.name)
    if params["refuse"]:
        raise ApplicationError("Motparterna får inte skapas i dag.")
    if params["fail"]:
        raise ZeroDivisionError("a bug in the job, with its traceback for the log only")
    path = scratch_file(".txt")
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    return JobResult(
        summary=f"{count} motparter skapades.",
        data={"created": count},
        file=JobFile(path=path, name="motparter.txt", content_type="text/plain; charset=utf-8"),
    )
