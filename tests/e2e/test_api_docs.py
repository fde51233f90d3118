"""The API's documentation, Swagger UI from our own files, works under the CSP and passes axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp

from omvarld.accounts.models import Role, User
from omvarld.organisation.models import Counterpart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_works_under_the_csp_and_tries_the_api(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    problems = watch_csp(page)
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            errors.append(message.text)

    page.on("console", on_console)
    login(page, role_user(Role.COORDINATOR).username)
    page.get_by_role("link", name="API:et och dess dokumentation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omvärlds API")
    listing = page.locator("#operations-counterparts-counterparts_list")
    expect(listing).to_be_visible()
    assert_accessible(page, "the API documentation")

    # "Try it out" reads with the session ...
    listing.locator(".opblock-summary-control").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    expect(listing.locator(".live-responses-table tr.response .response-col_status")).to_have_text("200")

    # ... and writes with the session and its CSRF token.
    create = page.locator("#operations-counterparts-counterparts_create")
    create.locator(".opblock-summary-control").click()
    create.get_by_role("button", name="Try it out").click()
    create.locator("textarea.body-param__text").fill(
        '{"name": "Vilnius stad", "type": "city", "country": "LT"}'
    )
    create.get_by_role("button", name="Execute").click()
    expect(create.locator(".live-responses-table tr.response .response-col_status")).to_have_text("201")
    assert Counterpart.objects.get().name == "Vilnius stad"
    assert_accessible(page, "the API documentation after trying it")

    assert problems == []
    assert errors == []
