"""The strategy on the web, in the demo's register: what the reservation would change, the guidelines as
study material, the search of the text, a draft version and the prioritisation — each page checked with
axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login, watch_csp
from tests.factories import DRAFT_YAML

from omvarld.accounts.models import Role, User
from omvarld.engagements.demo import load_demo_engagements

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CAPITALS = "I enstaka fall tecknar Stockholms stad samarbetsavtal med andra huvudstäder"
CO_FINANCING = "bidrag till finansiering eller medfinansiering"
FULL_FINANCING = (
    "Staden engagerar sig i arbete av biståndskaraktär enbart i de fall då finansiering till fullo"
)


def test_the_what_if_shows_that_the_reservation_changes_the_motion_and_the_capital_only_agreements(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object]
) -> None:
    load_demo_engagements()
    problems = watch_csp(page)
    login(page, role_user(Role.COORDINATOR).username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Strategi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Den internationella strategin")
    assert_accessible(page, "the strategy's guidelines")

    page.get_by_role("link", name="Vad händer om: diariet under två policyversioner").click()
    expect(page.get_by_label("Jämför diariet under")).to_have_value("stockholm-2008")
    expect(page.get_by_role("combobox", name="med", exact=True)).to_have_value("reservation-2008")
    assert_accessible(page, "the what-if form")
    page.get_by_role("button", name="Jämför").click()

    expect(page.get_by_role("status")).to_contain_text("får ett annat utfall eller beslutande organ")
    groups = page.get_by_role("table", name="Vad som ändras, i grupper")
    expect(groups).to_contain_text("Strider mot strategin → Uppgifter saknas")
    expect(groups).to_contain_text("Strider mot strategin → Förenligt med strategin")

    # The Suleimanya motion: rejected on the capitals and full-financing grounds, under the reservation no
    # longer — with the strategy's passages on one side and the reservation's on the other.
    motion = page.get_by_role("article").filter(has_text="Suleimanya")
    expect(motion.get_by_role("heading", level=3)).to_contain_text("Motion (2001:71)")
    expect(motion).to_contain_text("Utfall: Strider mot strategin → Uppgifter saknas")
    expect(motion).to_contain_text(CAPITALS)
    expect(motion).to_contain_text(FULL_FINANCING)
    expect(motion).to_contain_text(CO_FINANCING)
    expect(motion).to_contain_text("Versionen har ingen sådan regel.")

    # The agreements with cities that are no capitals: approved under the reservation, with both passages.
    hamburg = page.get_by_role("article").filter(has_text="Samarbetsavtal med Hamburg")
    expect(hamburg).to_contain_text("Utfall: Strider mot strategin → Förenligt med strategin")
    expect(hamburg).to_contain_text(CAPITALS)
    expect(hamburg).to_contain_text("Hamburg är inte huvudstad i Tyskland")
    assert_accessible(page, "the what-if's result")

    # Each passage leads to its guideline.
    motion.get_by_role("link", name="Reservation (Ruwaida mp, Livh v)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riktlinje: Reservation (Ruwaida mp, Livh v)")
    expect(page.get_by_role("blockquote").first).to_contain_text(CO_FINANCING)
    expect(page.get_by_role("region", name="Regler som vilar på den")).to_contain_text(
        "Bistånd får finansieras eller medfinansieras av staden"
    )
    assert_accessible(page, "a guideline of the reservation")
    assert problems == []


def test_the_guidelines_the_text_and_the_search_are_study_material_for_an_officer(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object]
) -> None:
    load_demo_engagements()
    login(page, role_user(Role.OFFICER).username)
    page.goto("/strategy/")
    page.get_by_label("Sök i strategins text").fill("vänortsavtal")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök i strategin")
    expect(page.locator("mark").first).to_have_text("vänortsavtal", ignore_case=True)
    assert_accessible(page, "the search's hits")

    page.get_by_role("link", name="riktlinje strategi.verksamhet.vanort").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Riktlinje: Bilaga 2 › 2) Verksamhetsutveckling"
    )
    expect(page.get_by_role("region", name="Exempelfall")).to_contain_text("Vänortsavtal med Riga")
    # The officer sees the matters of their own unit only (MHN has none that cite it in the demo).
    expect(page.get_by_role("heading", name="Ärenden vars bedömning citerar den")).to_be_visible()
    assert_accessible(page, "a guideline's page")

    page.get_by_role("link", name="Läs den där den står i beslutet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utlåtande 2008:204 RI, hela texten")
    assert_accessible(page, "the whole text")

    page.goto("/strategy/priorities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prioritering")
    assert_accessible(page, "the prioritisation")


def test_a_draft_is_uploaded_checked_marked_and_compared(
    page: Page, role_user: Callable[[Role], User], units: dict[str, object], tmp_path
) -> None:
    login(page, role_user(Role.COORDINATOR).username)
    page.goto("/strategy/drafts/")
    assert_accessible(page, "the drafts, none yet")
    page.get_by_role("link", name="Ladda upp ett utkast").click()
    broken = tmp_path / "trasig.yaml"
    broken.write_text(DRAFT_YAML.format(id="stockholm-2008"), encoding="utf-8")
    page.get_by_label("Policyfil (YAML)").set_input_files(str(broken))
    page.get_by_role("button", name="Kontrollera och spara utkastet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("'stockholm-2008' är en antagen versions id")
    assert_accessible(page, "the draft form with its problems")

    good = tmp_path / "utkast.yaml"
    good.write_text(DRAFT_YAML.format(id="utan-varumarke"), encoding="utf-8")
    page.get_by_label("Policyfil (YAML)").set_input_files(str(good))
    page.get_by_role("button", name="Kontrollera och spara utkastet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad händer om")
    expect(page.locator(".draft-notice")).to_contain_text("inget ärende bedöms någonsin under det")
    expect(page.locator(".draft-mark").first).to_have_text("UTKAST")
    assert_accessible(page, "a what-if with a draft")

    page.goto("/strategy/drafts/")
    page.get_by_role("link", name="utan-varumarke", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("UTKAST utan-varumarke")
    expect(page.get_by_role("region", name="Dess regler jämfört med stockholm-2008")).to_contain_text(
        "Borttagen: Varumärket ”Stockholm – The Capital of Scandinavia”"
    )
    assert_accessible(page, "a draft's page")
