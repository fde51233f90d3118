"""The kinds of background job: plain functions, each registered once by the app whose work it is.

An app declares its kinds in a module named ``jobs.py`` (Django finds it at start-up, as the admin finds
``admin.py``)::

    from omvarld.jobs.registry import JobResult, register

    @register(
        "register.reassess",                               # the kind's name: <area>.<what>
        title=_("Re-assess the register"),
        permission=(Action.CREATE, StoredAssessment),      # asked of the permission point at start and run
        form=ReassessForm,                                 # the start page's form (optional)
        clean=reassess_params,                             # params → params, or ApplicationError (optional)
    )
    def reassess(*, actor, params, progress) -> JobResult:
        for done, batch in enumerate(batches, start=1):
            ...
            progress(done, total, _("Assessing the matters waiting for a decision"))
        return JobResult(summary=_("%(n)s matters were assessed.") % {"n": n}, data={"assessed": n})

and it is started, by a page, a command or another service, with
``jobs.services.job_start(actor, kind="register.reassess", params={})``.

What a kind's function may count on, and must keep:

* it runs in a database transaction: what it writes is kept only if it returns. To fail, raise
  ``ApplicationError`` with a Swedish message (marked with ``gettext``), which the job's page shows; any
  other exception fails the job too, with a general message, and its traceback goes to the log only;
* ``actor`` is the user who started the job (``None`` for the system: a command run on the server), whose
  permission is asked again when the job runs; ``params`` are the JSON parameters ``clean`` returned;
* ``progress(done, total, message=None)`` tells how far it has come (cheap: written at most twice a
  second), in the language of the user who started the job;
* it returns a ``JobResult``: a sentence for the job's page, counts as JSON (``data``), and optionally a
  file it wrote (``JobFile``: a file from ``scratch_file()``, which the job's runner moves into the default
  storage and offers for download; scratch files are removed when the job ends, whatever the outcome);
* what a failure means for the kind's own records (an import refused for its rows' problems is marked
  refused) cannot be written by the function, whose transaction is rolled back: the kind's ``failed``
  (``failed(actor=…, params=…, error=…)``, optional) writes it, after the rollback, in the transaction
  that records the job's failure. It is called for an ``ApplicationError`` only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.conf import settings
from django.utils.functional import Promise

from omvarld.core.permissions import Action, Target, User

if TYPE_CHECKING:
    from omvarld.jobs.models import Job


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str | None = None) -> None: ...


@dataclass(frozen=True)
class JobFile:
    """A file a job made: ``path`` is a temporary file, moved into the default storage by the runner."""

    path: Path
    name: str
    content_type: str


@dataclass(frozen=True)
class JobResult:
    """What a job gives back: one sentence for its page, counts as JSON, and perhaps a file."""

    summary: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    file: JobFile | None = None


Run = Callable[..., JobResult]
Clean = Callable[[User | None, Mapping[str, Any]], dict[str, Any]]
# ``failed(actor=…, params=…, error=…)``: what a kind records of its failure, after its work was rolled back.
Failed = Callable[..., None]
# ``subject(user, job)``: the page the job's work belongs to (its label and address) if ``user`` may see
# it — an import's page, the what-if's result — linked from the job's own page; ``None`` for none.
Subject = Callable[[User, "Job"], tuple[str, str] | None]


def _no_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    return dict(params)


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str | Promise
    run: Run
    permission: tuple[Action, Target]
    description: str | Promise = ""
    form: type[forms.Form] | None = None
    clean: Clean = _no_params
    # The job's title from its parameters ("Export of the register as XLSX"); the kind's title otherwise.
    describe: Callable[[Mapping[str, Any]], str] | None = None
    failed: Failed | None = None
    subject: Subject | None = None
    # Started from the jobs' own page (``/jobs/new/<kind>/``); False for a job that a page of its own
    # starts with what only that page knows (an import's file, a what-if's versions).
    started_here: bool = True

    def title_for(self, params: Mapping[str, Any]) -> str:
        return self.describe(params) if self.describe is not None else str(self.title)


KINDS: dict[str, JobKind] = {}


def register(
    name: str,
    *,
    title: str | Promise,
    permission: tuple[Action, Target],
    description: str | Promise = "",
    form: type[forms.Form] | None = None,
    clean: Clean | None = None,
    describe: Callable[[Mapping[str, Any]], str] | None = None,
    failed: Failed | None = None,
    subject: Subject | None = None,
    started_here: bool = True,
) -> Callable[[Run], Run]:
    """Register the decorated function as the kind of job ``name`` (see the module's documentation)."""

    def decorate(run: Run) -> Run:
        if name in KINDS and KINDS[name].run is not run:
            raise ValueError(f"The job kind {name} is registered twice.")
        KINDS[name] = JobKind(
            name=name,
            title=title,
            run=run,
            permission=permission,
            description=description,
            form=form,
            clean=clean or _no_params,
            describe=describe,
            failed=failed,
            subject=subject,
            started_here=started_here,
        )
        return run

    return decorate


def get(name: str) -> JobKind | None:
    return KINDS.get(name)


# --- Scratch files --------------------------------------------------------------------------------------

_SCRATCH: ContextVar[list[Path] | None] = ContextVar("omvarld_job_scratch", default=None)


def scratch_file(suffix: str = "") -> Path:
    """A new, empty file for a job to write to, in the data directory (not the system's temporary folder,
    which may be small): removed when the job ends, unless it is the job's ``JobFile``, which is moved into
    the default storage instead."""
    folder = Path(settings.DATA_DIR) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=suffix, dir=folder)
    os.close(handle)
    path = Path(name)
    made = _SCRATCH.get()
    if made is not None:
        made.append(path)
    return path


@contextlib.contextmanager
def scratch_scope() -> Iterator[None]:
    """The files ``scratch_file`` makes within this block are removed when it ends (the job's runner)."""
    made: list[Path] = []
    token = _SCRATCH.set(made)
    try:
        yield
    finally:
        _SCRATCH.reset(token)
        for path in made:
            path.unlink(missing_ok=True)
