"""The API's bridge to the permission point: DRF asks ``core.permissions.can`` (that is,
``accounts.permissions``) and nothing else."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from omvarld.core.permissions import Action, can

_METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.CREATE,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


def _offers(view: Any, request: Request) -> bool:
    """Whether the endpoint answers the request's method at all (a viewset: the methods of its route)."""
    method = (request.method or "").lower()
    action_map = getattr(view, "action_map", None)
    if action_map is not None:
        return method in action_map or method == "options"
    return method in view.http_method_names and hasattr(view, method)


class ModelPermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not _offers(view, request):
            # Not a question of permission: DRF answers 405 with the methods there are, to every role.
            return True
        model: type[models.Model] = view.queryset.model if view.queryset is not None else view.model
        action = _METHOD_ACTIONS.get(request.method or "", Action.CHANGE)
        return bool(request.user and request.user.is_authenticated and can(request.user, action, model))

    def has_object_permission(self, request: Request, view: Any, obj: models.Model) -> bool:
        action = _METHOD_ACTIONS.get(request.method or "", Action.CHANGE)
        return can(request.user, action, obj)
