"""The import's background job (``omvarld.jobs.registry``): importing an uploaded file, off the request.

The import page starts it (``services.import_start``) once a dry run has found no problem; it runs
``tasks.run`` with the mapping and defaults that dry run recorded on the import, all or nothing, and its
page (and the import's) shows its progress and its counts.

A run refused because rows have problems (the file or the register changed since the dry run) writes
nothing: the job's work is rolled back, and the refusal is recorded on the import by ``failed``, after the
rollback, so that the import says ``REFUSED`` with its count of problems.

The dry run (``tasks.run`` with ``dry_run``) stays in the request, by choice: it writes nothing but the
import's counts, its page lists the problems at once, and the registers the import is for (a unit's or the
city's memberships, trips and agreements) hold hundreds to a few thousand rows, checked in about a second.
A file of more than some 5 000 rows (``OMVARLD_IMPORT_MAX_ROWS`` allows 200 000) would keep the request
waiting too long: such a dry run should become a kind here too (``tasks.run`` already reports its
progress, and its result is plain JSON for the job's ``data``). Not done yet: see the README's imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.accounts.permissions import Action, User, can
from omvarld.core.errors import ApplicationError
from omvarld.imports import tasks
from omvarld.imports.models import Import
from omvarld.jobs.models import Job
from omvarld.jobs.registry import JobResult, Progress, register

RUN: Final = "imports.run"


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _run_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    pk = params.get("import")
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise ApplicationError(_("There is no such import."), code="not_found", status=404)
    return {"import": pk}


def _describe(params: Mapping[str, Any]) -> str:
    record = Import.objects.filter(pk=int(params.get("import") or 0)).only("file_name").first()
    name = record.file_name if record is not None else "–"
    return _("Import of %(file)s") % {"file": name}


def _failed(*, actor: User | None, params: Mapping[str, Any], error: ApplicationError) -> None:
    """A refused run is recorded on its import once the job's work has been rolled back."""
    if isinstance(error, tasks.ImportRefused):
        tasks.keep_refusal(actor=actor, refused=error)


def _subject(user: User, job: Job) -> tuple[str, str] | None:
    """The import's page, for a user who may see the import."""
    record = Import.objects.filter(pk=int(job.params.get("import") or 0)).first()
    if record is None or not can(user, Action.VIEW, record):
        return None
    return _("The import of %(file)s") % {"file": record.file_name}, record.get_absolute_url()


@register(
    RUN,
    title=gettext_lazy("Import a register"),
    description=gettext_lazy(
        "An uploaded file, imported into the register with the mapping of its columns that its last dry run "
        "tried: all rows, or none."
    ),
    permission=(Action.CHANGE, Import),
    clean=_run_params,
    describe=_describe,
    failed=_failed,
    subject=_subject,
)
def import_job(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    outcome = tasks.run(
        actor=actor, params={"import": params["import"]}, progress=progress, record_refusal=False
    )
    counts = {key: outcome[key] for key in ("rows", "created", "updated", "unchanged")}
    summary = _(
        "%(file)s was imported: %(created)s new matters, %(updated)s changed, %(unchanged)s unchanged."
    ) % {
        "file": outcome["file"],
        "created": _number(counts["created"]),
        "updated": _number(counts["updated"]),
        "unchanged": _number(counts["unchanged"]),
    }
    if not counts["created"] and not counts["updated"]:
        summary += " " + _("Nothing was changed: the register already holds every row as the file has it.")
    return JobResult(summary=summary, data={"import": params["import"], **counts})
