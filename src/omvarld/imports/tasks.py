"""The import's work, as a function a background job can run: ``run(actor=…, params=…, progress=…)``.

``params`` is plain JSON, so that a job can carry it:

* ``import``: the id of an uploaded file (``models.Import``), or ``path``: a file on the server (the
  command line's dry run);
* ``mapping``: ``{"0": "title", "3": "unit", …}``, the field each column (by position, from 0) fills;
  by default the import's own, or the one the heading suggests (``selectors.suggested_mapping``);
* ``kind`` and ``unit`` (a unit's code): what rows that name no kind or owning unit get; by default the
  import's;
* ``dry_run``: true to check only. A dry run changes nothing in the register (it records, on the import,
  the mapping tried and its counts) and reports every problem by row and column.

A real run checks the file exactly as the dry run does and writes it in one transaction, each step of
rows as soon as it is checked — for a large file checked in a process of its own meanwhile
(``Checker.steps_apart``), so that checking and writing use two cores. When a row has a problem, nothing
more is written, every row is still checked, and the transaction is rolled back: nothing of the file is
kept; the import records that it was refused, and ``ImportRefused`` (an ``ApplicationError``) is raised
with every problem. Run as a job (``imports.jobs``), whose work is rolled back when it fails, the refusal
is recorded by the job's failure path instead (``record_refusal=False``), after the rollback, so that it
is kept. ``progress(done, total, message)`` is called as rows are checked and written. The result is
plain JSON too::

    {"dry_run": true, "file": "medlemskap.csv", "rows": 12, "created": 10, "updated": 1, "unchanged": 1,
     "errors": [{"row": 4, "column": "Land", "message": "…"}], "notices": ["…"],
     "mapping": {"0": "source_id", …}}
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements.export import neutralised
from omvarld.engagements.models import Kind
from omvarld.imports import selectors, services
from omvarld.imports.checking import (
    CHECKED_APART_FROM,
    CREATE,
    UNCHANGED,
    UPDATE,
    Checker,
    Options,
    Plan,
    checking_process,
)
from omvarld.imports.models import Import
from omvarld.imports.reading import Table, check_size, read_table
from omvarld.organisation.models import Unit

Progress = Callable[[int, int, str | None], None]


def no_progress(done: int, total: int, message: str | None = None) -> None:
    """For a caller that shows no progress."""


class ImportRefused(ApplicationError):
    """A real run refused because rows of the file have problems: nothing was written. Carries what the
    import's record keeps of the refusal (``services.import_refused``)."""

    def __init__(self, *, record_id: int | None, rows: int, details: list[ErrorDetail]) -> None:
        super().__init__(_("The file could not be imported; nothing has been changed."), details=details)
        self.record_id, self.rows = record_id, rows


def keep_refusal(*, actor: User | None, refused: ImportRefused) -> None:
    """Record on its import (if it has one) that a run was refused: outside the refused work's transaction."""
    if refused.record_id is None:
        return
    record = Import.objects.filter(pk=refused.record_id).first()
    if record is not None:
        services.import_refused(actor=actor, record=record, rows=refused.rows, errors=len(refused.details))


def _read_path(path: str) -> tuple[str, bytes]:
    file = Path(path)
    try:
        check_size(file.name, file.stat().st_size)
        return file.name, file.read_bytes()
    except FileNotFoundError as error:
        raise ApplicationError(_("The file %(path)s does not exist.") % {"path": path}) from error
    except IsADirectoryError as error:
        raise ApplicationError(_("%(path)s is a folder, not a file.") % {"path": path}) from error
    except PermissionError as error:
        raise ApplicationError(
            _("The file %(path)s may not be read (permission is lacking).") % {"path": path}
        ) from error
    except OSError as error:
        raise ApplicationError(
            _("The file %(path)s could not be read: %(reason)s.")
            % {"path": path, "reason": error.strerror or error}
        ) from error


def _mapping(given: Any) -> dict[int, str]:
    if not isinstance(given, Mapping):
        raise ApplicationError(_("The mapping of columns could not be read."))
    mapping = {}
    for index, name in given.items():
        try:
            mapping[int(index)] = str(name)
        except (TypeError, ValueError):
            raise ApplicationError(_("The mapping of columns could not be read.")) from None
    return {index: name for index, name in mapping.items() if name}


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ApplicationError(
            _("Unknown unit “%(value)s”: write its code (e.g. MHN) or its name.") % {"value": code[:60]}
        )
    return unit


def options_for(
    *, actor: User | None, table: Table, params: Mapping[str, Any], record: Import | None
) -> Options:
    """How to read the file: the mapping and defaults the parameters give, else the import's, else the
    ones the heading suggests."""
    if params.get("mapping") is not None:
        mapping = _mapping(params["mapping"])
    elif record is not None and record.mapping:
        mapping = services.mapping_of(record)
    else:
        mapping = selectors.suggested_mapping(user=actor, table=table)
    kind = params.get("kind", record.kind if record is not None else "") or ""
    if kind and kind not in Kind.values:
        raise ApplicationError(
            _("Unknown kind “%(value)s”; the kinds are: %(kinds)s.")
            % {"value": str(kind)[:40], "kinds": ", ".join(Kind.values)}
        )
    code = params.get("unit")
    unit = _unit(code) if code else (record.unit if record is not None and "unit" not in params else None)
    return Options(mapping=mapping, kind=kind, unit=unit)


def result(*, table: Table, options: Options, plan: Plan, dry_run: bool) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "file": table.file_name,
        "rows": plan.total,
        "created": plan.count(CREATE),
        "updated": plan.count(UPDATE),
        "unchanged": plan.count(UNCHANGED),
        "errors": [error.as_dict() for error in plan.errors],
        "notices": list(table.notices),
        "mapping": {str(index): name for index, name in sorted(options.mapping.items())},
    }


def checked_apart(rows: int, *, found: int = 0) -> bool:
    """Whether a real run of a file of ``rows`` rows checks them in a process of its own while it writes,
    unless told: when ``OMVARLD_BULK_PROCESSES`` allows it and at least ``CHECKED_APART_FROM`` rows are new —
    all of them until the register is read, then those that name none of the ``found`` matters (the
    matters would travel to the process with the checker, for little writing to check beside)."""
    return settings.OMVARLD_BULK_PROCESSES > 0 and rows - found >= CHECKED_APART_FROM


def run(
    *,
    actor: User | None,
    params: Mapping[str, Any],
    progress: Progress = no_progress,
    record_refusal: bool = True,
    check_apart: bool | None = None,
) -> dict[str, Any]:
    """Check a file and, unless ``params["dry_run"]``, import it: all or nothing (see the module).
    ``record_refusal=False``: a refusal is not recorded here (the caller's transaction is rolled back; it
    records it afterwards, with ``keep_refusal``). ``check_apart``: whether a real run's rows are checked
    in a process of their own (default: ``checked_apart``)."""
    record: Import | None = None
    if params.get("import") is not None:
        record = Import.objects.select_related("unit").filter(pk=params["import"]).first()
        if record is None:
            raise ApplicationError(_("There is no such import."), code="not_found", status=404)
        require_actor(actor, Action.CHANGE, record)
        name, content = record.file_name, services.import_content(record)
    elif params.get("path"):
        name, content = _read_path(os.fspath(params["path"]))
    else:
        raise ApplicationError(_("Name the file to import."))
    dry_run = bool(params.get("dry_run"))
    table = read_table(name, content)
    options = options_for(actor=actor, table=table, params=params, record=record)
    rows = len(table.rows)
    if dry_run:
        progress(0, rows, _("Checking the file"))
        plan = Checker(actor=actor, table=table, options=options).check(progress)
        if record is not None:
            services.import_checked(actor=actor, record=record, options=options, plan=plan)
        return result(table=table, options=options, plan=plan, dry_run=True)
    chosen = check_apart is not None
    process = checking_process() if (check_apart if chosen else checked_apart(rows)) else None
    try:
        checker = Checker(actor=actor, table=table, options=options, for_writing=True)
        record_id = record.pk if record is not None else None
        problems = checker.mapping_problems()
        if problems:
            raise ImportRefused(record_id=record_id, rows=rows, details=problems)
        # The register as the rows find it, read before the writing begins (outside its transaction, as
        # a dry run reads it): a matter saved meanwhile refuses the row that changes it (its lock version).
        checker.look_up()
        if process is not None and not chosen and not checked_apart(rows, found=checker.matters_found()):
            # Few rows to write, to check beside: the matters the rows name would travel for nothing.
            process.shutdown(wait=False)
            process = None
        progress(0, 2 * rows, _("Checking the file"))
        steps = checker.steps_apart(process) if process is not None else checker.steps()
        with contextlib.closing(steps), transaction.atomic():
            plan = services.import_write(
                actor=actor,
                steps=steps,
                total=rows,
                mapping=options.mapping,
                record=record,
                progress=progress,
            )
            if plan.errors:  # rolls back what was written before the first problem
                raise ImportRefused(record_id=record_id, rows=rows, details=list(plan.errors))
    except ImportRefused as refused:
        if record_refusal:
            keep_refusal(actor=actor, refused=refused)
        raise
    finally:
        if process is not None:  # the steps shut it down; not if they never began
            process.shutdown()
    progress(2 * rows, 2 * rows, _("Imported"))
    return result(table=table, options=options, plan=plan, dry_run=False)


def problems_file_name(record_id: int) -> str:
    """The name a file of an import's problems is downloaded under."""
    return f"import-{record_id}-fel.csv"


def write_problems(problems: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    """Problems (``ErrorDetail.as_dict()``) as the CSV a user downloads: a byte-order mark for Excel, then
    row, column and problem, separated by semicolons, each cell safe from formula injection."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Row"), _("Column"), _("Problem")])
    for problem in problems:
        writer.writerow(
            [
                problem.get("row") or "",
                neutralised(problem.get("column") or ""),
                neutralised(problem.get("message") or ""),
            ]
        )


def errors_of(outcome: Mapping[str, Any]) -> list[ErrorDetail]:
    """A result's problems, as the errors they were."""
    return [ErrorDetail(**error) for error in outcome.get("errors", [])]
