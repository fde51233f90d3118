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


class PassageSet(models.Model):
    """A set of passages that assessments cite, stored once however many matters' assessments cite it: a
    register of a million matters cites a few thousand different sets (an assessment's passages follow
    from its kind, policy version and findings), so the index below keeps one row a matter, not one a
    passage."""

    # SHA-256 of the sorted passage ids, each on its own line (``services.passage_set_fingerprint``).
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("set of cited passages")
        verbose_name_plural = _("sets of cited passages")

    def __str__(self) -> str:
        return self.fingerprint[:12]


class PassageSetMember(models.Model):
    """A passage of a set."""

    passage_set = models.ForeignKey(
        PassageSet, on_delete=models.CASCADE, related_name="members", verbose_name=_("set of cited passages")
    )
    passage = models.CharField(_("passage"), max_length=80)

    class Meta:
        verbose_name = _("cited passage")
        verbose_name_plural = _("cited passages")
        constraints = [
            # Also the index a guideline's page reads: the sets that hold a passage.
            models.UniqueConstraint(fields=["passage", "passage_set"], name="one_passage_per_set")
        ]

    def __str__(self) -> str:
        return self.passage


class MatterCitations(models.Model):
    """The passages that a matter's latest stored assessment cites: the index a guideline's page lists the
    matters from. Derived from the stored assessments and kept in step with them (``services``); rebuilt
    whole by ``omvarld citations``."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("engagement")
    )
    assessment = models.ForeignKey(
        StoredAssessment, on_delete=models.CASCADE, related_name="+", verbose_name=_("assessment")
    )
    passage_set = models.ForeignKey(
        PassageSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("set of cited passages")
    )

    class Meta:
        verbose_name = _("passages a matter cites")
        verbose_name_plural = _("passages matters cite")

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.passage_set_id}"
