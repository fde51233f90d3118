"""The strategy's background job (``omvarld.jobs.registry``): a what-if across the register, off the request.

The what-if page starts it and then shows its progress, and, when it is done, its result: ``whatif.run``'s
JSON, kept as the job's file (a register of a million matters may change in thousands, each with its
findings and passages: too much for the job's row), with its counts in the job's ``data``. The page and
its CSV and Excel exports read that file (``selectors.whatif_result``) rather than comparing again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.accounts.permissions import Action, User, can
from omvarld.jobs.models import Job
from omvarld.jobs.registry import JobFile, JobResult, Progress, register, scratch_file
from omvarld.strategy import whatif
from omvarld.strategy.resources import WHAT_IF

WHATIF: Final = "strategy.whatif"
CONTENT_TYPE: Final = "application/json"


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _whatif_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    """The two versions and the scope, checked as the comparison checks them (each problem by its field)."""
    a, b, scope = whatif.parameters(params)
    whatif.resolve(a, user=actor, field="a")
    whatif.resolve(b, user=actor, field="b")
    return {"a": a, "b": b, "scope": scope}


def _describe(params: Mapping[str, Any]) -> str:
    return _("What if: %(a)s compared with %(b)s") % {"a": params.get("a", ""), "b": params.get("b", "")}


def _subject(user: User, job: Job) -> tuple[str, str] | None:
    """The what-if page with the job's result, for a user who may use the what-if page."""
    if not can(user, Action.VIEW, WHAT_IF):
        return None
    address = reverse("strategy:whatif") + "?" + urlencode({"job": job.pk})
    return _("The comparison on the what-if page"), address


@register(
    WHATIF,
    title=gettext_lazy("What if"),
    description=gettext_lazy(
        "The register assessed under two policy versions: the matters that would get another outcome or "
        "another deciding body."
    ),
    permission=(Action.VIEW, WHAT_IF),
    clean=_whatif_params,
    describe=_describe,
    subject=_subject,
    started_here=False,
)
def whatif_job(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    result = whatif.run(actor=actor, params=params, progress=progress)
    path = scratch_file(".json")
    with path.open("w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False)
    counts = {key: result[key] for key in ("total", "changed", "requirements_only", "skipped_count")}
    summary = _("%(total)s matters compared; %(changed)s get another outcome or deciding body.") % {
        "total": _number(result["total"]),
        "changed": _number(result["changed"]),
    }
    name = f"vad-om-{result['a']['id']}-{result['b']['id']}.json"
    return JobResult(
        summary=summary,
        data={**params, **counts},
        file=JobFile(path=path, name=name, content_type=CONTENT_TYPE),
    )
