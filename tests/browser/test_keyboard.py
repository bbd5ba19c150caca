"""Journey 5: keyboard only. The skip link, the header search and the ask form are reachable
and operable with Tab and Enter, and every control reached shows a visible focus indicator."""

import re

import pytest
from playwright.sync_api import expect

from faq.models import SubmittedQuestion

pytestmark = pytest.mark.browser

ARTICLE = "What an ICE detainer is"
QUESTION = "Can a jail hold my uncle past his release date because of an ICE detainer?"

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    description: `${el.tagName.toLowerCase()}#${el.id} "${(el.innerText || el.name || "").trim()}"`,
    id: el.id,
    name: el.getAttribute("name"),
    text: (el.innerText || "").trim(),
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


def has_focus_outline(focused):
    return focused["outlineStyle"] == "solid" and focused["outlineWidth"] >= 2


def press_tab(page):
    """Tab once; the newly focused control must show the site's focus outline and be on screen."""
    page.keyboard.press("Tab")
    for _ in range(20):  # Chromium may apply the :focus-visible style a frame after the key
        focused = page.evaluate(FOCUSED)
        if has_focus_outline(focused):
            break
        page.wait_for_timeout(50)
    assert focused["focusVisible"], f"{focused['description']} does not match :focus-visible"
    assert has_focus_outline(focused), f"{focused['description']} has no focus outline: {focused}"
    assert focused["onScreen"], f"{focused['description']} is focused but not on screen"
    return focused


def tab_until(page, wanted, limit=40):
    for _ in range(limit):
        focused = press_tab(page)
        assert focused["name"] != "website", "Tab reached the hidden anti-spam field"
        if wanted(focused):
            return focused
    raise AssertionError(f"Not reached with {limit} presses of Tab")


def test_skip_link_and_header_search_by_keyboard(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/")
    monitor.assert_clean(page)
    focused = press_tab(page)
    assert focused["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main")).to_be_focused()
    focused = press_tab(page)
    assert focused["id"] == "home-q", "Tab after the skip link should land in the main content"

    page.goto("/articles/")
    tab_until(page, lambda f: f["id"] == "site-search-q")
    page.keyboard.type("detainer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("detainer")
    tab_until(page, lambda f: f["text"] == ARTICLE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    monitor.assert_clean(page)


def test_asking_a_question_by_keyboard(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/articles/what-an-ice-detainer-is/")
    tab_until(page, lambda f: f["text"] == "Ask a question about this explainer", limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    page.wait_for_load_state()  # the suggestions script is attached by now
    tab_until(page, lambda f: f["name"] == "question")
    page.keyboard.type(QUESTION)
    # The live suggestions arrive while the reader types; they don't move the focus.
    expect(
        page.locator("#faq-suggestions").get_by_role(
            "heading", name="These answers may already help"
        )
    ).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "question"
    tab_until(page, lambda f: f["text"] == "Send my question")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your question")
    monitor.assert_clean(page)
    assert SubmittedQuestion.objects.get(question=QUESTION).article.title == ARTICLE


def test_a_refused_question_starts_the_keyboard_at_the_problems(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/ask/")
    tab_until(page, lambda f: f["name"] == "question")
    page.keyboard.type(QUESTION)
    tab_until(page, lambda f: f["name"] == "name")
    page.keyboard.type("www.example.com")  # a link where a name goes: refused by the server
    tab_until(page, lambda f: f["text"] == "Send my question")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("#ask-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(re.compile("^Your name \\(optional\\): "))
    press_tab(page)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your name")).to_be_focused()
    expect(page.get_by_label("Your name")).to_have_value("www.example.com")
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    monitor.assert_clean(page)


def test_new_suggestions_wait_while_the_reader_is_reading_one(open_context):
    # A reader who tabs from the question into the suggestions as a newer list arrives must
    # not lose their place: replaced under them, the focus would drop to the top of the page.
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/ask/")
    page.wait_for_load_state()
    suggestions = page.locator("#faq-suggestions")
    field = page.locator("textarea[name=question]")
    field.click()
    page.keyboard.type("Can I film the police at a protest")
    expect(suggestions.locator("summary").first).to_be_visible()
    shown = suggestions.inner_html()
    reading = suggestions.locator("summary").first.inner_text()
    with page.expect_response("**/faq/ask/suggestions/") as newer:
        page.keyboard.type(" or do they need a warrant for an immigration detainer")
        tab_until(page, lambda f: f["text"] == reading, limit=3)  # before the list is asked for
    assert newer.value.ok
    page.wait_for_timeout(300)  # time to (wrongly) replace the list
    assert page.evaluate("document.activeElement.innerText.trim()") == reading
    assert suggestions.inner_html() == shown
    page.keyboard.press("Shift+Tab")  # back to the question: now the newer list is shown
    expect(field).to_be_focused()
    expect(suggestions).not_to_have_text(re.compile(r"^\s*$"))
    assert suggestions.inner_html() != shown
    monitor.assert_clean(page)
