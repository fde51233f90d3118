from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from omvarld.accounts.permissions import Action, can
from omvarld.audit.models import AuditEntry
from omvarld.audit.presentation import readable
from omvarld.audit.selectors import history_of
from omvarld.core.form_views import ObjectMixin, ServiceDeleteView, ServiceFormView, ServiceUpdateView
from omvarld.core.views import FilteredListView, PermissionMixin
from omvarld.organisation import selectors, services
from omvarld.organisation.filtersets import CounterpartFilterSet, UnitFilterSet
from omvarld.organisation.forms import CounterpartForm
from omvarld.organisation.models import Counterpart, Unit, UnitStatus

# The most recent changes a detail page shows; the audit log has them all.
HISTORY_SHOWN = 20


class UnitListView(FilteredListView):
    """The organisation as it stands on a day (today unless asked), its history apart from it."""

    permission = (Action.VIEW, Unit)
    filterset_class = UnitFilterSet
    template_name = "organisation/unit_list.html"
    paginate_by = 100

    def selector(self) -> Any:
        return selectors.unit_list(user=self.request.user, status=UnitStatus.ALL)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day, status = self.filterset.chosen_day(), self.filterset.chosen_status()
        context.update(day=day, status=status, is_today=day == timezone.localdate(), UnitStatus=UnitStatus)
        if status == UnitStatus.CURRENT:
            context["ended_count"] = selectors.unit_list(
                user=self.request.user, on=day, status=UnitStatus.ENDED
            ).count()
            query = self.request.GET.copy()
            query.pop("page", None)
            query["status"] = UnitStatus.ENDED
            context["history_query"] = query.urlencode()
        return context


class UnitDetailView(ObjectMixin, PermissionMixin, TemplateView):
    """One unit: its period, where it sits, what it merged into and what merged into it, and its history."""

    permission = (Action.VIEW, Unit)
    template_name = "organisation/unit_detail.html"

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_detail(user=self.request.user)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, user = self.object, self.request.user
        context["in_force_today"] = unit.is_in_force(timezone.localdate())
        if can(user, Action.VIEW, AuditEntry):
            context["history"] = readable(
                history_of(user=user, object_type=Unit._meta.label_lower, object_id=str(unit.pk)).reverse()[
                    :HISTORY_SHOWN
                ]
            )
        return context


class CounterpartListView(FilteredListView):
    permission = (Action.VIEW, Counterpart)
    filterset_class = CounterpartFilterSet
    template_name = "organisation/counterpart_list.html"

    def selector(self) -> Any:
        return selectors.counterpart_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Action.CREATE, Counterpart)
        return context


class CounterpartMixin(ObjectMixin):
    def get_queryset(self) -> QuerySet[Counterpart]:
        return selectors.counterpart_list(user=self.request.user)


class CounterpartDetailView(CounterpartMixin, PermissionMixin, TemplateView):
    permission = (Action.VIEW, Counterpart)
    template_name = "organisation/counterpart_detail.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counterpart = self.object
        user = self.request.user
        context["can_change"] = can(user, Action.CHANGE, counterpart)
        context["can_delete"] = can(user, Action.DELETE, counterpart)
        # Why it cannot be deleted names the matters that refer to it: said only to those who may delete
        # it (and who see every matter), not to an officer who may not see the other units' matters.
        if context["can_delete"]:
            context["refusal"] = services.counterpart_deletion_refusal(counterpart=counterpart)
        if can(user, Action.VIEW, AuditEntry):
            context["history"] = readable(
                history_of(
                    user=user, object_type=Counterpart._meta.label_lower, object_id=str(counterpart.pk)
                ).reverse()[:HISTORY_SHOWN]
            )
        return context


class CounterpartCreateView(ServiceFormView):
    permission = (Action.CREATE, Counterpart)
    template_name = "organisation/counterpart_form.html"
    form_class = CounterpartForm  # also read by core.csrf to keep what was typed after a stale token

    def perform(self, data: dict[str, Any]) -> Counterpart:
        return services.counterpart_create(actor=self.request.user, **data)

    def get_success_message(self, obj: Counterpart) -> tuple[int, str]:
        return _saved(obj)


class CounterpartUpdateView(CounterpartMixin, ServiceUpdateView):
    permission = (Action.CHANGE, Counterpart)
    form_class = CounterpartForm
    template_name = "organisation/counterpart_form.html"

    def perform(self, data: dict[str, Any]) -> Counterpart:
        return services.counterpart_update(actor=self.request.user, counterpart=self.object, **data)

    def get_success_message(self, obj: Counterpart) -> tuple[int, str]:
        return _saved(obj)


def _saved(counterpart: Counterpart) -> tuple[int, str]:
    if counterpart.city and counterpart.geonameid is None:
        return messages.WARNING, _("Saved, but the city %(city)s was not found in GeoNames.") % {
            "city": counterpart.city
        }
    return messages.SUCCESS, _("The counterpart %(name)s was saved.") % {"name": counterpart.name}


class CounterpartDeleteView(CounterpartMixin, ServiceDeleteView):
    permission = (Action.DELETE, Counterpart)
    template_name = "organisation/counterpart_confirm_delete.html"
    success_url = reverse_lazy("organisation:counterpart_list")
    success_message = gettext_lazy("The counterpart %(object)s was deleted.")

    def refusal(self) -> str | None:
        return services.counterpart_deletion_refusal(counterpart=self.object)

    def perform(self) -> None:
        services.counterpart_delete(actor=self.request.user, counterpart=self.object)
