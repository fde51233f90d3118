"""The register in the API: read through the same selectors and permission point as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from omvarld.core.api_input import KeysetPagination
from omvarld.core.api_permissions import ModelPermission
from omvarld.engagements import selectors
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Decision, Engagement, Kind


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    body: serializers.SlugRelatedField[Decision] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The code of the body that decided."
    )

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "body",
            "decided_on",
            "minutes_reference",
            "motivation",
            "deviation",
            "deviation_reason",
        ]
        read_only_fields = fields


def _may_be_blank(name: str) -> bool:
    try:
        field = Engagement._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.Field) and bool(field.choices and field.blank and not field.null)


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    unit: serializers.SlugRelatedField[Engagement] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The owning unit's code."
    )
    requested_kind = serializers.ChoiceField(choices=["", *Kind.values], read_only=True)
    latest_outcome = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The outcome of the latest stored assessment (approve, incomplete, reject); "
        "null for a draft.",
    )
    decision = serializers.SerializerMethodField(help_text="The decision, once one is recorded; else null.")
    deciding_body: serializers.SlugRelatedField[Engagement] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The code of the body the latest stored assessment names; null for a draft.",
    )
    latest_decided_by = serializers.CharField(
        read_only=True, allow_null=True, help_text="The deciding body of the latest stored assessment."
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "registration_number",
            "kind",
            "status",
            "title",
            "description",
            "unit",
            "counterpart",
            "starts_on",
            "ends_on",
            "travellers",
            "goals",
            "directions",
            "benefit",
            "subject_area",
            "cost_sek",
            "funding",
            "aid_character",
            "foreign_policy_stance",
            "major_engagement",
            "scope",
            "affected_units",
            "responsible_units",
            "origin",
            "requested_kind",
            "agreement_type",
            "mutual_benefit",
            "travel_paid_by",
            "accommodation_paid_by",
            "hospitality_offered",
            "role",
            "special_reasons",
            "bribery_assessment_done",
            "learning_objective",
            "plan_reference",
            "representative",
            "contribution",
            "participation",
            "last_review",
            "brand_used",
            "lock_version",
            "registered_at",
            "latest_outcome",
            "latest_decided_by",
            "deciding_body",
            "decision",
        ]
        read_only_fields = fields

    # Stored as "" until a matter is submitted; the API says null, as the schema does.
    EMPTY_AS_NULL = ("latest_outcome", "latest_decided_by")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for name, field in fields.items():
            # A choice not stated is stored as "": the schema says so (DRF drops allow_blank from a
            # read-only field, and drf-spectacular then leaves "" out of the enum).
            if isinstance(field, serializers.ChoiceField) and _may_be_blank(name):
                field.allow_blank = True
        return fields

    def to_representation(self, instance: Engagement) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in self.EMPTY_AS_NULL:
            if data.get(name) == "":
                data[name] = None
        return data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, engagement: Engagement) -> dict[str, Any] | None:
        decision = getattr(engagement, "decision", None)
        return DecisionSerializer(decision).data if decision is not None else None


class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    """The engagements the signed-in user may see, newest registration number first unless ``sort`` says
    otherwise, a keyset page at a time (``next`` and ``previous`` link to the pages beside)."""

    permission_classes = [ModelPermission]
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilterSet
    queryset = Engagement.objects.none()

    pagination_class = KeysetPagination

    def order(self) -> str:
        return selectors.register_order(self.request.query_params.get("sort"))

    def keyset_order(self) -> tuple[str, ...]:
        return selectors.REGISTER_ORDERS[self.order()]

    def keyset_plan_first(self) -> bool:
        # A text search (``q``): its trigram index gives the matches unordered (``keyset_page``).
        return bool(self.request.query_params.get("q", "").strip())

    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=self.request.user, order=self.order())
