"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright cannot download its own browsers here, so we launch the system Chromium. Missing
Chromium skips these tests on a developer's machine but fails them in CI (REQUIRE_BROWSER=1).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Error, expect, sync_playwright

from .helpers import PageMonitor

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install it with `apt-get install chromium` or point CHROMIUM_PATH at it"
# Assertions wait for the page up to this long; generous, as CI machines have two busy cores.
EXPECT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    # Everything in this folder is a browser test, so `-m browser` / `-m "not browser"` select it
    # even if a module forgets its pytestmark.
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session; each test gets its own context."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        _unavailable(f"Chromium was not found ({INSTALL_HINT})")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    session_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an asyncio loop in this thread, so Django would refuse ORM
        # calls from test code; they are still synchronous, so allowing them is safe here.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        # With that loop running, Django also looks connections up in a separate, async-mode
        # store and would open new ones there, without the test database's serialized
        # contents that restore the staff groups after each flush. Give it the session's own.
        for alias, connection in session_connections.items():
            connections[alias] = connection
        try:
            browser = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            playwright.stop()
            _unavailable(f"Chromium at {path} did not start ({INSTALL_HINT}): {error}")
        yield browser
        browser.close()
        playwright.stop()


@pytest.fixture
def site(live_server, django_db_serialized_rollback, settings):
    """The live server with the demo content, answering over plain HTTP.

    Serialized rollback restores what migrations created (staff groups, permissions) after the
    flush that ends each live-server test.
    """
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # A browser fills the question form faster than a person may (the anti-spam timer).
    settings.FAQ_MIN_FILL_SECONDS = 0
    call_command("load_demo", no_accounts=True, verbosity=0)
    # The flush between live-server tests empties the tables Django knows about, not the
    # full-text index's own tables, so rows from earlier tests would linger there.
    call_command("rebuild_search_index", verbosity=0)
    return live_server.url


# Tests take open_context and make their own page. A fixture named "page" (pytest-playwright
# has one) left its test sorted among the database tests, before the browser tests' flush
# order: the staff groups were gone for the tests after it.
@pytest.fixture
def open_context(chromium, site):
    """Make a browser context (options as for Browser.new_context) watched by a PageMonitor.

    Every page opened in it records console errors, CSP violations and requests to other
    hosts; requests to other hosts are blocked so a test never reaches the internet.
    """
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("base_url", site)
        context = chromium.new_context(**options)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        monitor = PageMonitor(context, site)
        contexts.append(context)
        return context, monitor

    yield open_context
    for context in contexts:
        context.close()
