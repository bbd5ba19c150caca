"""Journey 6: with JavaScript off, reading, searching and asking a question still work."""

import re

import pytest
from playwright.sync_api import expect

from faq.models import SubmittedQuestion

pytestmark = pytest.mark.browser

ARTICLE = "What an ICE detainer is"
QUESTION = "My cousin is in county jail with an ICE detainer. How long can they keep him?"


@pytest.fixture
def no_js(open_context):
    context, monitor = open_context(java_script_enabled=False)
    return context.new_page(), monitor


def test_reading_and_searching_without_javascript(no_js):
    page, monitor = no_js
    page.goto("/")
    page.get_by_role("link", name=ARTICLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    page.get_by_role("navigation", name="In this explainer").get_by_role(
        "link", name="How local policies respond"
    ).click()
    expect(page).to_have_url(re.compile("#how-local-policies-respond$"))
    related = page.get_by_role("region", name="Questions readers ask")
    related.get_by_text("How long can a jail hold someone", exact=False).first.click()
    expect(related.get_by_text("48 hours").first).to_be_visible()  # <details> opens natively
    monitor.assert_clean(page)

    search = page.get_by_role("searchbox", name="Search the explainers")
    search.fill("sanctuary")
    search.press("Enter")
    page.get_by_role("main").get_by_role("link", name="What a sanctuary policy is").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What a sanctuary policy is")
    monitor.assert_clean(page)

    page.goto("/faq/")
    entry = page.locator("details#do-i-need-a-permit-to-protest")
    entry.locator("summary").click()
    expect(entry.get_by_role("link", name=re.compile("^Open this answer"))).to_be_visible()
    monitor.assert_clean(page)


def test_asking_without_javascript(no_js):
    page, monitor = no_js
    page.goto("/articles/what-an-ice-detainer-is/")
    page.get_by_role("link", name="Ask a question about this explainer").click()
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send my question").click()
    # Without JavaScript the possible answers come as a step of their own.
    expect(page.get_by_role("status").filter(has_text="may already help you")).to_be_visible()
    expect(page.get_by_role("heading", name="These answers may already help")).to_be_visible()
    # The answers open in place (no page to come Back from, which a POST step can't survive).
    suggestion = page.locator("#faq-suggestions details").first
    suggestion.locator("summary").click()
    expect(suggestion.locator(".prose")).to_be_visible()
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    monitor.assert_clean(page)
    page.get_by_role("button", name="Send my question anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your question")
    monitor.assert_clean(page)
    assert SubmittedQuestion.objects.get(question=QUESTION).article.title == ARTICLE
