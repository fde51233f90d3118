"""The start page."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from omvarld.accounts.models import Role
from omvarld.core.views import PermissionMixin
from omvarld.site.selectors import start_page


class HomeView(PermissionMixin, TemplateView):
    """The start page, which shows each role the work it does."""

    template_name = "site/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["start"] = start_page(user=self.request.user)
        context["Role"] = Role
        return context
