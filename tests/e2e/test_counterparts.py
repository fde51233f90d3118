"""Creating a counterpart through the form, as an officer would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import login

from omvarld.accounts.models import Role, User
from omvarld.organisation.models import Counterpart

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

    expect(page.get_by_role("heading", level=1)).to_have_text("Motparter")
    expect(page.get_by_role("status")).to_contain_text("Motparten Köpenhamns kommun har sparats.")
    row = page.get_by_role("row").filter(has_text="Köpenhamns kommun")
    # The city as written, then GeoNames' name for it; the last column says whether it is a capital.
    expect(row.get_by_role("cell")).to_have_text(
        ["Köpenhamns kommun", "Stad", re.compile(r"^Köpenhamn\b"), "Danmark", "ja"]
    )

    counterpart = Counterpart.objects.get(name="Köpenhamns kommun")
    assert counterpart.country == "DK"
    assert counterpart.is_capital is True
