"""The register in the API: read through the same selectors and permission point as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from omvarld.core.api_permissions import ModelPermission
from omvarld.engagements import selectors
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement, Kind


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
        ]
        read_only_fields = fields


class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    """The engagements the signed-in user may see, newest registration number first."""

    permission_classes = [ModelPermission]
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilterSet
    queryset = Engagement.objects.none()

    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=self.request.user)
