"""A form sent with a stale CSRF token (after signing in again in another tab) keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User
from omvarld.organisation.models import Counterpart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_form_sent_with_a_stale_token_comes_back_with_what_was_typed(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    user = role_user(Role.OFFICER)
    login(page, user.username)
    page.goto("/organisation/counterparts/new/")
    page.get_by_label("Namn").fill("Tallinns stad")
    page.get_by_label("Typ").select_option(label="Stad")
    page.get_by_label("Landskod").fill("EE")
    page.get_by_label("Stad").fill("Tallinn")

    # Meanwhile, in another tab, the user signs out and in again: the form's token is now stale.
    other = page.context.new_page()
    other.goto("/")
    other.get_by_role("button", name="Logga ut").click()
    login(other, user.username)
    other.close()

    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formuläret kunde inte skickas")
    expect(page).to_have_title("Formuläret kunde inte skickas – Omvärld")
    expect(page.get_by_text("Det du skrev finns kvar nedan")).to_be_visible()
    expect(page.get_by_label("Namn")).to_have_value("Tallinns stad")
    expect(page.get_by_label("Typ")).to_have_value("city")
    expect(page.get_by_label("Landskod")).to_have_value("EE")
    expect(page.get_by_label("Stad")).to_have_value("Tallinn")
    assert not Counterpart.objects.exists()
    assert_accessible(page, "the page for a stale form")

    page.get_by_role("button", name="Skicka igen").click()
    expect(page.get_by_role("status")).to_contain_text("Motparten Tallinns stad har sparats.")
    assert Counterpart.objects.get().city == "Tallinn"
