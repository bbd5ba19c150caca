"""The reader-question queue in a real browser, as a moderator works it on a busy day."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_question

from .helpers import log_in

pytestmark = pytest.mark.browser


def test_the_counter_at_the_foot_of_the_queue_counts_the_ticked_rows(page, moderator):
    # The actions sit at the foot of the list too; its counter said "0 of 9 selected" while
    # rows were ticked, which invited ticking them again (and so unticking them).
    page, monitor = page
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
