"""The one task of Django's tasks framework that Omvärld queues: run a recorded background job.

Its path (``omvarld.jobs.tasks.run_job``) is stored with each queued task, so it must not move.
"""

from __future__ import annotations

from django.tasks import task


@task()
def run_job(job_id: int) -> None:
    from omvarld.jobs.services import job_run

    job_run(job_id=job_id)
