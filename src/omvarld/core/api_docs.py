"""The API's documentation page: Swagger UI, served from our own static files, inside the site's layout.

DRF's browsable API is turned off (its pages need inline scripts and styles, which the CSP refuses); the
API answers JSON only, and this page documents and tries it with the session of the signed-in user.
"""

from __future__ import annotations

from django.views.generic import TemplateView

from omvarld.core.views import PermissionMixin


class ApiDocsView(PermissionMixin, TemplateView):
    template_name = "core/api_docs.html"
