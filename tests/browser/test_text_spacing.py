"""WCAG 1.4.12 Text Spacing: readers who widen letter, word, line and paragraph spacing (with
a user style sheet or an extension) lose nothing on a small phone: no sideways scrolling."""

import pytest

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
