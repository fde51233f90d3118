"""Views every app stands on: the permission mixin, the filtered list, and the error pages."""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import RequestDataTooBig
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.generic import ListView

from omvarld.core import permissions
from omvarld.core.api import PROBLEM_CONTENT_TYPE, is_api_request, problem_response
from omvarld.core.api_input import too_large_message
from omvarld.core.errors import PermissionDenied
from omvarld.core.permissions import Action, Resource

logger = logging.getLogger(__name__)


class PermissionMixin(LoginRequiredMixin):
    """A view that asks the permission point before it does anything.

    ``permission`` is ``(action, model)``: the user must be able to do the action to some object of the
    model (or ``(action, resource)`` for a page across models, ``core.permissions.Resource``). Views that
    work on one object check it again with ``permissions.require`` once they have it (``core.permissions``
    here, below ``accounts``; ``accounts.permissions`` in the apps above it).
    """

    permission: ClassVar[tuple[Action, type[models.Model] | Resource] | None] = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission is not None:
            action, model = self.permission
            if not permissions.can(request.user, action, model):
                raise PermissionDenied()
        return super().dispatch(request, *args, **kwargs)


class FilteredListView(PermissionMixin, ListView):
    """A list page whose rows come from a selector and are narrowed by the list's FilterSet."""

    filterset_class: type[Any]
    paginate_by: int | None = 50

    def selector(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.selector(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


_ERROR_CODES = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    413: "too_large",
    500: "error",
}


def error_page(request: HttpRequest, status: int, message: str, *, code: str | None = None) -> HttpResponse:
    """The error page, or a problem body for the API; works on a request without user or session."""
    if is_api_request(request):
        return problem_response(status, message, code=code or _ERROR_CODES.get(status, "error"))
    # A request refused before LocaleMiddleware (a bad Host) has no language of its own: Swedish, not
    # whatever language the worker thread served last.
    with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
        return render(request, "error.html", {"status": status, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, 413, too_large_message())
    return error_page(request, 400, "Begäran kunde inte behandlas.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, "Du har inte behörighet att se den här sidan.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, "Sidan finns inte.")


SERVER_ERROR_MESSAGE = "Något gick fel hos oss. Felet är loggat; försök igen om en stund."
# The last resort when even the error page cannot be rendered (the database is gone, a template
# broke): plain HTML with no template, no database and no context processors.
_BARE_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Fel 500 – Omvärld</title></head>'
    f"<body><main><h1>{SERVER_ERROR_MESSAGE}</h1><p>Felkod: 500</p></main></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return error_page(request, 500, SERVER_ERROR_MESSAGE)
    except Exception:
        logger.exception("The error page itself failed; answering with the bare page")
        if is_api_request(request):
            body = {"type": "about:blank", "title": SERVER_ERROR_MESSAGE, "status": 500, "code": "error"}
            return HttpResponse(json.dumps(body), status=500, content_type=PROBLEM_CONTENT_TYPE)
        return HttpResponse(_BARE_SERVER_ERROR, status=500, content_type="text/html; charset=utf-8")
