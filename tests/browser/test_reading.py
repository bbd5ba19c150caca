"""Journey 1: a reader goes from the home page to an explainer through its topic, follows the
table of contents, opens a related FAQ entry, then searches from the header and opens a result.
"""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import guide_body, make_article

from .helpers import NARROW, WIDE, assert_no_axe_violations

pytestmark = pytest.mark.browser

ARTICLE = "What an ICE detainer is"
FAQ_QUESTION = "How long can a jail hold someone because of an ICE detainer?"


def test_reader_finds_an_explainer_its_faq_and_searches(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/")
    monitor.assert_clean(page)

    page.get_by_role("region", name="Browse by topic").get_by_role(
        "link", name="Immigration"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Immigration")
    monitor.assert_clean(page)

    page.get_by_role("heading", name=ARTICLE).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    monitor.assert_clean(page)

    toc = page.get_by_role("navigation", name="In this explainer")
    toc.get_by_role("link", name="A request, not a command").click()
    expect(page).to_have_url(re.compile(r"#a-request-not-a-command$"))
    expect(page.get_by_role("heading", name="A request, not a command")).to_be_in_viewport()

    related = page.get_by_role("region", name="Questions readers ask")
    related.get_by_text(FAQ_QUESTION, exact=True).click()  # opens the <details>
    related.get_by_role("link", name=re.compile("^Open this answer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FAQ_QUESTION)
    monitor.assert_clean(page)

    search = page.get_by_role("searchbox", name="Search the explainers")
    search.fill("detainer")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=detainer"))
    results = page.get_by_role("main").get_by_role("list").first
    expect(results.get_by_role("link", name=ARTICLE)).to_be_visible()
    monitor.assert_clean(page)
    results.get_by_role("link", name=ARTICLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    monitor.assert_clean(page)


def test_a_long_explainers_text_starts_soon_on_a_phone(open_context):
    # 96 headings: in full, the table of contents was 4,400 px tall and the text began more
    # than six 800 px screens down. Folded, each part's sections open from the keyboard.
    article = make_article(body=guide_body(12, 7))
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto(article.get_absolute_url())
    text_top = page.locator(".prose > p").first.evaluate("p => p.getBoundingClientRect().top")
    assert text_top < 3 * 800
    toc = page.get_by_role("navigation", name="In this explainer")
    step = toc.get_by_role("link", name="Step 1 of part 1", exact=True)
    expect(step).to_be_hidden()
    toc.get_by_role("link", name="Part 1", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_accessible_name("7 sections in “Part 1”")
    assert page.locator(":focus").bounding_box()["height"] >= 44  # a tap target, as links are
    page.keyboard.press("Enter")
    expect(step).to_be_visible()
    step.click()
    expect(page.get_by_role("heading", name="Step 1 of part 1", exact=True)).to_be_in_viewport()
    assert_no_axe_violations(page, ".toc")
    monitor.assert_clean(page)


@pytest.mark.parametrize(
    "width, scale, copy",
    [(NARROW, 2, "-800w"), (WIDE, 1, "-800w"), (WIDE, 2, "")],
    ids=["phone", "laptop", "high-density-laptop"],
)
def test_a_wide_photo_reaches_each_screen_at_the_size_it_shows(
    open_context, settings, width, scale, copy
):
    # Uploads are 1600 pixels wide: a phone showing 320 CSS pixels (640 device pixels) loads
    # the 800-pixel copy, as does a laptop's 42rem column at one device pixel per CSS pixel.
    uploads = settings.MEDIA_ROOT / "uploads"
    uploads.mkdir(parents=True)
    Image.new("RGB", (1600, 1000), "white").save(uploads / f"{'a' * 32}.jpg")
    article = make_article(body=f"Intro.\n\n![A march](/media/uploads/{'a' * 32}.jpg)")
    context, monitor = open_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale
    )
    page = context.new_page()
    requested = []

    def serve_upload(route):  # the live server doesn't serve media; the proxy would
        requested.append(route.request.url.rsplit("/", 1)[1])
        route.fulfill(path=uploads / requested[-1], content_type="image/jpeg")

    page.route("**/media/uploads/*", serve_upload)
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("img", name="A march")).to_have_js_property("complete", True)
    assert requested == [f"{'a' * 32}{copy}.jpg"]
    monitor.assert_clean(page)
