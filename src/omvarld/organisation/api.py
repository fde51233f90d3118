from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from omvarld.core.api_permissions import ModelPermission
from omvarld.organisation import selectors, services
from omvarld.organisation.filtersets import CounterpartFilterSet, UnitFilterSet
from omvarld.organisation.models import Counterpart, CounterpartType, Unit


class UnitSerializer(serializers.ModelSerializer[Unit]):
    parent: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "name_en", "type", "parent", "is_active"]


class CounterpartSerializer(serializers.ModelSerializer[Counterpart]):
    class Meta:
        model = Counterpart
        fields = ["id", "name", "type", "country", "city", "geonameid", "city_name", "is_capital"]
        read_only_fields = ["geonameid", "city_name", "is_capital"]


class CounterpartInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=CounterpartType.choices)
    country = serializers.CharField(min_length=2, max_length=2)
    city = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    permission_classes = [ModelPermission]
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    queryset = Unit.objects.none()

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(user=self.request.user)


class CounterpartViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Counterpart]):
    permission_classes = [ModelPermission]
    serializer_class = CounterpartSerializer
    filterset_class = CounterpartFilterSet
    queryset = Counterpart.objects.none()

    def get_queryset(self) -> QuerySet[Counterpart]:
        return selectors.counterpart_list(user=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CounterpartInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        counterpart = services.counterpart_create(actor=request.user, **incoming.validated_data)
        return Response(CounterpartSerializer(counterpart).data, status=201)
