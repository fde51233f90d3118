from __future__ import annotations

import string
from typing import Any

from django.core.validators import RegexValidator
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from omvarld import geo
from omvarld.core.api_input import TextField
from omvarld.core.api_permissions import ModelPermission
from omvarld.organisation import selectors, services
from omvarld.organisation.filtersets import CounterpartFilterSet, UnitFilterSet
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitStatus
from omvarld.organisation.services import HIDDEN_CHARACTERS


class UnitSerializer(serializers.ModelSerializer[Unit]):
    # The top of the organisation (the city council) has no parent: null.
    parent: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The parent unit's code; null at the top.",
    )
    successor: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The code of the unit it merged into when it ceased; null while it exists.",
    )
    predecessors: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="The codes of the units that merged into it.",
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "type",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "predecessors",
        ]


class CounterpartSerializer(serializers.ModelSerializer[Counterpart]):
    class Meta:
        model = Counterpart
        fields = ["id", "name", "type", "country", "city", "geonameid", "city_name", "is_capital"]
        read_only_fields = ["geonameid", "city_name", "is_capital"]


# Every ISO 3166-1 alpha-2 code GeoNames knows: the schema lists exactly the codes the service accepts.
COUNTRY_CODES = [
    first + second
    for first in string.ascii_uppercase
    for second in string.ascii_uppercase
    if geo.is_valid_country(first + second)
]


# Declared so that the schema says what the fields refuse: NUL anywhere, and a name of only white space or
# with a control or invisible character (``services.HIDDEN_CHARACTERS``).
NO_NUL = RegexValidator(r"^[^\x00]*$", message="Null-tecken är inte tillåtna.")
# (``[^\s\x00]``, not ``\S``: NUL is not white space, so ``\S`` let a name of one NUL match the pattern.)
SOMETHING_WRITTEN = RegexValidator(
    f"^[^{HIDDEN_CHARACTERS}]*[^\\s{HIDDEN_CHARACTERS}][^{HIDDEN_CHARACTERS}]*$",
    message="Ange ett namn utan styrtecken eller osynliga tecken.",
)


class CounterpartInputSerializer(serializers.Serializer[dict[str, Any]]):
    # Not trimmed here: the limits apply to what was sent, as the schema says; the service trims.
    name = TextField(max_length=200, trim_whitespace=False, validators=[SOMETHING_WRITTEN])
    type = serializers.ChoiceField(choices=CounterpartType.choices)
    country = serializers.ChoiceField(
        choices=COUNTRY_CODES, help_text="ISO 3166-1 alpha-2 code in capitals, e.g. DK."
    )
    city = TextField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        validators=[NO_NUL],
    )


class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    permission_classes = [ModelPermission]
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    queryset = Unit.objects.none()

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(user=self.request.user, status=UnitStatus.ALL)

    def filter_queryset(self, queryset: Any) -> Any:
        # The list is today's organisation unless asked otherwise; one unit is found whatever its period.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


class CounterpartViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet[Counterpart],
):
    permission_classes = [ModelPermission]
    serializer_class = CounterpartSerializer
    filterset_class = CounterpartFilterSet
    queryset = Counterpart.objects.none()

    def get_queryset(self) -> QuerySet[Counterpart]:
        return selectors.counterpart_list(user=self.request.user)

    @extend_schema(request=CounterpartInputSerializer, responses={201: CounterpartSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CounterpartInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        counterpart = services.counterpart_create(actor=request.user, **incoming.validated_data)
        return Response(CounterpartSerializer(counterpart).data, status=201)

    @extend_schema(request=CounterpartInputSerializer, responses={200: CounterpartSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a counterpart: PUT sends every field, PATCH only those that change."""
        counterpart = self.get_object()
        incoming = CounterpartInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        current = {name: getattr(counterpart, name) for name in ("name", "type", "country", "city")}
        counterpart = services.counterpart_update(
            actor=request.user, counterpart=counterpart, **(current | incoming.validated_data)
        )
        return Response(CounterpartSerializer(counterpart).data)

    @extend_schema(request=CounterpartInputSerializer, responses={200: CounterpartSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete a counterpart; refused (409) while anything in the register refers to it."""
        services.counterpart_delete(actor=request.user, counterpart=self.get_object())
        return Response(status=204)
