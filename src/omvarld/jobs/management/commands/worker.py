from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import CommandParser
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError
from omvarld.jobs.services import job_recover


def _positive(value: str) -> float:
    number = float(value)
    if not number >= 0:  # also refuses NaN
        raise ValueError(value)
    return number


class Command(OmvarldCommand):
    help = gettext_lazy(
        "Run background jobs (re-assessing the register, large exports, imports) as they are queued, until "
        "stopped (Ctrl-C or SIGTERM lets the running job finish). Run one per machine under systemd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=_positive,
            default=1.0,
            help=gettext_lazy(
                "seconds to wait before looking for work again when the queue is empty (default 1)"
            ),
        )
        parser.add_argument(
            "--batch", action="store_true", help=gettext_lazy("run the jobs queued now, then exit")
        )
        parser.add_argument(
            "--max-jobs", type=int, default=None, help=gettext_lazy("exit after this many jobs")
        )
        parser.add_argument(
            "--worker-id", default=None, help=gettext_lazy("a name for this worker (default: random)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise ApplicationError(
                _(
                    "Background jobs run at once where they are started (OMVARLD_TASKS=immediate), so there "
                    "is nothing for a worker to do. Unset OMVARLD_TASKS to queue them for the worker."
                )
            )
        max_jobs = options["max_jobs"]
        if max_jobs is not None and max_jobs < 1:
            raise ApplicationError(_("--max-jobs must be at least 1."))
        worker_id = (options["worker_id"] or get_random_string(32))[:64]
        for name in ("django_tasks_db", "django.tasks"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.INFO if options["verbosity"] else logging.WARNING)
        for job in job_recover(worker_id=worker_id):
            self.stderr.write(
                _("Job %(id)s was stopped when this worker last stopped; it is marked as failed.")
                % {"id": job.pk}
            )
        self.stdout.write(_("The worker %(id)s runs background jobs (Ctrl-C stops it).") % {"id": worker_id})
        worker = Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=max_jobs,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not options["batch"]:
            # The first Ctrl-C or SIGTERM lets the running job finish; a second one stops it (rolled back).
            worker.configure_signals()
        worker.run()
