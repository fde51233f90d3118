"""The register: every international engagement, with its registration number and the assessments made of it.

An engagement stores what the strategy's rules read (the policy engine's interchange fields, each as a
typed column: ``interchange.facts_of`` is the one mapping from a row to the engine's facts) and what an
officer needs besides: a description, the responsible officer, dates, funding by source, travellers.
A value not stated is NULL (or an empty text), never a default: the engine asks for what it needs.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omvarld.core.fields import JSONDocumentField
from omvarld.core.urls import object_url
from omvarld.organisation.models import Counterpart, Unit


class Kind(models.TextChoices):
    """The kinds of engagement in the policy catalogue, named as ``policy.interchange.KIND_SV``."""

    INVITATION = "invitation", _("Invitation")
    TRIP = "trip", _("Business trip")
    VISIT = "visit", _("Hosted visit")
    MEMBERSHIP = "membership", _("Membership")
    AGREEMENT = "agreement", _("Cooperation agreement")
    EU_PROJECT = "eu_project", _("EU project")
    AID = "aid", _("Aid-type work")
    EU_POLICY = "eu_policy", _("EU policy position")
    REQUEST = "request", _("Request to cooperate")
    COMMUNICATION = "communication", _("International communication")


class Status(models.TextChoices):
    """Where a matter stands; the transitions between them are services (``engagements.workflow``)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DECIDED = "decided", _("Decided")
    CARRIED_OUT = "carried_out", _("Carried out")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    """What the strategy says of a matter: the policy engine's outcomes, worded for the register."""

    APPROVE = "approve", _("In line with the strategy")
    INCOMPLETE = "incomplete", _("Information missing")
    REJECT = "reject", _("Against the strategy")


class Goal(models.TextChoices):
    """The council's goals (inriktningsmål) an engagement may serve."""

    ATTRACTIVE = "attraktiv", _("An attractive, safe and growing city")
    QUALITY = "kvalitet", _("Quality and freedom of choice")
    COST_EFFECTIVE = "kostnadseffektiv", _("Cost-effective services")


class Direction(models.TextChoices):
    """The strategy's three directions of international work."""

    POSITIONING = "positionering", _("Positioning")
    DEVELOPMENT = "verksamhetsutveckling", _("Development of services")
    MONITORING = "bevakning_paverkan", _("Monitoring and influence")


class Scope(models.TextChoices):
    CITYWIDE = "citywide", _("The whole city")
    UNIT_SPECIFIC = "unit_specific", _("One unit's activity")


class Payer(models.TextChoices):
    CITY = "city", _("The city")
    INVITER = "inviter", _("The inviter")
    OTHER = "other", _("Someone else")
    NONE = "none", _("No journey")


class AccommodationPayer(models.TextChoices):
    CITY = "city", _("The city")
    INVITER = "inviter", _("The inviter")
    OTHER = "other", _("Someone else")
    NONE = "none", _("No overnight stay")


class Origin(models.TextChoices):
    EXTERNAL = "external", _("A request from outside")
    MOTION = "motion", _("A motion")


class AgreementType(models.TextChoices):
    COOPERATION = "cooperation", _("Cooperation agreement")
    TWIN_CITY = "twin_city", _("Twin-city agreement")


class Participation(models.TextChoices):
    ACTIVE = "active", _("Active")
    PASSIVE = "passive", _("Passive")


class FundingSource(models.TextChoices):
    """Who pays; everything but the city is external funding in the strategy's sense."""

    CITY = "city", _("The city")
    EU = "eu", _("The EU")
    SIDA = "sida", _("Sida")
    INVITER = "inviter", _("The inviter")
    OTHER = "other", pgettext_lazy("funding source", "Others")


class RegistrationCounter(models.Model):
    """The last number given in a series and year. Locked while a number is taken, in the same
    transaction as the engagement that gets it, so numbers are unique and leave no gap."""

    series = models.CharField(_("series"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last_number}"


class Engagement(models.Model):
    """One international engagement: an invitation, a trip, a membership, an agreement …"""

    # --- The register entry ---
    # Unique by a constraint, not ``unique=True``: on PostgreSQL that would add a second index for
    # ``LIKE 'prefix%'``, which nothing asks (the search uses the trigram index), to write on every change.
    registration_number = models.CharField(_("registration number"), max_length=40)
    series = models.CharField(_("series"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # No index of its own: ``engagement_unit_order`` begins with it (one index less to write per change).
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("owning unit"),
        db_index=False,
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible officer"),
    )
    counterpart = models.ForeignKey(
        Counterpart,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("counterpart"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    travellers = models.TextField(
        _("travellers"), blank=True, help_text=_("Who travels or takes part for the city, one per line.")
    )

    # --- What every rule may read ---
    goals = models.JSONField(_("goals"), default=list, blank=True)
    directions = models.JSONField(_("directions"), default=list, blank=True)
    benefit = models.TextField(_("benefit for the people of Stockholm"), blank=True)
    subject_area = models.CharField(_("subject area"), max_length=200, blank=True)
    cost_sek = models.PositiveBigIntegerField(_("total cost (SEK)"), null=True, blank=True)
    # Kronor by source (``FundingSource``): {"city": 40000, "eu": 120000}. Kept on the engagement, so that
    # a change of funding is in the engagement's own before-and-after in the audit log.
    funding = models.JSONField(_("funding by source (SEK)"), default=dict, blank=True)
    aid_character = models.BooleanField(_("aid-type work"), null=True, blank=True)
    foreign_policy_stance = models.BooleanField(_("takes a foreign-policy position"), null=True, blank=True)
    major_engagement = models.BooleanField(_("major international engagement"), null=True, blank=True)

    # --- Kind by kind ---
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, blank=True)
    affected_units = models.JSONField(_("units affected"), default=list, blank=True)
    responsible_units = models.JSONField(_("units responsible for monitoring"), default=list, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, blank=True)
    requested_kind = models.CharField(_("kind requested"), max_length=20, choices=Kind.choices, blank=True)
    agreement_type = models.CharField(
        _("type of agreement"), max_length=20, choices=AgreementType.choices, blank=True
    )
    mutual_benefit = models.TextField(_("mutual benefit"), blank=True)
    travel_paid_by = models.CharField(_("journey paid by"), max_length=20, choices=Payer.choices, blank=True)
    accommodation_paid_by = models.CharField(
        _("stay paid by"), max_length=20, choices=AccommodationPayer.choices, blank=True
    )
    hospitality_offered = models.BooleanField(_("hospitality offered"), null=True, blank=True)
    role = models.CharField(_("the representative's role"), max_length=200, blank=True)
    special_reasons = models.TextField(_("special reasons"), blank=True)
    bribery_assessment_done = models.BooleanField(_("bribery assessment made"), null=True, blank=True)
    learning_objective = models.TextField(_("learning objective"), blank=True)
    plan_reference = models.CharField(_("business-plan item"), max_length=200, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    contribution = models.TextField(_("active contribution"), blank=True)
    participation = models.CharField(
        _("participation"), max_length=20, choices=Participation.choices, blank=True
    )
    last_review = models.DateField(_("last review"), null=True, blank=True)
    brand_used = models.BooleanField(_("builds on the city's brand"), null=True, blank=True)

    # --- Bookkeeping ---
    # The latest stored assessment's day, outcome and deciding body, kept on the matter (written only by
    # ``services.assessment_store``) so that the register can be filtered and listed by them without
    # a subquery per row; empty while the matter is a draft.
    latest_as_of = models.DateField(_("assessment date"), null=True, blank=True)
    latest_outcome = models.CharField(_("assessment"), max_length=20, choices=Outcome.choices, blank=True)
    latest_decided_by = models.CharField(_("deciding body by the strategy"), max_length=60, blank=True)
    # Its place in the queue of the body that decides: the strategy's priorities (``policy.prioritise``)
    # as one number, lowest first — approvals before incomplete matters before rejections, then the higher
    # score (``services.queue_position``). Kept with the latest assessment, so that a queue of any length
    # is read a page at a time from an index.
    queue_position = models.FloatField(_("place in the queue"), null=True, blank=True)
    # The body that should decide, by the latest stored assessment (the queue it waits in).
    # No index of its own: ``engagement_queue`` begins with it.
    deciding_body = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters_to_decide",
        verbose_name=_("deciding body"),
        db_index=False,
    )
    # Optimistic locking: a save names the version it started from, and is refused if another came first.
    lock_version = models.PositiveIntegerField(_("version"), default=1)
    # Now, unless the matter is entered afterwards (the demo's history, an imported register): then the day
    # it was registered (``services.engagement_register(today=…)``).
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="one_engagement_per_number"),
            models.UniqueConstraint(fields=["registration_number"], name="one_engagement_per_registration"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=F("ends_on")),
                name="engagement_ends_after_it_starts",
            ),
        ]
        # The register's orders (``selectors.REGISTER_ORDERS``) each end in the primary key, so that a page
        # can start after a row (keyset paging) and read a stretch of one index, filtered or not.
        indexes = [
            models.Index(fields=["year", "number", "id"], name="engagement_number_order"),
            models.Index(fields=["title", "id"], name="engagement_title_order"),
            models.Index(fields=["unit", "year", "number", "id"], name="engagement_unit_order"),
            models.Index(fields=["kind", "year", "number", "id"], name="engagement_kind_order"),
            models.Index(fields=["status", "year", "number", "id"], name="engagement_status_order"),
            models.Index(fields=["deciding_body", "status", "queue_position", "id"], name="engagement_queue"),
            models.Index(
                fields=["kind", "status", "year", "number", "id"], name="engagement_kind_status_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.title}"

    def get_absolute_url(self) -> str:
        return object_url("engagements:engagement_detail", self.pk)


class StoredAssessment(models.Model):
    """An assessment of an engagement as the policy engine made it, kept with what it was made from:
    the policy version and its hash, the facts, and the day. A decision keeps the one it was made on."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("engagement")
    )
    assessed_at = models.DateTimeField(_("assessed"), auto_now_add=True)
    as_of = models.DateField(_("assessment date"))
    policy_version = models.CharField(_("policy version"), max_length=60)
    policy_hash = models.CharField(_("policy hash"), max_length=64)
    # Written and read whole, never queried inside: kept as text (``JSONDocumentField``).
    facts = JSONDocumentField(_("facts"))
    outcome = models.CharField(_("outcome"), max_length=20)
    decided_by = models.CharField(_("deciding body"), max_length=60, blank=True)
    result = JSONDocumentField(_("result"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.as_of} {self.outcome}"


class PolicyTexts(models.Model):
    """The passages of a policy version as its assessments cite them (section and quote, by passage id),
    kept once for each content hash under which an assessment was stored. A stored assessment names its
    citations by passage id only (``stored_results``): these rows give them their words, so that a matter
    keeps the quotes it was assessed with even if the version's file is later changed."""

    policy_hash = models.CharField(_("policy hash"), max_length=64, unique=True)
    policy_version = models.CharField(_("policy version"), max_length=60)
    passages = models.JSONField(_("passages"))

    class Meta:
        verbose_name = _("texts of a policy version")
        verbose_name_plural = _("texts of policy versions")

    def __str__(self) -> str:
        return f"{self.policy_version} {self.policy_hash[:12]}"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Decision(models.Model):
    """The decision on a matter: by which body, when, in which minutes, and on which assessment.

    The system advises and politicians decide: a decision by another body than the one the strategy names,
    or against the assessment, is recorded as a deviation with its reason.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.PROTECT, related_name="decision", verbose_name=_("engagement")
    )
    assessment = models.ForeignKey(
        StoredAssessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessment decided on")
    )
    body = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("deciding body")
    )
    expected_body = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body the strategy names"),
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    minutes_reference = models.CharField(
        _("minutes"),
        max_length=100,
        help_text=_("Where the decision is minuted, e.g. Protokoll 2026:14, § 7."),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    deviation = models.BooleanField(_("deviation"), default=False)
    deviation_reason = models.TextField(_("reason for the deviation"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deviation=False) | ~Q(deviation_reason=""), name="decision_deviation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%Y-%m-%d}"


def document_path(document: Document, filename: str) -> str:
    """Where a document's file is kept in the data directory's storage: by matter, under a random name
    (the name it was given is kept on the row), so that no path can be guessed or collide."""
    return f"documents/{document.engagement_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A document filed with a matter: an invitation letter, a programme, minutes, a travel report.

    The file is kept outside the database (the default storage, in the data directory) and served only
    through the permission point. A document may be secret under the Public Access to Information and
    Secrecy Act (offentlighets- och sekretesslagen, OSL), with the chapter and section that apply: then
    only those who handle the matter learn that it exists (``accounts.permissions.SECRET_MARKS``).
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="documents", verbose_name=_("engagement")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    secret = models.BooleanField(_("secret"), default=False)
    secrecy_ground = models.CharField(
        _("ground for secrecy"),
        max_length=100,
        blank=True,
        help_text=_("The chapter and section of OSL, e.g. 15 kap. 1 § OSL."),
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["filed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(secret=False, secrecy_ground="") | (Q(secret=True) & ~Q(secrecy_ground="")),
                name="document_secret_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The file itself, served through the permission point."""
        return object_url("engagements:document_download", self.pk)


# --- Following matters up: travel reports, lessons, membership reviews, reminders ----------------------


class TravelReport(models.Model):
    """The report on a journey (reserapport): the benefit it achieved against the benefit promised, what
    it actually cost by source against what was planned, and the lessons learnt (``Lesson``, kept apart).

    The strategy asks that the benefit "tydligt skall redovisas i protokoll och reserapporter": a matter
    whose assessment requires a travel report cannot be closed without one.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.PROTECT, related_name="travel_report", verbose_name=_("engagement")
    )
    benefit_achieved = models.TextField(_("benefit achieved"))
    summary = models.TextField(_("what was done"), blank=True)
    # Kronor by source (``FundingSource``), as the engagement's planned ``funding``: {"city": 38200}.
    actual_costs = models.JSONField(_("actual costs by source (SEK)"), default=dict, blank=True)
    # The day it was due (the journey's end and ``OMVARLD_TRAVEL_REPORT_DAYS``) and the day it was filed,
    # so that a follow-up can tell a late report from one on time.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"))
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )

    class Meta:
        verbose_name = _("travel report")
        verbose_name_plural = _("travel reports")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return _("Travel report on %(number)s") % {"number": self.engagement.registration_number}

    @property
    def actual_total(self) -> int:
        return sum(self.actual_costs.values())


class Lesson(models.Model):
    """A lesson learnt, one record each, with the matter and the subject area it came from, so that a
    knowledge base can later gather, search and link them across the city's matters."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("engagement")
    )
    travel_report = models.ForeignKey(
        TravelReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("travel report"),
    )
    text = models.TextField(_("lesson"))
    subject_area = models.CharField(_("subject area"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("lesson learnt")
        verbose_name_plural = _("lessons learnt")
        ordering = ["engagement", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue the membership")
    LEAVE = "leave", _("Leave the organisation")


class MembershipReview(models.Model):
    """A review of a membership (omprövning): the benefit seen, the active contribution made, the fee,
    and the decision to continue or leave, taken by the body the policy names and minuted.

    The interval that set the review's due day is the policy's parameter ``review_interval_years`` in the
    version in force, kept here with its source; a review to continue starts the next interval.
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("membership")
    )
    body = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="membership_reviews", verbose_name=_("deciding body")
    )
    reviewed_on = models.DateField(_("decided on"))
    due_on = models.DateField(_("review due on"), null=True, blank=True)
    benefit_seen = models.TextField(_("benefit seen"))
    contribution_made = models.TextField(_("active contribution made"))
    fee_sek = models.PositiveBigIntegerField(_("membership fee (SEK a year)"))
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    minutes_reference = models.CharField(
        _("minutes"),
        max_length=100,
        help_text=_("Where the decision is minuted, e.g. Protokoll 2026:14, § 7."),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    # The next review, by the interval in force on the day of this one (empty when leaving), and where the
    # interval comes from: the policy version, its value and the parameter's source.
    next_review_on = models.DateField(_("next review due on"), null=True, blank=True)
    interval = models.JSONField(_("review interval and its source"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("membership review")
        verbose_name_plural = _("membership reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.CONTINUE) | Q(next_review_on__isnull=True),
                name="membership_review_leaving_has_no_next",
            ),
        ]

    def __str__(self) -> str:
        return _("Review of %(number)s on %(day)s") % {
            "number": self.engagement.registration_number,
            "day": f"{self.reviewed_on:%Y-%m-%d}",
        }


class ReminderKind(models.TextChoices):
    """What a reminder is about: each is sent once for its matter and due day (``Reminder``)."""

    TRAVEL_REPORT = "travel_report", _("Travel report due")
    MEMBERSHIP_REVIEW = "membership_review", _("Membership review due")
    DECISION_WAITING = "decision_waiting", _("Waiting too long for a decision")
    NOT_CARRIED_OUT = "not_carried_out", _("Decision not yet carried out")


class Reminder(models.Model):
    """A reminder that has been sent by ``omvarld remind``: one for each kind, matter and due day, so that
    a second run that day (or any later one) sends it no more."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("engagement")
    )
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.JSONField(_("sent to"), default=list)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "engagement", "due_on"], name="one_reminder_per_kind_matter_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.engagement.registration_number} {self.due_on:%Y-%m-%d}"


class CalendarFeed(models.Model):
    """A user's secret calendar feed: the follow-up dates the user may see, at a URL with a token, for a
    calendar program that cannot sign in.

    Neither the token nor anything that gives it without the site's secret key is stored: the token is an
    HMAC of ``feed_key`` under ``SECRET_KEY`` (shown again whenever its owner asks), and a request is
    matched by the token's SHA-256 (``token_digest``). Renewing the key ends the old URL; deleting the
    feed revokes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    feed_key = models.CharField(_("feed key"), max_length=64)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return _("Calendar feed of %(user)s") % {"user": self.user}
