"""Views shared by the whole site: the start page, error pages, and the permission mixin."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import ListView, TemplateView

from omvarld.accounts import permissions
from omvarld.accounts.models import Role
from omvarld.accounts.permissions import Action
from omvarld.core.errors import PermissionDenied


class PermissionMixin(LoginRequiredMixin):
    """A view that asks the permission point before it does anything.

    ``permission`` is ``(action, model)``: the user must be able to do the action to some object of the
    model. Views that work on one object check it again with ``permissions.require`` once they have it.
    """

    permission: ClassVar[tuple[Action, type[models.Model]] | None] = None

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
    paginate_by = 50

    def selector(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.selector())
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class HomeView(PermissionMixin, TemplateView):
    """The start page, which shows each role the work it does."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from omvarld.core.selectors import start_page

        context = super().get_context_data(**kwargs)
        context["start"] = start_page(user=self.request.user)
        context["Role"] = Role
        return context


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, "Begäran kunde inte behandlas.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, "Du har inte behörighet att se den här sidan.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, "Sidan finns inte.")


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500, "Något gick fel hos oss. Felet är loggat; försök igen om en stund.")
