"""The checks themselves: a page that misbehaves must fail them, or a green run proves nothing."""

import pytest

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

BREAK_THE_PAGE = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineRan = true";
  document.body.append(script);
  const image = document.createElement("img");
  image.src = "https://tracker.example/pixel.png";
  image.alt = "";
  document.body.append(image);
  console.error("something broke");
}"""


def test_the_monitor_catches_csp_violations_console_errors_and_other_hosts(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/")
    monitor.assert_clean(page)
    page.evaluate(BREAK_THE_PAGE)
    page.wait_for_timeout(200)
    with pytest.raises(AssertionError) as failure:
        monitor.assert_clean(page)
    report = str(failure.value)
    assert "console error: something broke" in report
    assert "script-src-elem blocked inline" in report  # the securitypolicyviolation event
    assert "img-src blocked https://tracker.example/pixel.png" in report
    assert "violates the following Content Security Policy directive" in report  # the console
    assert "request to another host: https://tracker.example/pixel.png" in report
    assert page.evaluate("window.inlineRan") is None


def test_sideways_scrolling_and_axe_violations_fail(open_context):
    context, _ = open_context(viewport={"width": 320, "height": 600})
    page = context.new_page()
    page.goto("/")
    page.evaluate("""() => {
      const wide = document.createElement("pre");
      wide.textContent = "x".repeat(200);
      const unlabelled = document.createElement("input");
      document.querySelector("main").append(wide, unlabelled);
    }""")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_horizontal_scroll(page)
    with pytest.raises(AssertionError, match="label - Ensure every form element has a label"):
        assert_no_axe_violations(page)
