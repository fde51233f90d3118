from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import resolve
from django.urls.exceptions import Resolver404

from omvarld.accounts.permissions import Action, can
from omvarld.imports.models import Import
from omvarld.site.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the navigation and which entry is current.

    Error pages are rendered for requests that never reached the authentication middleware (a bad Host
    header is refused before it), so a request without a user gets the anonymous layout.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "current_view": ""}
    try:
        match = resolve(request.path_info)
        current = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    except Resolver404:
        current = ""
    return {
        "navigation": navigation_for(user),
        "current_view": current,
        # The register's page offers an import of a whole file to those who may import one.
        "may_import": can(user, Action.CREATE, Import),
    }
