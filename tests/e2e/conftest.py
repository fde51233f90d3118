"""Browser fixtures: one Debian Chromium per session, a fresh context and page per test.

Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM calls from a
thread with a running loop. The tests only touch the database before they open pages (or in between,
never concurrently with the browser), so allowing it here is safe; it is set for this folder only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.servers.basehttp import WSGIServer
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.models import Role, User

CHROMIUM = "/usr/bin/chromium"
# How long an action or an expectation waits: on a two-core machine running two test workers, the live
# server and the browser, Playwright's five seconds for an expectation were once not enough for a page.
BROWSER_TIMEOUT_MS = 10_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The demo's usernames, so that failures read like the demo: one user per role.
USERNAMES = {
    Role.OFFICER: "handlaggare",
    Role.SECRETARY: "sekreterare",
    Role.COORDINATOR: "samordnare",
    Role.READER: "revisor",
    Role.ADMINISTRATOR: "admin",
}
UNIT_OF = {Role.OFFICER: "MHN", Role.SECRETARY: "MHN"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class OneRequestAtATimeServer(WSGIServer):
    """Django's WSGI server without threads, taking the live server thread's arguments (its own thread
    already holds any connections it is to share)."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, serving one request at a time when the database is SQLite.

    The suite's SQLite database lives in memory, shared between connections that lock whole tables: two
    requests of one page at once (a live assessment still on its way while the form is saved) then fail
    one of them with "database table is locked". Served in turn, they queue as they would on one worker;
    the server then closes each connection after its response, which browsers handle. On PostgreSQL the
    threaded server stays.
    """
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(addr or "localhost", start=False)
    if connection.vendor == "sqlite":
        server.thread.server_class = OneRequestAtATimeServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _static_files_from_finders(settings: Any) -> None:
    """Serve static files from the source folders: the manifest storage needs ``collectstatic`` first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def role_user(make_user: Callable[..., User]) -> Callable[[Role], User]:
    """A user in the given role, named like the demo user for that role."""

    def make(role: Role) -> User:
        return make_user(role, UNIT_OF.get(role), username=USERNAMES[role])

    return make


def login(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the (Swedish) login page and wait for the start page."""
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    # The start page is the site's root; waiting for it means the sign-in has gone through.
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def assert_accessible(page: Page, what: str = "") -> None:
    """Run axe-core on the page as it is now; fail with axe's report when it finds any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    if results.violations_count:
        report = results.generate_report()
        print(report)
        pytest.fail(f"axe found {results.violations_count} violation(s) on {what or page.url}:\n{report}")


def watch_csp(page: Page) -> list[str]:
    """Collect CSP violations reported on the page, from the console and from the DOM event."""
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });"
    )

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "CSP violation" in text:
            problems.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems
