"""The API answers JSON only, and is documented on a page of the site built from our own files."""

from __future__ import annotations

import re
from typing import ClassVar

from django.test import Client
from tests.bases import EVERYONE, ListEndpointTests, ListPageTests
from tests.organisation.resources import CounterpartResource

from omvarld.accounts.models import Role
from omvarld.core.permissions import Action


class TestApiDocsPage(ListPageTests, CounterpartResource):
    """Anyone signed in may read how the API works, whatever the register holds."""

    list_url = "/api/docs/"
    allowed: ClassVar = {Action.VIEW: EVERYONE}


class TestApiSchema(ListEndpointTests, CounterpartResource):
    api_url = "/api/schema/"
    allowed: ClassVar = {Action.VIEW: EVERYONE}


def test_the_api_answers_json_even_to_a_browser(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.READER))
    response = client.get("/api/units/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_api_documentation_is_behind_the_login_and_uses_only_our_own_files(make_user) -> None:
    assert Client().get("/api/docs/")["Location"].startswith("/login/")
    client = Client()
    client.force_login(make_user(Role.READER))
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert not [source for source in sources if "//" in source]
    assert "<script>" not in page  # no inline script: the CSP would refuse it
