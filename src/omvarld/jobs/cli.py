"""Starting a background job from a command (``omvarld reassess``, and the imports to come)::

    class Command(OmvarldCommand):
        def add_arguments(self, parser):
            add_wait_argument(parser)

        def handle(self, *args, **options):
            start_from_command(self, kind="register.reassess", params={}, wait=options["wait"])

The job is started as the system (a command run on the server is trusted, as every command is). Without
``--wait`` the command says where to follow the job and returns; with it, it shows the job's progress on
standard error until it ends, prints its result, and exits with code 2 if it failed (the Swedish message
is the job's).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from omvarld.core.commands import gettext_lazy
from omvarld.core.errors import ApplicationError
from omvarld.jobs import progress, services
from omvarld.jobs.models import Job, JobStatus

POLL_SECONDS = 1.0


def add_wait_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--wait",
        action="store_true",
        help=gettext_lazy("wait until the job has ended, showing its progress (default: return)"),
    )


def wait_for(
    job: Job,
    *,
    told: Callable[[progress.State], None],
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Job:
    """Wait until ``job`` ends, telling ``told`` each new state of its progress; the job as it ended."""
    last: progress.State | None = None
    while True:
        job.refresh_from_db()
        state = progress.current(job)
        if state != last:
            told(state)
            last = state
        if job.is_finished:
            return job
        sleep(interval)


def _line(job: Job, state: progress.State) -> str:
    if job.status == JobStatus.QUEUED:
        return _("Queued: waiting for the worker (omvarld worker).")
    figures = f"{state.done}/{state.total} ({state.percent} %)" if state.total else ""
    return " ".join(part for part in (figures, state.message) if part)


def start_from_command(
    command: BaseCommand, *, kind: str, params: Mapping[str, Any], wait: bool, interval: float = POLL_SECONDS
) -> Job:
    """Start a job of ``kind`` as the system and report on it (see the module's documentation)."""
    job = services.job_start(None, kind=kind, params=params)
    command.stderr.write(_("Job %(id)s started: %(title)s") % {"id": job.pk, "title": job.title})
    if not job.is_finished and not wait:
        command.stderr.write(
            _(
                "It runs in the background (omvarld worker); follow it at /jobs/%(id)s/, or start it with "
                "--wait."
            )
            % {"id": job.pk}
        )
        return job
    if not job.is_finished:
        job = wait_for(job, told=lambda state: command.stderr.write(_line(job, state)), interval=interval)
    if job.status == JobStatus.FAILED:
        raise ApplicationError(job.error)
    command.stdout.write(job.summary)
    return job
