"""Counterparts through their pages, as an officer and a coordinator would: create, read, change, delete."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login
from tests.testapp.models import Matter

from omvarld.accounts.models import Role, User
from omvarld.organisation.models import Counterpart
from omvarld.organisation.services import counterpart_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_creates_copenhagen_and_sees_it_as_a_capital(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.OFFICER).username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Motparter").click()
    page.get_by_role("link", name="Ny motpart").click()

    page.get_by_label("Namn").fill("Köpenhamns kommun")
    page.get_by_label("Typ").select_option(label="Stad")
    page.get_by_label("Landskod").fill("DK")
    page.get_by_label("Stad").fill("Köpenhamn")
    page.get_by_role("button", name="Spara").click()

    # The new counterpart's own page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Köpenhamns kommun")
    expect(page.get_by_role("status")).to_contain_text("Motparten Köpenhamns kommun har sparats.")
    expect(page.get_by_role("row", name="Huvudstad")).to_contain_text("ja")
    expect(page.get_by_role("row", name="Stad (GeoNames)")).to_contain_text("Copenhagen")

    page.get_by_role("link", name="Alla motparter").click()
    row = page.get_by_role("row").filter(has_text="Köpenhamns kommun")
    # The city as written, then GeoNames' name for it; the last column says whether it is a capital.
    expect(row.get_by_role("cell")).to_have_text(
        ["Köpenhamns kommun", "Stad", re.compile(r"^Köpenhamn\b"), "Danmark", "ja"]
    )

    counterpart = Counterpart.objects.get(name="Köpenhamns kommun")
    assert counterpart.country == "DK"
    assert counterpart.is_capital is True


def test_a_coordinator_changes_and_deletes_a_counterpart_through_its_pages(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    counterpart_create(actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors")
    login(page, role_user(Role.COORDINATOR).username)
    page.goto("/organisation/counterparts/")
    page.get_by_role("link", name="Helsingfors stad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsingfors stad")
    assert_accessible(page, "a counterpart's page")

    page.get_by_role("link", name="Ändra").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra Helsingfors stad")
    expect(page.get_by_label("Namn")).to_have_value("Helsingfors stad")
    assert_accessible(page, "the form changing a counterpart")
    page.get_by_label("Stad").fill("Esbo")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Motparten Helsingfors stad har sparats.")
    properties = page.get_by_role("table", name="Helsingfors stad")
    expect(properties.get_by_role("row", name="Huvudstad")).to_contain_text("nej")
    # The change is in the page's history, with the value before and after.
    expect(page.get_by_role("region", name="Historik")).to_contain_text("Esbo")
    assert_accessible(page, "a counterpart's page with its history")

    page.get_by_role("link", name="Ta bort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort Helsingfors stad?")
    assert_accessible(page, "the confirmation before deleting")
    page.get_by_role("button", name="Ta bort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Motparter")
    expect(page.get_by_role("status")).to_contain_text("Motparten Helsingfors stad har tagits bort.")
    assert not Counterpart.objects.exists()


def test_deleting_what_something_refers_to_is_explained_and_offers_no_button(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    eurocities = counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")
    Matter.objects.create(title="Medlemskap i Eurocities 2009", counterpart=eurocities)
    login(page, role_user(Role.COORDINATOR).username)
    page.goto(f"/organisation/counterparts/{eurocities.pk}/delete/")
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("Motparten kan inte tas bort")
    expect(refusal).to_contain_text("1 matter (Medlemskap i Eurocities 2009)")
    expect(refusal).to_be_focused()
    expect(page.get_by_role("main").get_by_role("button")).to_have_count(0)
    assert_accessible(page, "the refusal to delete a counterpart")


def test_the_english_interface_shows_a_services_refusal_in_english(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel")
    login(page, role_user(Role.OFFICER).username)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/organisation/counterparts/new/")

    page.get_by_label("Name").fill("Eurocities")
    page.get_by_label("Type").select_option(label="Organisation")
    page.get_by_label("Country code").fill("be")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    expect(summary).to_contain_text("There is already a counterpart called Eurocities in Belgium.")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: New counterpart – Omvärld")
    expect(page.get_by_label("Name")).to_have_accessible_description(
        "Error: There is already a counterpart called Eurocities in Belgium."
    )
    expect(page.get_by_label("Country code")).to_have_value("be")  # what the user typed
    assert_accessible(page, "the English counterpart form refused by the service")
    assert Counterpart.objects.count() == 1
