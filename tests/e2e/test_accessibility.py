"""Every role signs in through the Swedish login page, and every page it reaches passes axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User
from omvarld.organisation.services import counterpart_create

# What the start page shows each role, in Swedish.
ROLE_NAMES_SV = {
    Role.OFFICER: "Handläggare",
    Role.SECRETARY: "Nämndsekreterare",
    Role.COORDINATOR: "Internationell samordnare",
    Role.READER: "Läsare/revisor",
    Role.ADMINISTRATOR: "Administratör",
}

# The audit log is the slowest page to check (a long table of changes); its markup is the same for every
# role, only the rows differ by reach. It is checked for one unit-bound and one city-wide role.
AXE_AUDIT_LOG_FOR = {Role.OFFICER, Role.ADMINISTRATOR}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def counterparts(units: dict[str, object]) -> None:
    """A few counterparts, so that the lists, the start page and the audit log have rows to check."""
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel")
    counterpart_create(actor=None, name="Okänd ort AB", type="company", country="DE", city="Ingenstansburg")


def test_login_page_is_swedish_and_accessible(page: Page, units: dict[str, object]) -> None:
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page).to_have_title("Logga in – Omvärld")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in i Omvärld")
    assert_accessible(page, "the login page")

    page.get_by_label("Användarnamn").fill("ingen-sadan")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    assert_accessible(page, "the login page with an error")


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_signs_in_in_swedish_and_its_pages_pass_axe(
    page: Page, role_user: Callable[[Role], User], counterparts: None, role: Role
) -> None:
    user = role_user(role)
    login(page, user.username)

    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Välkommen, {user}")
    roles = page.get_by_role("region", name="Dina roller")
    expect(roles.get_by_role("listitem")).to_have_text([ROLE_NAMES_SV[role]])
    assert_accessible(page, f"the start page of the {role.value}")

    navigation = page.get_by_role("navigation", name="Huvudmeny")
    expect(navigation.get_by_role("link")).to_have_text(
        [
            "Start",
            "Diarium",
            "Att följa upp",
            "Strategi",
            "Organisation",
            "Motparter",
            "Ändringslogg",
            "Bakgrundsjobb",
        ]
    )
    for link, heading in (
        ("Diarium", "Diarium"),
        ("Att följa upp", "Att följa upp"),
        ("Organisation", "Organisation"),
        ("Motparter", "Motparter"),
        ("Ändringslogg", "Ändringslogg"),
        ("Bakgrundsjobb", "Mina bakgrundsjobb"),
    ):
        navigation.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(navigation.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
        # The register is empty here: it, the list of what to follow up in it and the background jobs
        # say so instead of showing a table.
        if link not in ("Diarium", "Att följa upp", "Bakgrundsjobb"):
            expect(page.locator("main table")).to_be_visible()
        if link != "Ändringslogg" or role in AXE_AUDIT_LOG_FOR:
            assert_accessible(page, f"{heading} for the {role.value}")


def test_counterpart_form_is_accessible_empty_and_with_errors(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object]
) -> None:
    login(page, role_user(Role.COORDINATOR).username)
    page.goto("/organisation/counterparts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny motpart")
    assert_accessible(page, "the empty counterpart form")

    page.get_by_label("Landskod").fill("X")
    page.get_by_role("button", name="Spara").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Rätta följande")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Fel: Ny motpart – Omvärld")
    name = page.get_by_label("Namn")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description("Fel: Det här fältet är obligatoriskt.")
    country = page.get_by_label("Landskod")
    expect(country).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the counterpart form with errors")

    # The summary's links take the keyboard user to the field.
    summary.get_by_role("link", name="Namn").click()
    expect(name).to_be_focused()
