"""The web shell in a real browser: sign-in errors, the language switch, CSP and the skip link."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import login, watch_csp

from omvarld.accounts.models import Role, User
from omvarld.engagements.models import Engagement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_failed_login_shows_a_swedish_error(page: Page, role_user: Callable[[Role], User]) -> None:
    user = role_user(Role.OFFICER)
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill("inte-rätt-lösenord")
    page.get_by_role("button", name="Logga in").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Rätta följande")
    expect(alert).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    expect(alert).to_be_focused()
    expect(page).to_have_title("Fel: Logga in – Omvärld")
    expect(page).to_have_url(f"{page.url.split('/login/')[0]}/login/")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_have_count(0)


def test_language_switch_to_english_and_back(page: Page, role_user: Callable[[Role], User]) -> None:
    user = role_user(Role.COORDINATOR)
    login(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Välkommen, {user}")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user}")
    expect(page.get_by_role("region", name="Your roles")).to_contain_text("International coordinator")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Counterparts")

    # The choice follows the user to the next page.
    page.get_by_role("link", name="Counterparts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Counterparts")

    page.get_by_role("button", name="Svenska", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Motparter")
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("lang", "en")


def test_csp_header_is_sent_and_nothing_violates_it(page: Page, role_user: Callable[[Role], User]) -> None:
    problems = watch_csp(page)
    response = page.goto("/login/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy

    login(page, role_user(Role.ADMINISTRATOR).username)
    for path in (
        "/",
        "/organisation/",
        "/organisation/counterparts/",
        "/organisation/counterparts/new/",
        "/audit/",
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
    # The form with errors runs the one script, which must load under the policy.
    page.goto("/organisation/counterparts/new/")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert problems == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    login(page, role_user(Role.OFFICER).username)
    page.goto("/organisation/counterparts/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_signing_in_works_with_the_keyboard_alone(page: Page, role_user: Callable[[Role], User]) -> None:
    user = role_user(Role.SECRETARY)
    page.goto("/login/")
    expect(page.get_by_label("Användarnamn")).to_be_focused()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lösenord")).to_be_focused()
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Välkommen, {user}")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()


def test_requests_a_page_sends_at_once_are_all_answered(
    page: Page, role_user: Callable[[Role], User]
) -> None:
    """Saving a form sends it while its live assessment may still be on its way (leaving a field asks for
    one): the server answers each request, whatever the database, and each save registers its matter."""
    login(page, role_user(Role.OFFICER).username)
    page.goto("/register/new/invitation/")
    page.get_by_label("Rubrik").fill("Inbjudan till Eurocities årsmöte")
    answers = page.evaluate(
        """() => {
            const form = document.querySelector("form[hx-post]");
            const send = (url) => fetch(url, {
                method: "POST", body: new FormData(form), redirect: "manual", credentials: "same-origin",
            }).then(r => r.type === "opaqueredirect" ? "redirect" : String(r.status));
            const urls = [form.getAttribute("hx-post"), form.action];
            return Promise.all(Array.from({length: 16}, (_, i) => send(urls[i % 2])));
        }"""
    )
    assert answers == ["200", "redirect"] * 8
    assert Engagement.objects.count() == 8
