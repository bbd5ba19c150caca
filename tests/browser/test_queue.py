"""The reader-question queue in a real browser, as a moderator works it on a busy day."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_question

from .helpers import log_in

pytestmark = pytest.mark.browser


def test_the_counter_at_the_foot_of_the_queue_counts_the_ticked_rows(open_context, moderator):
    # The actions sit at the foot of the list too; its counter said "0 of 9 selected" while
    # rows were ticked, which invited ticking them again (and so unticking them).
    context, monitor = open_context()
    page = context.new_page()
    make_question()
    log_in(page, moderator)
    page.goto("/admin/faq/submittedquestion/")
    boxes = page.locator("input.action-select")
    boxes.nth(0).check()
    boxes.nth(2).check()
    counters = page.locator(".action-counter")
    expect(counters).to_have_count(2)
    shown = boxes.count()
    expect(counters.nth(0)).to_have_text(f"2 of {shown} selected")
    expect(counters.nth(1)).to_have_text(f"2 of {shown} selected")
    monitor.assert_clean(page)


def test_on_a_phone_the_queue_starts_with_folded_filters_and_page_links(open_context, moderator):
    # On a viral day's 100-question page the filters ("By state": Spam) and the link to page 2
    # came after every card, about 25 screens down, and the row boxes were 13 px.
    for n in range(101):
        make_question(question=f"Can ICE agents come into my child's school? Copy {n}.")
    context, monitor = open_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    log_in(page, moderator)
    page.goto("/admin/faq/submittedquestion/")

    def top(selector):
        return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + scrollY")

    assert top("#changelist-filter") < top("#result_list")
    assert top(".paginator") < top("#result_list") < 844  # the first question on screen one
    by_state = page.locator("#changelist-filter details", has_text="By state")
    expect(by_state).not_to_have_attribute("open", "")
    by_state.locator("summary").click()
    expect(by_state.get_by_role("link", name="Spam")).to_be_visible()
    box = page.locator("input.action-select").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    monitor.assert_clean(page)
