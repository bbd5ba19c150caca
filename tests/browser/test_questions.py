"""Journeys 2 and 3: a reader asks about an explainer, sees possible existing answers, sends the
question anyway; a moderator finds it in the admin queue, answers it and publishes it as an FAQ
entry, which readers then find in the FAQ and in search."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from faq.models import SubmittedQuestion

from .helpers import NARROW, WIDE, assert_no_axe_violations, log_in, screenshot

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
    expect(suggestions.get_by_role("heading", level=2)).to_have_text(
        "These answers may already help"
    )
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
    # Typed, never made from the reader's words (which may name people and places).
    expect(admin.get_by_label("Slug")).to_have_value("")
    admin.get_by_label("Slug").fill("detainer-48-hours-weekends")
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


def test_suggestions_are_announced_in_one_line_and_left_alone_while_unchanged(open_context):
    # A live list was read out whole at every pause in typing, even with nothing new in it.
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/ask/")
    page.wait_for_load_state()  # the suggestions script is attached by now
    suggestions = page.locator("#faq-suggestions")
    expect(suggestions).not_to_have_attribute("aria-live", re.compile("."))
    question = page.get_by_label("Your question")
    question.fill(QUESTION)
    entries = suggestions.locator(".faq-entry")
    expect(entries).not_to_have_count(0)
    count = suggestions.locator(".faq-entry, .ask-suggestions__explainers li").count()
    expect(page.get_by_role("status")).to_have_text(
        f"{count} answers may help. They are listed below your question."
        if count > 1
        else "1 answer may help. It is listed below your question."
    )
    entries.first.locator("summary").click()  # the reader opens one, and types on
    page.evaluate(
        """() => {
          window.changes = 0;
          new MutationObserver((records) => { window.changes += records.length; })
            .observe(document.getElementById("faq-suggestions"), {subtree: true, childList: true});
        }"""
    )
    with page.expect_request_finished(lambda r: r.url.endswith("/faq/ask/suggestions/")):
        question.press_sequentially(" Thank you.")
    page.wait_for_timeout(200)  # for the script to handle the reply
    assert page.evaluate("window.changes") == 0
    expect(entries.first).to_have_attribute("open", "")
    monitor.assert_clean(page)


def answering_with_an_entry(open_context, moderator, copies):
    """The moderator ticks `copies` in the queue and runs "Answer with an existing FAQ entry…":
    (the page it opens, the console monitor)."""
    context, monitor = open_context()
    page = context.new_page()
    log_in(page, moderator)
    page.goto("/admin/faq/submittedquestion/")
    for copy in copies:
        page.get_by_role("row", name=re.compile(copy.question[:6])).get_by_role("checkbox").check()
    page.get_by_label("Action:").first.select_option(label="Answer with an existing FAQ entry…")
    page.get_by_role("button", name="Run", exact=True).first.click()
    return page, monitor


def test_a_moderator_answers_a_storys_copies_with_one_entry(open_context, moderator):
    from tests.factories import make_faq, make_question

    make_faq(question="Will the city lose federal grants?")
    copies = [make_question(question=f"Copy {n}: will we lose grants?") for n in range(3)]
    page, monitor = answering_with_an_entry(open_context, moderator, copies)

    expect(page.get_by_text("answers these 3 questions")).to_be_visible()
    page.locator(".select2-selection").click()
    page.keyboard.type("grants")
    page.get_by_role("option", name="Will the city lose federal grants?").click()
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"admin-answer-with-entry-{width}")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Answer these questions").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "3 questions are now answered with “Will the city lose federal grants?”."
    )
    monitor.assert_clean(page)
    answered = SubmittedQuestion.objects.filter(pk__in=[c.pk for c in copies], state="answered")
    assert answered.count() == 3


def test_an_explainer_suggested_alone_is_announced_too(open_context):
    from tests.factories import make_article

    make_article(
        title="Who paints zebra crossings under the street ordinance",
        summary="Crossings, their paint, and who pays.",
        slug="zebra-crossings",
    )
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/ask/")
    page.wait_for_load_state()  # the suggestions script is attached by now
    page.get_by_label("Your question").fill("Zebra crossings: who paints them?")
    expect(page.get_by_role("link", name=re.compile("zebra crossings"))).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "1 answer may help. It is listed below your question."
    )
    monitor.assert_clean(page)


def test_personal_details_are_pointed_out_after_the_answers_shown_while_typing(open_context):
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/ask/")
    page.wait_for_load_state()  # the suggestions script is attached by now
    page.get_by_label("Your question").fill(f"{QUESTION} His A-number is 123 456 789.")
    expect(page.locator("#faq-suggestions").get_by_role("heading", level=2)).to_be_visible()
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text("Your question may include personal details")).to_be_visible()
    assert not SubmittedQuestion.objects.filter(question__contains="A-number").exists()
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send my question anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your question")
    assert SubmittedQuestion.objects.filter(question=QUESTION).exists()
    monitor.assert_clean(page)


def test_a_moderator_answers_a_question_with_an_entry_its_page_offers(open_context, moderator):
    from tests.factories import make_faq, make_question

    entry = make_faq(question="Will the city lose federal grants?")
    question = make_question(question="Will we lose our federal grants?")
    context, monitor = open_context()
    page = context.new_page()
    log_in(page, moderator)
    page.goto(f"/admin/faq/submittedquestion/{question.pk}/change/")
    offered = page.get_by_role("button", name=f"Answer with this entry {entry.question}")
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"admin-question-suggested-entries-{width}")
    assert_no_axe_violations(page)
    offered.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    monitor.assert_clean(page)
    question.refresh_from_db()
    assert (question.state, question.faq_entry) == ("answered", entry)


def test_a_moderator_answers_a_storys_copies_with_an_entry_the_page_offers(open_context, moderator):
    # The page's entry picker is required and empty: the browser must not refuse the button.
    from tests.factories import make_faq, make_question

    entry = make_faq(question="Will the city lose federal grants?")
    copies = [make_question(question=f"Copy {n}: will we lose federal grants?") for n in range(2)]
    page, monitor = answering_with_an_entry(open_context, moderator, copies)
    assert_no_axe_violations(page)
    page.get_by_role("button", name=f"Answer with this entry {entry.question}").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "2 questions are now answered with “Will the city lose federal grants?”."
    )
    monitor.assert_clean(page)
    answered = SubmittedQuestion.objects.filter(faq_entry=entry, state="answered")
    assert answered.count() == 2


def test_the_question_box_counts_its_characters_as_the_server_does(open_context):
    # A long message typed in a hurry learned it was too long only once sent.
    context, monitor = open_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto("/faq/ask/")
    page.wait_for_load_state()
    length = page.locator("#question-length")
    expect(length).to_have_text("0 of 1,000 characters")
    question = page.get_by_label("Your question")
    # An emoji is one character, as the server counts it, and so is a line break.
    question.fill("Agents are at the door 🚪\nwhat do I do?")
    expect(length).to_have_text("38 of 1,000 characters")
    question.fill("x" * 1010)
    expect(length).to_have_text("1,010 of 1,000 characters: please shorten it by 10.")
    expect(length).to_have_class(re.compile("ask-form__length--over"))
    monitor.assert_clean(page)
