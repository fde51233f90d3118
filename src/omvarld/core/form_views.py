"""Views for forms whose work is done by a service: create, edit and delete in a few declarations.

A form checks what a form can (required fields, lengths, choices); the service decides everything else
and refuses with an ``ApplicationError``. These views put that refusal on the form — each detail by its
field, the rest above the form — and show the page again with what the user typed; on success they
redirect with a message. A model's views then read::

    class CounterpartUpdateView(ServiceUpdateView):
        permission = (Action.CHANGE, Counterpart)
        form_class = CounterpartForm
        template_name = "organisation/counterpart_form.html"

        def get_queryset(self):
            return selectors.counterpart_list(user=self.request.user)

        def perform(self, data):
            return services.counterpart_update(actor=self.request.user, counterpart=self.object, **data)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from omvarld.core import permissions
from omvarld.core.errors import ApplicationError
from omvarld.core.views import PermissionMixin

# The refusals a form shows by its fields. Others (not permitted, not found, the site in maintenance) go
# to the error pages through ``ApplicationErrorMiddleware``.
FORM_STATUSES = frozenset({400, 409})


def add_service_errors(
    form: forms.BaseForm, error: ApplicationError, field_names: Mapping[str, str] | None = None
) -> None:
    """Put a service's refusal on ``form``: each detail by its field, the others above the form.

    ``field_names`` maps the service's field names to the form's where they differ. A refusal without
    details is shown above the form as a whole.
    """
    names = field_names or {}
    for detail in error.details:
        field = names.get(detail.field, detail.field) if detail.field else None
        form.add_error(field if field in form.fields else None, detail.message)
    if not error.details:
        form.add_error(None, error.message)


class ObjectMixin:
    """A view of one object, looked up through a selector and checked against the permission point.

    ``get_queryset`` returns the selector's queryset, so an object the user may not see is a 404; the
    view's ``permission`` action is then checked on the object itself (a 403 when the user may see it but
    not, say, change it).
    """

    request: HttpRequest
    kwargs: dict[str, Any]
    permission: ClassVar[tuple[permissions.Action, type[models.Model] | permissions.Resource] | None]
    pk_url_kwarg = "pk"
    object: Any = None

    def get_queryset(self) -> models.QuerySet[Any]:
        raise NotImplementedError

    def get_object(self) -> Any:
        obj = self.get_queryset().filter(pk=self.kwargs[self.pk_url_kwarg]).first()
        if obj is None:
            raise Http404
        if self.permission is not None:
            permissions.require(self.request.user, self.permission[0], obj)
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["object"] = self.object
        return context


class ServiceFormView(PermissionMixin, FormView[Any]):
    """A create form whose work is done by ``perform`` (a service call with the acting user).

    Declare ``permission``, ``form_class``, ``template_name`` and ``perform``. The page answers 400 (or
    409 for a clash with the register) with the refusal on the form, and nothing saved; on success it
    redirects to ``get_success_url()`` (the object's own page) with ``success_message``.
    """

    success_message: ClassVar[str | Promise] = _("%(object)s was saved.")
    # The service's field names that the form calls otherwise.
    field_names: ClassVar[dict[str, str]] = {}

    def perform(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: forms.BaseForm) -> HttpResponse:
        try:
            self.object = self.perform(form.cleaned_data)
        except ApplicationError as error:
            if error.status not in FORM_STATUSES:
                raise
            add_service_errors(form, error, self.field_names)
            return self.render_to_response(self.get_context_data(form=form), status=error.status)
        level, message = self.get_success_message(self.object)
        messages.add_message(self.request, level, message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: forms.BaseForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_message(self, obj: Any) -> tuple[int, str]:
        """The level and text of the message shown after saving."""
        return messages.SUCCESS, str(self.success_message) % {"object": obj}

    def get_success_url(self) -> str:
        url: str = self.object.get_absolute_url()
        return url


class ServiceUpdateView(ObjectMixin, ServiceFormView):
    """An edit form: the object is looked up as in ``ObjectMixin`` and fills the form at first."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        form_class = self.get_form_class()
        return {
            name: getattr(self.object, name) for name in form_class.base_fields if hasattr(self.object, name)
        }


class ServiceDeleteView(ObjectMixin, PermissionMixin, TemplateView):
    """Asks to confirm (GET), then deletes through ``perform`` (POST) and redirects with a message.

    ``refusal`` may say beforehand why the object cannot be deleted (what refers to it): the page then
    explains instead of offering the button. A refusal from the service shows on the same page (409).
    """

    success_message: ClassVar[str | Promise] = _("%(object)s was deleted.")
    success_url: ClassVar[str | Promise] = "/"

    def perform(self) -> None:
        raise NotImplementedError

    def refusal(self) -> str | None:
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(refusal=self.refusal()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        shown = str(self.object)
        try:
            self.perform()
        except ApplicationError as error:
            if error.status not in FORM_STATUSES:
                raise
            return self.render_to_response(self.get_context_data(refusal=error.message), status=error.status)
        messages.success(request, str(self.success_message) % {"object": shown})
        return redirect(str(self.success_url))
