from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from omvarld.accounts.permissions import Action
from omvarld.core.errors import ApplicationError
from omvarld.core.views import FilteredListView, PermissionMixin
from omvarld.geo import country_name
from omvarld.organisation import selectors, services
from omvarld.organisation.filtersets import CounterpartFilterSet, UnitFilterSet
from omvarld.organisation.forms import CounterpartForm
from omvarld.organisation.models import Counterpart, Unit


class UnitListView(FilteredListView):
    permission = (Action.VIEW, Unit)
    filterset_class = UnitFilterSet
    template_name = "organisation/unit_list.html"
    paginate_by = 100

    def selector(self) -> Any:
        return selectors.unit_list(user=self.request.user)


class CounterpartListView(FilteredListView):
    permission = (Action.VIEW, Counterpart)
    filterset_class = CounterpartFilterSet
    template_name = "organisation/counterpart_list.html"

    def selector(self) -> Any:
        return selectors.counterpart_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        from omvarld.accounts.permissions import can

        context["can_create"] = can(self.request.user, Action.CREATE, Counterpart)
        for counterpart in context["object_list"]:
            counterpart.country_label = country_name(counterpart.country) or counterpart.country
        return context


class CounterpartCreateView(PermissionMixin, View):
    permission = (Action.CREATE, Counterpart)
    template_name = "organisation/counterpart_form.html"
    form_class = CounterpartForm  # also read by core.csrf to keep what was typed after a stale token

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": CounterpartForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CounterpartForm(request.POST)
        if form.is_valid():
            try:
                counterpart = services.counterpart_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                for detail in error.details or []:
                    form.add_error(detail.field if detail.field in form.fields else None, detail.message)
                if not error.details:
                    form.add_error(None, error.message)
            else:
                if counterpart.city and counterpart.geonameid is None:
                    messages.warning(
                        request,
                        _("Saved, but the city %(city)s was not found in GeoNames.")
                        % {"city": counterpart.city},
                    )
                else:
                    messages.success(
                        request, _("The counterpart %(name)s was saved.") % {"name": counterpart.name}
                    )
                return redirect("organisation:counterpart_list")
        return render(request, self.template_name, {"form": form}, status=400)
