"""``{% start_job_link "register.export" label query %}``: a link to start a job, for those who may."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from omvarld.jobs import registry, services

register = template.Library()


@register.inclusion_tag("jobs/includes/start_link.html", takes_context=True)
def start_job_link(
    context: Any, kind: str, label: str, query: str = "", button: bool = False, prefix: str = ""
) -> dict[str, Any]:
    """A link to the page that starts a job of ``kind`` (its form filled in from ``query``), shown only to
    a user who may start it."""
    found = registry.get(kind)
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = (
        found is not None
        and found.started_here
        and user is not None
        and user.is_authenticated
        and services.may_start(user, found)
    )
    url = reverse("jobs:job_start", args=[kind]) + (f"?{query}" if query else "") if shown else ""
    return {"shown": shown, "url": url, "label": label, "button": button, "prefix": prefix}
