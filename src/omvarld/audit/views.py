from typing import Any

from omvarld.audit import selectors
from omvarld.audit.filtersets import AuditEntryFilterSet
from omvarld.audit.models import AuditEntry
from omvarld.audit.presentation import readable
from omvarld.core.permissions import Action
from omvarld.core.views import FilteredListView


class AuditEntryListView(FilteredListView):
    permission = (Action.VIEW, AuditEntry)
    filterset_class = AuditEntryFilterSet
    template_name = "audit/entry_list.html"

    def selector(self) -> Any:
        return selectors.audit_entry_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = readable(context["object_list"])
        return context
