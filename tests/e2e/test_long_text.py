"""Long unbroken text (a 200-character name) wraps instead of widening the page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# One unbroken word of 200 characters, the longest name the form accepts.
LONG_NAME = "Stadsutvecklingsförvaltningensinternationellasamarbetsorganisation" * 3 + "Xy"
assert len(LONG_NAME) == 200


def assert_no_horizontal_scrolling(page: Page, what: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{what} is {widths[0]} px wide in a {widths[1]} px window"


def test_a_200_character_name_wraps_in_the_list_the_message_the_form_and_the_log(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.COORDINATOR).username)
    page.goto("/organisation/counterparts/new/")
    page.get_by_label("Namn").fill(LONG_NAME)
    page.get_by_label("Typ").select_option(label="Organisation")
    page.get_by_label("Landskod").fill("SE")
    page.get_by_role("button", name="Spara").click()

    # The counterpart's own page, with the flash message that names it, its heading and its history.
    expect(page.get_by_role("status")).to_contain_text(LONG_NAME)
    expect(page.get_by_role("heading", level=1)).to_have_text(LONG_NAME)
    counterpart_page = page.url
    assert_no_horizontal_scrolling(page, "the counterpart's page with its message")
    assert_accessible(page, "the counterpart's page with a 200-character name")

    # The list.
    page.goto("/organisation/counterparts/")
    expect(page.get_by_role("cell", name=LONG_NAME, exact=True)).to_be_visible()
    assert_no_horizontal_scrolling(page, "the counterpart list")
    assert_accessible(page, "the counterpart list with a 200-character name")

    # The form, refusing the same name again: the summary and the field's message both quote it.
    page.goto("/organisation/counterparts/new/")
    page.get_by_label("Namn").fill(LONG_NAME)
    page.get_by_label("Typ").select_option(label="Organisation")
    page.get_by_label("Landskod").fill("SE")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text(LONG_NAME)
    assert_no_horizontal_scrolling(page, "the form with an error quoting the name")
    assert_accessible(page, "the counterpart form quoting a 200-character name")

    page.goto("/audit/")
    expect(page.get_by_role("cell", name=re.compile(LONG_NAME)).first).to_be_visible()
    assert_no_horizontal_scrolling(page, "the audit log")
    assert_accessible(page, "the audit log with a 200-character name")

    # On a phone the lists stay inside the screen too: a table too wide for it scrolls in its own region.
    page.set_viewport_size({"width": 400, "height": 800})
    for path in ("/organisation/counterparts/", counterpart_page, "/audit/", "/"):
        page.goto(path)
        assert_no_horizontal_scrolling(page, f"{path} at 400 px")
