"""An import: the file uploaded, how its columns map to the register's fields, and what became of it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omvarld.core.urls import object_url
from omvarld.engagements.models import Engagement, Kind
from omvarld.jobs.models import Job
from omvarld.organisation.models import Unit


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKED = "checked", _("Tried without errors")
    REJECTED = "rejected", _("Tried, with errors")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused")


def import_path(record: Import, filename: str) -> str:
    """Where an uploaded file is kept in the data directory's storage: under a random name (the name it
    was given is kept on the row), never under the site's URLs."""
    return f"imports/{uuid.uuid4().hex}"


class Import(models.Model):
    """A file uploaded to be imported into the register, with the mapping of its columns and the counts
    of its last run. The file is kept as it was uploaded, so that what was imported can be shown later.

    ``unit`` and ``kind`` are what rows that name no owning unit or kind get; the import is filed under
    ``unit`` for the permission point (an import without one is a city-wide coordinator's).
    """

    file = models.FileField(_("file"), upload_to=import_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning unit"),
        help_text=_("The owning unit of the rows that name none."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("The kind of the rows that name none."),
    )
    # The file's columns (by position, from 0) that are read, each with the field it fills.
    mapping = models.JSONField(_("mapping of columns"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created = models.PositiveIntegerField(_("new matters"), null=True, blank=True)
    updated = models.PositiveIntegerField(_("changed matters"), null=True, blank=True)
    unchanged = models.PositiveIntegerField(_("unchanged matters"), null=True, blank=True)
    errors = models.PositiveIntegerField(_("errors"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    finished_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # The background job of its latest real run (``imports.jobs``): its page shows the job's progress and
    # result. Earlier runs' jobs (a refused one) are found by their parameters (``selectors.import_jobs``).
    job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background job"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} (#{self.pk})"

    def get_absolute_url(self) -> str:
        return object_url("imports:import_detail", self.pk)


class ImportKey(models.Model):
    """A row's own id in an imported file (the number the matter had in the register it came from), and
    the matter it was imported as: importing the file again finds the matter by it and changes nothing,
    or only what the file changes. Written with the audited registration it belongs to, in its
    transaction; the file it came from is kept with its import."""

    key = models.CharField(_("id in the file"), max_length=200, unique=True)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="import_keys", verbose_name=_("engagement")
    )
    first_import = models.ForeignKey(
        Import,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="keys",
        verbose_name=_("first imported by"),
    )

    class Meta:
        verbose_name = _("import key")
        verbose_name_plural = _("import keys")

    def __str__(self) -> str:
        return self.key
