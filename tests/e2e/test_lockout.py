"""The lockout page says when to try again and leads back to the sign-in page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import assert_accessible

from omvarld.accounts.models import Role, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_lockout_page_says_when_to_try_again_and_leads_back(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    user = role_user(Role.OFFICER)
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill("gissning-som-inte-stämmer")
        page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("För många misslyckade inloggningsförsök")
    expect(page.locator("main")).to_contain_text(
        # "i morgon" when the quarter of an hour runs past midnight.
        re.compile(r"Du kan försöka igen (i morgon )?kl\. \d\d:\d\d, om 15 minuter\.")
    )
    assert_accessible(page, "the lockout page")

    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in i Omvärld")
    # Still locked: the right password is refused too, until the time the page gave.
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("För många misslyckade inloggningsförsök")
