"""Leaving an explainer's or FAQ entry's page with unsaved edits asks first (the browser's own
"Leave site?" dialog); a saved or untouched page is left without a question."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_faq, make_question

from .helpers import log_in

pytestmark = pytest.mark.browser


def change_page(open_context, user, piece):
    """`user` signed in on `piece`'s change page, and the dialogs it shows (each dismissed:
    "Stay on this page")."""
    context, monitor = open_context()
    page = context.new_page()
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    log_in(page, user)
    opts = piece._meta
    page.goto(f"/admin/{opts.app_label}/{opts.model_name}/{piece.pk}/change/")
    return page, dialogs, monitor


def leave_by_the_breadcrumbs(page):
    page.locator(".breadcrumbs a").nth(2).click()  # the list: Home › App › Articles


@pytest.mark.parametrize("kind, field", [("article", "#id_body"), ("faqentry", "#id_answer")])
def test_leaving_a_changed_page_asks_first_and_a_saved_or_untouched_one_doesnt(
    open_context, editor, kind, field
):
    piece = make_article(slug="bail") if kind == "article" else make_faq(slug="bail")
    page, dialogs, monitor = change_page(open_context, editor, piece)
    change_url = page.url
    leave_by_the_breadcrumbs(page)  # untouched: no question
    expect(page.locator("#changelist")).to_be_visible()
    assert dialogs == []

    page.goto(change_url)
    text = page.locator(field)
    text.press("End")
    text.type("\n\nA paragraph an hour in the writing.")
    leave_by_the_breadcrumbs(page)
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()
    assert dialogs == ["beforeunload"]
    assert "A paragraph an hour in the writing." in text.input_value()  # stayed, text kept

    page.get_by_role("button", name="Save", exact=True).click()  # sent: no question
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"]
    piece.refresh_from_db()
    assert "A paragraph an hour in the writing." in getattr(piece, field.removeprefix("#id_"))
    monitor.assert_clean(page)


def test_a_page_shown_again_with_form_errors_asks_before_it_is_left(open_context, editor):
    # What was typed is on that page only: nothing was saved.
    page, dialogs, _ = change_page(open_context, editor, make_article(slug="bail"))
    page.locator("#id_title").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    leave_by_the_breadcrumbs(page)
    expect(page.locator(".errornote")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_leaving_a_reader_questions_page_with_a_note_typed_asks_first(open_context, moderator):
    page, dialogs, monitor = change_page(open_context, moderator, make_question())
    page.locator("#id_internal_note").fill("Asked twice this week: write an entry.")
    leave_by_the_breadcrumbs(page)
    expect(page.locator("#id_internal_note")).to_be_visible()
    assert dialogs == ["beforeunload"]
    monitor.assert_clean(page)
