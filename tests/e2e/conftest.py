"""Browser journeys: Playwright drives Debian's Chromium (bin/test installs it; never
``playwright install``) against pytest-django's live server.

The sync Playwright API marks an asyncio loop as running in this thread between its
calls. Two consequences, both handled by the ``browser`` fixture:

* Django refuses ORM calls under a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is
  set; it is set while the browser is alive.
* Django keeps its connections in a thread-critical ``asgiref.local.Local``, which
  switches to separate, context-local storage once a loop runs. The tests therefore
  use other connection objects than the ones that existed when the test database was
  set up, and those lack ``_test_serialized_contents`` (the role groups and grading
  scales the data migrations wrote), so ``serialized_rollback`` would silently
  restore nothing whenever another test had opened the database first.

The browser lives for the e2e package only, so that the "running" loop and the
environment variable do not leak into the tests that run after it.
"""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _serialized_contents() -> dict[str, str]:
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="package")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run bin/test, or apt-get install chromium")
    serialized = _serialized_contents()
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def console_errors():
    """Error-level console messages and uncaught exceptions of the page, e.g. a
    Content-Security-Policy violation or a missing stylesheet."""
    return []


@pytest.fixture
def page(browser, console_errors):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"pageerror: {error}"))
    yield page
    context.close()
