"""Every public page, in light and dark schemes at 320 and 1280 px: axe finds no WCAG 2.2 AA
violations, nothing breaks the CSP, logs an error or calls another host, and nothing scrolls
sideways on a small phone. Screenshots land in screenshots/ for people to look at.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

from .helpers import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = pytest.mark.browser

ARTICLE = "what-an-ice-detainer-is"
FAQ_ENTRY = "police-sheriff-federal-agent-difference"


def open_every_answer(path):
    """Answers sit in closed <details>, which axe skips: open them all, as a reader could."""

    def visit(page, settings):
        response = page.goto(path)
        for summary in page.locator("details > summary").all():
            summary.click()
        return response

    return visit


def article_with_long_code(page, settings):
    """Unbroken text wider than a phone, in prose, inline code and a code block."""
    long_url = "https://www.example.gov/" + "civil-action-for-deprivation-of-rights/" * 4
    article = make_article(
        title="Quoting the statute",
        body=f"## The text\n\nRead it at {long_url}.\n\nSearch for `{long_url}`.\n\n"
        f"```\ncurl --silent {long_url}?format=plain&edition=current\n```\n",
    )
    return page.goto(article.get_absolute_url())


def ask_with_errors(page, settings):
    page.goto("/faq/ask/")
    page.get_by_label("Your question").fill("Can the police ask about my immigration status?")
    page.get_by_label("Your name").fill("www.example.com")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my question").click()
    return navigation.value


def ask_with_possible_answers(page, settings):
    page.goto(f"/faq/ask/?article={ARTICLE}")
    page.get_by_label("Your question").fill("Do police tell ICE when they arrest someone?")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my question").click()
    return navigation.value


def ask_with_live_suggestions(page, settings):
    response = page.goto("/faq/ask/")
    page.get_by_label("Your question").fill("Can I film the police at a protest?")
    expect(
        page.locator("#faq-suggestions").get_by_role(
            "heading", name="These answers may already help"
        )
    ).to_be_visible()
    return response


def ask_too_often(page, settings):
    settings.FAQ_ASK_LIMIT = 0
    page.goto("/faq/ask/")
    page.get_by_label("Your question").fill("Can the police ask about my immigration status?")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my question").click()
    # Answers that may help come first (looking stores nothing, so the limit allows it).
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my question anyway").click()
    return navigation.value


# name: (path or a function that gets there and returns the response, expected HTTP status)
PUBLIC_PAGES = {
    "home": ("/", 200),
    "article-list": ("/articles/", 200),
    "article": (f"/articles/{ARTICLE}/", 200),
    # A table wider than a phone: it scrolls in a box keyboard users can reach.
    "article-with-table": ("/articles/warrants-judicial-vs-administrative/", 200),
    # Long URLs and code wrap instead of scrolling: no box that keyboard users can't reach.
    "article-with-long-code": (article_with_long_code, 200),
    "topic": ("/topics/immigration/", 200),
    "search-results": ("/search/?q=detainer", 200),
    "search-no-results": ("/search/?q=qwxzv", 200),
    "search-filtered-no-results": ("/search/?q=qwxzv+permit&type=faq&topic=courts", 200),
    "faq": (open_every_answer("/faq/"), 200),
    "faq-entry": (f"/faq/{FAQ_ENTRY}/", 200),
    "article-answers-open": (open_every_answer(f"/articles/{ARTICLE}/"), 200),
    "ask": (f"/faq/ask/?article={ARTICLE}", 200),
    "ask-with-live-suggestions": (ask_with_live_suggestions, 200),
    "ask-with-errors": (ask_with_errors, 200),
    "ask-with-possible-answers": (ask_with_possible_answers, 200),
    "ask-thanks": ("/faq/ask/thanks/", 200),
    # For readers who read Spanish first: the form's Spanish box opened, a Spanish answer, a
    # Spanish search with its language labels, the thank-you page in Spanish first.
    "ask-spanish-box-open": (open_every_answer("/faq/ask/"), 200),
    "faq-entry-spanish": ("/faq/que-es-una-orden-de-retencion-de-ice/", 200),
    "search-spanish": ("/search/?q=mi+esposo+fue+detenido+por+ICE", 200),
    "ask-thanks-spanish": ("/faq/ask/thanks/?lang=es", 200),
    "ask-too-often": (ask_too_often, 429),
    "not-found": ("/no/such/page/", 404),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_is_accessible_and_clean(open_context, settings, name, scheme):
    visit, status = PUBLIC_PAGES[name]
    context, monitor = open_context(color_scheme=scheme)
    page = context.new_page()
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(visit) if isinstance(visit, str) else visit(page, settings)
        assert response.status == status
        monitor.assert_clean(page, expected_status=status)
        if width == NARROW:
            assert_no_horizontal_scroll(page)
        screenshot(page, f"{name}-{width}-{scheme}")
        assert_no_axe_violations(page)
