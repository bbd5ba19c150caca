"""WCAG 1.4.12 Text Spacing: readers who widen letter, word, line and paragraph spacing (with
a user style sheet or an extension) lose nothing on a small phone: no sideways scrolling."""

import pytest

from tests.factories import make_article

from .helpers import NARROW, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

# The spacing the success criterion names, as a reader's user style sheet would apply it.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
PAGES = [
    "/",
    "/articles/",
    "/articles/what-an-ice-detainer-is/",
    "/search/?q=detainer",
    "/faq/",
    "/faq/ask/?article=what-an-ice-detainer-is",
]


def test_wider_text_spacing_never_scrolls_sideways_at_320px(open_context):
    # The reader's style sheet is theirs, not the site's: it is not subject to our CSP.
    context, _ = open_context(viewport={"width": NARROW, "height": 800}, bypass_csp=True)
    page = context.new_page()
    for path in PAGES:
        page.goto(path)
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate("getComputedStyle(document.body).letterSpacing") != "normal"
        assert_no_horizontal_scroll(page)


def test_wide_tables_scroll_in_place_instead_of_widening_the_page(open_context):
    row = "| " + " | ".join(["Supplementary appropriations ordinance"] * 6) + " |"
    raw = "<table><tr>" + "<td>Supplementary appropriations ordinance</td>" * 6 + "</tr></table>"
    body = f"{row}\n{'|---' * 6}|\n{row}\n\nWritten as HTML:\n\n{raw}\n"
    make_article(slug="wide-tables", body=body)
    context, _ = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto("/articles/wide-tables/")
    assert page.locator(".prose table").count() == 2
    assert_no_horizontal_scroll(page)
