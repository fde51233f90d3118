"""The import's background job (``omvarld.jobs.registry``): importing an uploaded file, off the request.

The import page starts it (``services.import_start``) once a dry run has found no problem; it runs
``tasks.run`` with the mapping and defaults that dry run recorded on the import, all or nothing, and its
page (and the import's) shows its progress and its counts.

A run refused because rows have problems (the file or the register changed since the dry run) writes
nothing: the job's work is rolled back, and the refusal is recorded on the import by ``failed``, after the
rollback, so that the import says ``REFUSED`` with its count of problems.

The dry run of a large file is a job too (``CHECK``): a file of more rows than
``OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS`` (5 000) is checked off the request, and its result — the counts,
the first problems and how many there are — is kept in the job's ``data`` for the import's page, and every
problem in the job's file (the CSV the page offers, so the file is not checked again for it). A smaller
file is checked in the request (``views.ImportDetailView``), so that its page lists the problems at once.
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
from omvarld.jobs.registry import JobFile, JobResult, Progress, register, scratch_file

RUN: Final = "imports.run"
CHECK: Final = "imports.check"
# The problems a page lists, and a check job keeps for it (every one is in the CSV of problems).
PROBLEMS_KEPT: Final = 500


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _run_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    pk = params.get("import")
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise ApplicationError(_("There is no such import."), code="not_found", status=404)
    return {"import": pk}


def _check_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    """The import, and the mapping, kind and unit to try (plain JSON, as ``tasks.run`` reads them)."""
    cleaned = _run_params(actor, params)
    mapping = params.get("mapping")
    if not isinstance(mapping, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()
    ):
        raise ApplicationError(_("The mapping of the columns is missing."))
    kind, unit = params.get("kind", ""), params.get("unit", "")
    if not isinstance(kind, str) or not isinstance(unit, str):
        raise ApplicationError(_("The mapping of the columns is missing."))
    return {**cleaned, "mapping": mapping, "kind": kind, "unit": unit}


def _file_name(params: Mapping[str, Any]) -> str:
    record = Import.objects.filter(pk=int(params.get("import") or 0)).only("file_name").first()
    return record.file_name if record is not None else "–"


def _describe(params: Mapping[str, Any]) -> str:
    return _("Import of %(file)s") % {"file": _file_name(params)}


def _describe_check(params: Mapping[str, Any]) -> str:
    return _("Dry run of %(file)s") % {"file": _file_name(params)}


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
    started_here=False,
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


@register(
    CHECK,
    title=gettext_lazy("Try an import"),
    description=gettext_lazy(
        "An uploaded file, checked row by row with a mapping of its columns, as a dry run: every problem by "
        "row and column, and what importing it would do. Nothing is imported."
    ),
    permission=(Action.CHANGE, Import),
    clean=_check_params,
    describe=_describe_check,
    subject=_subject,
    started_here=False,
)
def check_job(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    outcome = tasks.run(actor=actor, params={**params, "dry_run": True}, progress=progress)
    errors = outcome["errors"]
    if errors:
        summary = _("The dry run of %(file)s found %(count)s problems in %(rows)s rows.") % {
            "file": outcome["file"],
            "count": _number(len(errors)),
            "rows": _number(outcome["rows"]),
        }
    else:
        summary = _(
            "The dry run of %(file)s found no problems in %(rows)s rows: importing it registers %(created)s "
            "new matters, changes %(updated)s and leaves %(unchanged)s as they are."
        ) % {
            "file": outcome["file"],
            "rows": _number(outcome["rows"]),
            "created": _number(outcome["created"]),
            "updated": _number(outcome["updated"]),
            "unchanged": _number(outcome["unchanged"]),
        }
    kept = {key: outcome[key] for key in ("rows", "created", "updated", "unchanged", "notices")}
    problems = None
    if errors:  # every problem, for the page's download (it keeps the first PROBLEMS_KEPT)
        path = scratch_file(".csv")
        with path.open("w", encoding="utf-8", newline="") as out:
            tasks.write_problems(errors, out)
        name = tasks.problems_file_name(params["import"])
        problems = JobFile(path=path, name=name, content_type="text/csv; charset=utf-8")
    return JobResult(
        summary=summary,
        data={
            "import": params["import"],
            "dry_run": True,
            **kept,
            "errors": errors[:PROBLEMS_KEPT],
            "error_count": len(errors),
        },
        file=problems,
    )
