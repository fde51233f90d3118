"""The organisation in a browser: today's units in their order, the history apart, a unit's own page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_follows_a_merged_district_committee_through_the_history(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.OFFICER).username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Organisation").click()
    table = page.get_by_role("table", name="Organisation")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Kommunfullmäktige")
    expect(table).to_contain_text("Hägersten-Älvsjö stadsdelsnämnd")
    expect(table.get_by_role("link", name="Älvsjö stadsdelsnämnd", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Historiken: 6 enheter som har upphört").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationens historik")
    row = page.get_by_role("row").filter(has_text="SDN-ALVSJO")
    expect(row).to_contain_text("till och med 2020-06-30")
    assert_accessible(page, "the organisation's history")

    row.get_by_role("link", name="Älvsjö stadsdelsnämnd", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Älvsjö stadsdelsnämnd")
    expect(page.get_by_text("Enheten upphörde efter 2020-06-30.")).to_be_visible()
    assert_accessible(page, "the page of a unit that ceased")

    page.get_by_role("row", name="Gick upp i").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hägersten-Älvsjö stadsdelsnämnd")
    formed_from = page.get_by_role("row", name="Bildad av")
    expect(formed_from.get_by_role("link")).to_have_text(
        ["Hägersten-Liljeholmens stadsdelsnämnd", "Älvsjö stadsdelsnämnd"]
    )
    assert_accessible(page, "the page of the unit they merged into")


def test_the_organisation_of_a_past_day_is_a_filter_away(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.READER).username)
    page.goto("/organisation/")
    page.get_by_label("Datum").fill("2012-03-01")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("Organisationen som den såg ut 2012-03-01.")).to_be_visible()
    expect(page.get_by_role("table", name="Organisation")).to_contain_text("Rinkeby-Kista stadsdelsnämnd")
    assert_accessible(page, "the organisation of 2012")
