"""Journeys 2 and 3: a reader asks about an explainer, sees possible existing answers, sends the
question anyway; a moderator finds it in the admin queue, answers it and publishes it as an FAQ
entry, which readers then find in the FAQ and in search."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from faq.models import SubmittedQuestion

from .helpers import log_in

pytestmark = pytest.mark.browser

ARTICLE = "What an ICE detainer is"
QUESTION = "Does the 48 hour limit on an ICE detainer count weekends and holidays?"
EXISTING_ANSWER = "How long can a jail hold someone because of an ICE detainer?"
ANSWER = (
    "No. The **48 hours** leave out Saturdays, Sundays and federal holidays, so a detainer "
    "that arrives on a Friday can keep someone in jail until Tuesday or later."
)


def ask_about_the_article(page, monitor):
    """Journey 2, with JavaScript: suggestions appear while the reader types."""
    page.goto("/articles/what-an-ice-detainer-is/")
    page.get_by_role("link", name="Ask a question about this explainer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page.get_by_text("About the explainer")).to_contain_text(ARTICLE)
    page.wait_for_load_state()  # the suggestions script is attached by now
    page.get_by_label("Your question").fill(QUESTION)
    suggestions = page.locator("#faq-suggestions")
    expect(suggestions.get_by_role("heading")).to_have_text("These answers may already help")
    # An answer opens in place, so reading it doesn't leave the form.
    suggestions.locator("summary", has_text=EXISTING_ANSWER).click()
    expect(suggestions.get_by_role("link", name=re.compile("^Open this answer"))).to_be_visible()
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    monitor.assert_clean(page)
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your question")
    monitor.assert_clean(page)


def test_reader_question_becomes_a_published_faq_answer(open_context, moderator):
    reader, reader_monitor = open_context()
    page = reader.new_page()
    ask_about_the_article(page, reader_monitor)
    asked = SubmittedQuestion.objects.get(question=QUESTION)
    assert asked.article.title == ARTICLE and asked.state == SubmittedQuestion.State.NEW

    staff, staff_monitor = open_context()
    admin = staff.new_page()
    log_in(admin, moderator)
    admin.get_by_role("link", name="Reader questions").first.click()
    admin.get_by_role("link", name=QUESTION).click()
    admin.get_by_role("link", name="Answer and publish as FAQ").click()
    expect(admin.get_by_label("Question")).to_have_value(QUESTION)
    admin.wait_for_load_state()  # the Markdown editor's script is attached by now
    admin.get_by_label("Answer").fill(ANSWER)
    expect(admin.locator(".markdownx-preview strong")).to_have_text("48 hours")
    admin.get_by_label("Status").select_option(label="Published")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("answers this reader question")
    expect(admin.get_by_label("State")).to_have_value("answered")
    staff_monitor.assert_clean(admin)

    page.goto("/faq/")
    page.get_by_text(QUESTION, exact=True).first.click()
    expect(page.get_by_text("leave out Saturdays").first).to_be_visible()
    page.get_by_role("link", name=re.compile("^Open this answer")).filter(
        has_text=QUESTION
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    reader_monitor.assert_clean(page)

    search = page.get_by_role("searchbox", name="Search the explainers")
    search.fill("Saturdays holidays")
    search.press("Enter")
    expect(page.get_by_role("main").get_by_role("link", name=QUESTION)).to_be_visible()
    reader_monitor.assert_clean(page)


def test_answer_buttons_stay_in_view_beside_long_article_titles(open_context, moderator):
    article = Article.objects.get(title=ARTICLE)
    article.title = (
        "What an ICE detainer is, who may hold someone on one, for how long, and what a county "
        "jail, a city police department and a federal task force may and may not do with it"
    )
    article.save()
    SubmittedQuestion.objects.create(question=QUESTION, article=article)
    context, monitor = open_context()  # 1280 px wide, with the admin's sidebars open
    admin = context.new_page()
    log_in(admin, moderator)
    admin.goto("/admin/faq/submittedquestion/")
    results = admin.locator("#changelist .results").bounding_box()
    buttons = admin.get_by_role("link", name="Answer and publish as FAQ")
    expect(buttons.first).to_be_visible()
    for button in buttons.all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= results["x"] + results["width"]
    monitor.assert_clean(admin)
