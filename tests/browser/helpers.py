"""What every browser test checks on the pages it visits, and the axe run."""

from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW, WIDE = 320, 1280

# Runs before any page script. Bindings and init scripts are not subject to the page's CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI}`
    + ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
}, true);
"""

_axe = Axe()


class PageMonitor:
    """Collects, for every page of a browser context, what must never happen on a public page.

    Console errors, uncaught exceptions, CSP violations (from the `securitypolicyviolation` event
    and from Chromium's console report, which also works with JavaScript off) and requests to any
    host but the live server's. Those requests are aborted, so tests never reach the internet.
    """

    def __init__(self, context, origin):
        self.origin = origin
        self.reset()
        context.expose_binding("__reportCspViolation", self._on_csp_event)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.console_errors.append(str(error.error)))
        context.on("request", self._on_request)
        context.route(lambda url: not self._is_ours(url), lambda route: route.abort())

    def reset(self):
        self.console_errors, self.csp_violations, self.foreign_requests = [], [], []

    def _is_ours(self, url):
        scheme, netloc = urlsplit(url)[:2]
        return scheme in {"data", "blob", "about"} or f"{scheme}://{netloc}" == self.origin

    def _on_csp_event(self, source, description):
        self.csp_violations.append(f"{description} (securitypolicyviolation event)")

    def _on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url")
        text = f"{message.text} [{url}]" if url else message.text
        if "Content Security Policy" in message.text:
            self.csp_violations.append(text)
        else:
            self.console_errors.append(text)

    def _on_request(self, request):
        if not self._is_ours(request.url):
            self.foreign_requests.append(request.url)

    def assert_clean(self, page, *, expected_status=None):
        """Fail on anything collected since the last check, then start collecting afresh.

        `expected_status` (e.g. 404) excuses Chromium's "Failed to load resource" console line
        for the page's own address, which it logs whenever a document has an error status.
        """
        page.evaluate("0")  # a round trip, so pending violation reports have arrived first
        errors = [
            error
            for error in self.console_errors
            if not (
                expected_status
                and f"status of {expected_status}" in error
                and error.endswith(f"[{page.url}]")
            )
        ]
        problems = (
            [f"console error: {e}" for e in errors]
            + [f"CSP violation: {v}" for v in self.csp_violations]
            + [f"request to another host: {u}" for u in self.foreign_requests]
        )
        self.reset()
        assert not problems, f"On {page.url}:\n" + "\n".join(problems)


def assert_no_horizontal_scroll(page):
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{page.url} scrolls sideways: {width}px content in {viewport}px"


def assert_no_axe_violations(page, context=None):
    """No WCAG violation on the page, or in the part the CSS selector `context` names."""
    results = _axe.run(
        page,
        context=context,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def log_in(page, user, password="pw"):
    """Log in through the admin's own form, as a person would."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
