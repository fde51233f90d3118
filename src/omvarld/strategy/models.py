"""Draft policy versions for a what-if, and the index of the passages that the register's assessments cite."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omvarld.core.urls import object_url
from omvarld.engagements.models import Engagement, StoredAssessment


class PolicyDraft(models.Model):
    """A policy version that is not adopted, uploaded as YAML to see what it would change (a what-if).

    Validated by the policy engine's loader when it is uploaded (``policy.loader.load_text``): every
    problem is reported and nothing is kept. A draft is compiled only by the what-if and is never applied
    to a matter: the register assesses by the shipped versions alone (``omvarld policy list``), and a draft
    may not take one of their ids. Kept as uploaded, never changed; deleted by those who may upload.
    """

    policy_id = models.CharField(_("version id"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    derives_from = models.CharField(_("builds on"), max_length=80, blank=True)
    content = models.TextField(_("policy file (YAML)"))
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, unique=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("draft policy version")
        verbose_name_plural = _("draft policy versions")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.policy_id} ({self.title})"

    def get_absolute_url(self) -> str:
        return object_url("strategy:draft_detail", self.pk)

    @property
    def reference(self) -> str:
        """How a what-if names the draft beside the shipped versions' ids (``draft:12``)."""
        return f"draft:{self.pk}"


class CitedPassage(models.Model):
    """A passage that a matter's latest stored assessment cites: the index a guideline's page lists the
    matters from. Derived from the stored assessments and kept in step with them (``services``); rebuilt
    whole by ``omvarld citations``."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="+", verbose_name=_("engagement")
    )
    assessment = models.ForeignKey(
        StoredAssessment, on_delete=models.CASCADE, related_name="+", verbose_name=_("assessment")
    )
    passage = models.CharField(_("passage"), max_length=80)

    class Meta:
        verbose_name = _("cited passage")
        verbose_name_plural = _("cited passages")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "passage"], name="one_citation_per_assessment")
        ]
        indexes = [models.Index(fields=["passage", "engagement"], name="cited_passage_matters")]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.passage}"
