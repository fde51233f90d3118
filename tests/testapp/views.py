"""The matter's pages and endpoint, built on the same bases as the real apps' (tests only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views.generic import ListView, TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from tests.testapp.models import Matter
from tests.testapp.serializers import MatterSerializer

from omvarld.accounts.permissions import Action, User, restrict
from omvarld.core.api_permissions import ModelPermission
from omvarld.core.form_views import ObjectMixin
from omvarld.core.views import PermissionMixin


def matter_list(*, user: User) -> QuerySet[Matter]:
    return restrict(Matter.objects.select_related("unit", "counterpart"), user, Action.VIEW).order_by("pk")


class MatterListView(PermissionMixin, ListView[Matter]):
    permission = (Action.VIEW, Matter)
    template_name = "testapp/matter_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Matter]:
        return matter_list(user=self.request.user)


class MatterDetailView(ObjectMixin, PermissionMixin, TemplateView):
    permission = (Action.VIEW, Matter)
    template_name = "testapp/matter_detail.html"

    def get_queryset(self) -> QuerySet[Matter]:
        return matter_list(user=self.request.user)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)


@extend_schema(exclude=True)
class MatterViewSet(viewsets.ReadOnlyModelViewSet[Matter]):
    permission_classes = [ModelPermission]
    serializer_class = MatterSerializer
    queryset = Matter.objects.none()

    def get_queryset(self) -> QuerySet[Matter]:
        return matter_list(user=self.request.user)
