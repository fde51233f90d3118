"""A background job as its user sees it: what it is, who started it, how far it has come, and what came of it.

The work itself is a task of Django's tasks framework (``jobs.tasks.run_job``, queued in the database and
run by ``omvarld worker``); this row is what the pages show, written by ``jobs.services`` only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omvarld.core.urls import object_url
from omvarld.organisation.models import Unit


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


def job_file_path(job: Job, filename: str) -> str:
    """Where a job's file is kept in the default storage: by job, under a random name (the name it is
    offered under is kept on the row)."""
    return f"jobs/{job.pk}/{uuid.uuid4().hex}"


class Job(models.Model):
    kind = models.CharField(_("kind of job"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # The unit the job is filed under in the audit log: the starter's, when they work in one unit.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    # How it was asked for (``core.context.Channel``): the work's audit entries carry it.
    channel = models.CharField(_("channel"), max_length=10, default="system")
    # The language of the one who started it: its progress, result and error are worded in it.
    language = models.CharField(_("language"), max_length=10, default="sv")
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    progress_done = models.PositiveBigIntegerField(_("done"), default=0)
    progress_total = models.PositiveBigIntegerField(_("of"), null=True, blank=True)
    progress_message = models.CharField(_("progress"), max_length=300, blank=True)

    summary = models.TextField(_("result"), blank=True)
    result = models.JSONField(_("figures"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)

    created_at = models.DateTimeField(_("started"), default=timezone.now)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["started_by", "id"], name="job_started_by")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="job_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("jobs:job_detail", self.pk)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
