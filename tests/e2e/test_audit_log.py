"""The audit log in a real browser: readable changes, filters by name, long values that wrap, and axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible, login

from omvarld.accounts.models import Role, User
from omvarld.core.context import Channel, channel
from omvarld.organisation.services import counterpart_create, counterpart_update

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A 200-character value without a place to break it, as a pasted address is.
LONG_NAME = "https://www.example.org/partnerskap/" + "x" * 164
assert len(LONG_NAME) == 200

# For every row of the log's table: how much taller the row is than its tallest cell's content with the
# cell's padding, and how many lines the time takes. Each cell's content is put in a block first, so that
# its height is that of its lines. (This changes the page: measure last.)
ROW_MEASURES = """() => [...document.querySelectorAll('table.audit-table tbody tr')].map(row => {
  const heights = [...row.cells].map(cell => {
    const box = document.createElement('div');
    box.append(...cell.childNodes);
    cell.append(box);
    const style = getComputedStyle(cell);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return {content: box.getBoundingClientRect().height, padding: padding};
  });
  const needed = Math.max(...heights.map(h => h.content + h.padding));
  const lineHeight = parseFloat(getComputedStyle(row.cells[0]).lineHeight);
  return {
    extra: row.getBoundingClientRect().height - needed,
    timeLines: heights[0].content / lineHeight,
    channelLines: heights[2].content / lineHeight,
  };
})"""


@pytest.fixture
def log(units: dict[str, object], role_user: Callable[[Role], User]) -> User:
    """A log with a long value: a counterpart whose name is a 200-character address, renamed."""
    coordinator = role_user(Role.COORDINATOR)
    coordinator.first_name, coordinator.last_name = "Sara", "Samordnare"
    coordinator.save()
    with channel(Channel.CLI):  # "kommandorad": the longest word of the channel column
        riga = counterpart_create(actor=coordinator, name="Riga stad", type="city", country="LV", city="Riga")
    counterpart_update(
        actor=coordinator, counterpart=riga, name=LONG_NAME, type="organisation", country="LV", city=""
    )
    return coordinator


def _no_horizontal_scrolling(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    region = page.get_by_role("region", name="Ändringslogg")
    assert region.evaluate("element => element.scrollWidth <= element.clientWidth")


def test_the_log_reads_in_words_wraps_long_values_and_passes_axe(page: Page, log: User) -> None:
    login(page, log.username)
    page.goto("/audit/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ändringslogg")
    table = page.get_by_role("table", name="Ändringslogg")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Tid", "Utförd av", "Kanal", "Händelse", "Objekt", "Ändringar"]
    )
    renamed = table.get_by_role("row").filter(has_text="Motpart ändrad")
    expect(renamed).to_contain_text("Namn: förut Riga stad → nu " + LONG_NAME)
    expect(renamed).to_contain_text("Typ: förut Stad → nu Organisation")
    expect(renamed).to_contain_text("Huvudstad: förut Ja → nu –")
    expect(table).not_to_contain_text("is_capital")

    _no_horizontal_scrolling(page)
    assert_accessible(page, "the audit log with a 200-character value")
    measures = page.evaluate(ROW_MEASURES)
    assert len(measures) >= 3
    for measure in measures:
        assert measure["extra"] <= 2, measure  # no row is taller than its content
        # … and no column is squeezed into breaking its words: the time and the channel keep one line.
        assert round(measure["timeLines"]) == 1, measure
        assert round(measure["channelLines"]) == 1, measure


def test_the_filters_take_names_not_internals(page: Page, log: User) -> None:
    login(page, log.username)
    page.goto("/audit/")
    search = page.get_by_role("search", name="Filtrera listan")
    search.get_by_label("Utförd av").fill("sara samord")
    search.get_by_label("Typ av objekt").select_option(label="Motpart")
    search.get_by_label("Händelse").select_option(label="Motpart ändrad")
    search.get_by_role("button", name="Filtrera").click()

    rows = page.get_by_role("table", name="Ändringslogg").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one change
    expect(rows.nth(1)).to_contain_text("Motpart ändrad")
    expect(search.get_by_label("Händelse")).to_have_value("counterpart.updated")
    _no_horizontal_scrolling(page)
    assert_accessible(page, "the filtered audit log")


def test_the_log_is_in_english_when_english_is_chosen(page: Page, log: User) -> None:
    login(page, log.username)
    page.get_by_role("button", name="English").click()
    page.goto("/audit/")
    table = page.get_by_role("table", name="Audit log")
    expect(table.get_by_role("columnheader").nth(3)).to_have_text("Event")
    renamed = table.get_by_role("row").filter(has_text="Counterpart changed")
    expect(renamed).to_contain_text("Type: was City → now Organisation")
    expect(renamed).to_contain_text("Capital: was Yes → now –")
    expect(page.get_by_label("Kind of object")).to_contain_text("Counterpart")
    assert_accessible(page, "the audit log in English")
