"""Reading on a small phone (320 px): the links and controls readers move around with are big
enough to tap, the menu offers the question form, the search page shows its results high up
under one search form, and a table wider than the screen shows that it scrolls."""

import base64

import pytest
from playwright.sync_api import expect

from tests.factories import make_question

from .helpers import NARROW, WIDE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

# WCAG 2.5.5 Target Size (enhanced): 44 by 44 CSS pixels. The site sets 2.75rem.
TAP_HEIGHT = 44
# WCAG 2.5.8 Target Size (minimum), for the width of short words such as "FAQ".
MIN_WIDTH = 24
FAQ_ENTRY = "/faq/police-sheriff-federal-agent-difference/"

# page: CSS selectors of what a reader taps there; each must match at least one visible element.
TAP_TARGETS = {
    "/": [
        ".site-header__name",
        ".site-footer a",
        ".site-nav a",
        "#site-search-q",
        ".site-search button",
        "#home-q",
        ".search-hero button",
        ".card__title a",
        ".card .topic-tags a",
        "main .tap-links a",
        ".topic-list a",
    ],
    "/articles/": [".site-nav a", ".filter a", ".card__title a", ".card .topic-tags a"],
    "/faq/": [".site-nav a", "main .button", ".faq-topics a", ".faq-list summary"],
    FAQ_ENTRY: [".site-nav a", ".article__topics a", "main .tap-links a"],
    "/articles/what-an-ice-detainer-is/": [
        ".article__topics a",
        ".toc a",
        ".faq-list summary",
        ".article-faq > p > a",
    ],
    "/search/?q=detainer": [
        ".site-nav a",
        "#search-q",
        "#search-type",
        "#search-topic",
        ".search-form button",
        ".search-result__title a",
        ".search-result .topic-tags a",
    ],
    "/search/?q=qwxzv": [".search-empty .tap-links a"],
    # No page has all its words: pages with two of them, and the question form after them.
    "/search/?q=Can+ICE+agents+enter+my+house%3F": [
        ".search-result__title a",
        ".search-partial__ask a",
    ],
    "/faq/ask/thanks/": ["main .tap-links a"],
    "/no-such-page/": ["main .tap-links a"],  # the 404 page's ways on
}

BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length)
  .map((el) => {
    const box = el.getBoundingClientRect();
    return {text: el.innerText || el.id, top: box.top + scrollY, left: box.left,
            width: box.width, height: box.height};
  })"""


def boxes(page, selector):
    found = page.evaluate(BOXES, selector)
    assert found, f"nothing visible matches {selector} on {page.url}"
    return found


def overlap(a, b):
    return (
        a["left"] < b["left"] + b["width"]
        and b["left"] < a["left"] + a["width"]
        and a["top"] < b["top"] + b["height"]
        and b["top"] < a["top"] + a["height"]
    )


@pytest.mark.parametrize("path", list(TAP_TARGETS))
def test_main_links_and_controls_are_44px_tall_at_320px(open_context, path):
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    response = page.goto(path)
    for summary in page.locator("details > summary").all():
        summary.click()  # the links inside FAQ answers count too
    selectors = TAP_TARGETS[path]
    if page.locator(".faq-entry__link a").count():
        selectors = [*selectors, ".faq-entry__link a"]
    for selector in selectors:
        found = boxes(page, selector)
        small = [b for b in found if b["height"] < TAP_HEIGHT or b["width"] < MIN_WIDTH]
        assert not small, f"{selector} on {path}: smaller than {TAP_HEIGHT} px tall: {small}"
        # Rows of them (nav, filters, topics) sit apart: no tap lands on two.
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                assert not overlap(a, b), f"{selector} on {path}: {a} overlaps {b}"
    monitor.assert_clean(page, expected_status=response.status)


def test_the_too_many_questions_page_offers_44px_links_at_320px(open_context, settings):
    settings.FAQ_ASK_LIMIT = 0  # the first question is one too many
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto("/faq/ask/")
    page.get_by_label("Your question").fill("Who decides how the county spends its budget?")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my question").click()
    # Answers that may help come first (looking stores nothing, so the limit allows it).
    with page.expect_navigation():  # to the page's "load": its style sheet is in by then
        page.get_by_role("button", name="Send my question anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Please wait a while before sending more"
    )
    found = boxes(page, "main .tap-links a")
    assert len(found) == 2 and all(b["height"] >= TAP_HEIGHT for b in found), found
    monitor.assert_clean(page, expected_status=429)


@pytest.mark.parametrize("javascript", [True, False])
def test_an_error_summary_link_shows_the_fields_label_help_and_error_at_320px(
    open_context, javascript
):
    # Scrolled to the top of the screen, the field hid what says how to fix it.
    context, monitor = open_context(
        viewport={"width": NARROW, "height": 640}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto("/faq/ask/")
    page.get_by_label("Your question").fill("Can a landlord ask about my immigration status?")
    page.get_by_label("Your email").fill("dana@example")  # the browser allows it; we don't
    with page.expect_navigation():  # to "load": ask.js has handled the summary by then
        page.get_by_role("button", name="Send my question").click()
    page.locator("#ask-errors").get_by_role("link", name="Your email (optional):").click()
    email = page.get_by_label("Your email")
    expect(email).to_be_focused()
    label, field = (
        page.locator(selector).bounding_box() for selector in ["label[for=id_email]", "#id_email"]
    )
    assert label["y"] >= 0, f"the label is {-label['y']} px above the screen"
    assert field["y"] + field["height"] <= 640
    monitor.assert_clean(page)


def test_headings_in_large_text_hyphenate_long_words_at_320px(open_context):
    # At 200 % text a word like "administrative" is wider than the phone: it should break at
    # a syllable with a hyphen, and the heading be no bigger than it needs to be.
    context, monitor = open_context(viewport={"width": NARROW, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto("/articles/warrants-judicial-vs-administrative/")
    monitor.assert_clean(page)
    page.add_style_tag(content="html { font-size: 200% !important; }")  # the reader's setting
    assert page.evaluate("document.documentElement.lang") == "en"
    style = page.evaluate(
        """() => {
          const h1 = getComputedStyle(document.querySelector("h1"));
          const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
          return {hyphens: h1.hyphens, ems: parseFloat(h1.fontSize) / root};
        }"""
    )
    assert style["hyphens"] == "auto"
    assert style["ems"] <= 1.5, style


@pytest.mark.parametrize(
    "path",
    ["/articles/warrants-judicial-vs-administrative/", "/search/?q=police&topic=protest-rights"],
)
def test_large_text_at_320px_never_runs_off_the_side(open_context, path):
    # The contents' links ("Administrative warrants") at 200 % text on the narrowest phone stay
    # within the screen; the topic picker is wide enough to read "Protest and free speech".
    context, monitor = open_context(viewport={"width": NARROW, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(path)
    monitor.assert_clean(page)
    topic = page.locator("#search-topic")
    if topic.count():  # as wide as the search box, not a third of it, at any text size
        assert topic.bounding_box()["width"] == page.locator("#search-q").bounding_box()["width"]
    page.add_style_tag(content="html { font-size: 200% !important; }")  # the reader's setting
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW


@pytest.mark.parametrize("path", ["/search/?q=sanctury", "/search/?q=what+is"])
def test_links_inside_a_sentence_stay_in_its_line_at_320px(open_context, path):
    # As 44 px boxes they split "Did you mean: sanctuary?" and the Spanish tip into odd lines.
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto(path)
    inline = page.locator(".search-empty li:not(.tap-links) a, .search-empty p a")
    expect(inline.first).to_be_visible()
    for link in inline.all():
        assert link.evaluate("(a) => getComputedStyle(a).display") == "inline", link.inner_text()
    monitor.assert_clean(page)


@pytest.mark.parametrize("path", ["/", "/articles/", "/faq/", "/faq/ask/", "/search/?q=detainer"])
def test_the_menu_offers_the_question_form_on_one_or_two_lines_at_320px(open_context, path):
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto(path)
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link")).to_have_text(["Explainers", "FAQ", "Ask a question"])
    rows = {round(b["top"]) for b in boxes(page, ".site-nav a")}
    assert len(rows) <= 2, f"the menu takes {len(rows)} lines on {path}"
    if path != "/faq/ask/":
        menu.get_by_role("link", name="Ask a question").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(menu.get_by_role("link", name="Ask a question")).to_have_attribute(
        "aria-current", "page"
    )
    monitor.assert_clean(page)


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_the_search_page_has_one_search_form_and_the_first_result_high_up(open_context, width):
    # 320 by 568: the smallest phones still in use (iPhone SE, first generation).
    context, monitor = open_context(viewport={"width": width, "height": 568})
    page = context.new_page()
    page.goto("/articles/")
    expect(page.locator("#site-search-q")).to_be_visible()  # the header box is on other pages
    page.goto("/search/?q=detainer")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.locator("#site-search-q")).to_have_count(0)
    expect(page.get_by_role("search")).to_have_count(1)
    first = page.locator(".search-result__title").first
    expect(first).to_be_visible()
    top = first.bounding_box()["y"]
    # At least its first line, with the link's tap padding, is on the first screen.
    assert top + TAP_HEIGHT <= 568, f"the first result starts {top} px down a 568 px screen"
    monitor.assert_clean(page)


# Reads pixels from a screenshot in a blank page (the site's CSP rightly refuses data: images).
PIXELS = """async ([png, y]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const at = (x) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
  return {left: at(1), right: at(image.width - 2), middle: at(Math.floor(image.width / 2))};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_table_wider_than_the_phone_shows_there_is_more_to_the_side(open_context, scheme):
    # The table's text and lines made invisible, so only the box's background is left to see.
    context, monitor = open_context(
        viewport={"width": NARROW, "height": 800}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/articles/warrants-judicial-vs-administrative/")
    monitor.assert_clean(page)
    page.add_style_tag(
        content=".prose table * { color: transparent !important; border: 0 !important; }"
    )
    table = page.locator(".table-scroll").first
    assert table.evaluate("(box) => box.scrollWidth > box.clientWidth")
    blank = context.new_page()

    def edges():
        png = base64.b64encode(table.screenshot()).decode()
        return blank.evaluate(PIXELS, [png, 20])

    start = edges()
    assert start["left"] == start["middle"], "a shadow before the first column"
    assert start["right"] != start["middle"], "no shadow where more columns are hidden"
    table.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    end = edges()
    assert end["left"] != end["middle"], "no shadow where the first columns are hidden"
    assert end["right"] == end["middle"], "a shadow after the last column"


def test_a_wide_table_scrolled_sideways_still_names_each_row(open_context):
    # After scrolling right, "Generally no" alone didn't say which question it answered.
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto("/articles/warrants-judicial-vs-administrative/")
    box = page.locator(".table-scroll").first
    row_header = box.locator('th[scope="row"]').first
    box.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    left = box.bounding_box()["x"]
    assert abs(row_header.bounding_box()["x"] - left) < 2
    monitor.assert_clean(page)


def test_a_moderator_on_a_phone_reaches_each_questions_answer_button(open_context, moderator):
    # On a breaking story, away from a desk: the queue was a table twice the screen's width,
    # with the answer button and "more like it" past its right edge.
    make_question(question="Is ICE at Lincoln Elementary right now?")
    make_question(question="ice agents at lincoln elementary??")
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    log_in(page, moderator)
    page.goto("/admin/faq/submittedquestion/")
    for name in ["Answer and publish as FAQ", "1 more like it"]:
        link = page.get_by_role("link", name=name).first
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW, name
    assert_no_axe_violations(page, context="#changelist")
    monitor.assert_clean(page)
