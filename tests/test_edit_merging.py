"""Saving a change page opened before someone else's save merges field by field: each field
type, source rows, text stored with other line ends, choices deleted meanwhile. (Scenarios
from a review that tried to break it.)"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.db.models.signals import pre_save
from django.utils import timezone

from articles.models import Article, Source, Topic
from faq.models import SubmittedQuestion
from tests.factories import draft, make_article, make_faq, make_question, make_topic
from tests.helpers.accounts import signed_in, staff
from tests.helpers.admin_pages import KINDS, faq_list_form, opened, opened_as, order_field, saves
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

ARTICLE = KINDS["article"][1]
ENTRY = KINDS["faq entry"][1]
QUESTION = "/admin/faq/submittedquestion/{}/change/"


@pytest.fixture
def ana(django_user_model):
    return signed_in(staff(django_user_model, "ana", "Editors", first_name="Ana"))


# --- inline source rows -------------------------------------------------------------------


def test_a_source_row_both_changed_keeps_the_field_only_the_other_changed(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {"sources-0-url": ["https://fixed.example/"]})
    mine["sources-0-title"] = ["My better title"]

    response = client.post(url, mine)

    assert response.status_code == 302
    source = article.sources.get()
    assert source.title == "My better title"
    assert source.url == "https://fixed.example/"  # Ana's correction stays


def test_a_source_field_both_changed_is_an_error_on_the_row_then_mine(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {"sources-0-title": ["Ana's title"]})
    mine["sources-0-title"] = ["My title"]

    response = client.post(url, mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed Title here since you opened this page." in page
    assert article.sources.get().title == "Ana's title"
    # Saving the page shown again is this editor's informed choice.
    assert client.post(url, form_data(page, "article_form")).status_code == 302
    assert article.sources.get().title == "My title"


def test_a_source_row_both_deleted_does_not_refuse_the_save(editor, ana):
    article = make_article(sources=2)
    client, url, mine = opened_as(editor, article)
    mine |= {
        "summary": ["My summary."],
        "sources-0-DELETE": ["on"],
    }
    saves(ana, url, "article_form", {"sources-0-DELETE": ["on"]})

    response = client.post(url, mine)

    assert response.status_code == 302  # the row this editor deleted is simply gone
    article.refresh_from_db()
    assert article.summary == "My summary."


def test_a_source_added_by_each_editor_is_kept(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {"sources-1-title": ["Mine"]}
    saves(ana, url, "article_form", {"sources-1-title": ["Theirs"]})
    assert client.post(url, mine).status_code == 302
    assert sorted(article.sources.values_list("title", flat=True)) == ["Mine", "Source 0", "Theirs"]


# --- long texts both changed ----------------------------------------------------------------


def test_a_body_both_changed_in_different_paragraphs_keeps_both_and_says_so(editor, ana):
    article = make_article(body="## First\n\nSome text.\n\n## Second\n\nMore text.")
    client, url, mine = opened_as(editor, article)
    saves(
        ana,
        url,
        "article_form",
        {
            "body": [
                "## First\r\n\r\nSome text, corrected by Ana.\r\n\r\n## Second\r\n\r\nMore text."
            ]
        },
    )
    mine["body"] = ["## First\r\n\r\nSome text.\r\n\r\n## Second\r\n\r\nMy new paragraph."]

    response = client.post(url, mine, follow=True)

    article.refresh_from_db()
    assert article.body == (
        "## First\n\nSome text, corrected by Ana.\n\n## Second\n\nMy new paragraph."
    )
    page = response.content.decode()
    assert "it was saved by Ana (" in page
    assert "You both changed Body, in different parts: both changes are kept" in page
    assert "Those changes to Body are kept" not in page  # said once, the way that fits


def test_an_answer_both_changed_in_the_same_paragraph_is_still_a_clash(editor, ana):
    entry = make_faq(answer="Yes.\n\nAsk the clerk.")
    client, url, mine = opened_as(editor, entry)
    saves(ana, url, "faqentry_form", {"answer": ["Yes, usually.\r\n\r\nAsk the clerk."]})
    mine["answer"] = ["Yes, in most cities.\r\n\r\nAsk the clerk."]

    response = client.post(url, mine)

    assert response.status_code == 200
    assert "You both changed Answer" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answer == "Yes, usually.\n\nAsk the clerk."


def test_saving_again_after_a_body_clash_puts_this_editors_whole_text_as_it_says(editor, ana):
    # No merge on the second save: the editor may have read their version and left parts of
    # it out on purpose, and a merge of overlapping edits can write what neither typed.
    article = make_article(body="One.\n\nTwo.\n\nThree.")
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {"body": ["One, fixed by Ana.\n\nTwo.\n\nThree (Ana)."]})
    mine["body"] = ["One.\n\nTwo.\n\nThree (mine)."]
    page = client.post(url, mine).content.decode()
    assert "You both changed Body" in page  # the same paragraph: a clash, shown
    assert "what you typed there replaces their version as a whole" in page

    response = client.post(url, form_data(page, "article_form"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "One.\n\nTwo.\n\nThree (mine)."


def test_a_combined_text_too_long_for_its_field_is_a_clash_not_saved(editor, ana):
    # Each summary fits its 400 characters; both changes together would not.
    article = make_article(summary="A" * 150 + "\n\n" + "B" * 150)
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {"summary": ["A" * 240 + "\n\n" + "B" * 150]})
    mine["summary"] = ["A" * 150 + "\n\n" + "B" * 240]

    response = client.post(url, mine)

    assert response.status_code == 200
    assert "You both changed Summary" in response.content.decode()
    article.refresh_from_db()
    assert len(article.summary) == 392  # Ana's


# --- text stored in a form the browser doesn't send back ------------------------------------


def test_text_saved_with_windows_line_ends_is_no_clash_after_an_order_change(editor, ana):
    # Text saved through the admin before 6fdcb7e kept the browser's CRLF; nothing migrated it.
    entry = make_faq(order=1, answer="First line.\r\nSecond line.")
    client, url, mine = opened_as(editor, entry)
    listed = faq_list_form(ana)
    listed[order_field(listed, entry)] = ["4"]
    assert ana.post("/admin/faq/faqentry/", listed).status_code == 302  # only the order
    mine["answer"] = ["First line.\r\nSecond line, corrected."]

    response = client.post(url, mine)

    page = response.content.decode()
    assert "You both changed Answer" not in page  # Ana changed the order only
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.order, entry.answer) == (4, "First line.\nSecond line, corrected.")


def test_text_saved_with_windows_line_ends_is_not_named_as_their_change(editor, ana):
    entry = make_faq(order=1, answer="First line.\r\nSecond line.")
    client, url, mine = opened_as(editor, entry)
    listed = faq_list_form(ana)
    listed[order_field(listed, entry)] = ["4"]
    assert ana.post("/admin/faq/faqentry/", listed).status_code == 302
    mine["question"] = ["A better question?"]

    page = client.post(url, mine, follow=True).content.decode()

    assert "Those changes to Order are kept" in page  # says "Answer and Order"


def test_a_note_saved_with_windows_line_ends_is_no_clash_after_answer_and_publish(
    moderator, django_user_model
):
    question = make_question(internal_note="Called the county.\r\nNo answer yet.")
    client, url, mine = opened_as(moderator, question)
    other = signed_in(staff(django_user_model, "moderator2", "Moderators"))
    add = f"/admin/faq/faqentry/add/?from_question={question.pk}"
    answer = opened(other, add, "faqentry_form") | {
        "slug": ["who-answers"], "answer": ["The sheriff."], "status": ["published"],
    }  # fmt: skip
    assert other.post(add, answer).status_code == 302
    mine["internal_note"] = ["Called the county.\r\nThey answered."]

    response = client.post(url, mine)

    assert "You both changed Internal note" not in response.content.decode()
    assert response.status_code == 302


def test_a_body_ending_in_a_newline_is_no_clash_after_a_save_elsewhere(editor):
    # load_demo stores `body.strip() + "\n"`; the form strips it. A save outside the admin's
    # change form (a command, a script; here Article.save()) moves updated_at on.
    article = make_article(body="## One\n\nText.\n")
    client, url, mine = opened_as(editor, article)
    Article.objects.get(pk=article.pk).save()
    mine["body"] = ["## One\n\nBetter text."]

    response = client.post(url, mine)

    assert "You both changed Body" not in response.content.decode()
    assert response.status_code == 302


# --- values that became invalid meanwhile --------------------------------------------------


def test_a_topic_deleted_meanwhile_is_no_clash(editor, ana):
    keep, gone = make_topic(name="Courts"), make_topic(name="Jails")
    article = make_article(topics=[keep, gone])
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {"summary": ["Ana's summary."]})
    Topic.objects.filter(pk=gone.pk).delete()
    mine["body"] = ["## My body\n\nText."]

    response = client.post(url, mine)

    # The page still showed the deleted topic; the editor didn't touch Topics.
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.summary, list(article.topics.all())) == ("Ana's summary.", [keep])
    assert article.body == "## My body\n\nText."


def test_an_faq_entry_deleted_meanwhile_is_no_clash(moderator):
    entry = make_faq()
    question = make_question(state=SubmittedQuestion.State.ANSWERED, faq_entry=entry)
    url = QUESTION.format(question.pk)
    client = signed_in(moderator)
    stale = opened(client, url, "submittedquestion_form")
    entry.delete()  # reopens the question and moves updated_at on

    response = client.post(url, stale | {"internal_note": ["Only a note."]})

    assert response.status_code == 302  # the page still showed the deleted entry
    question.refresh_from_db()
    assert (question.state, question.faq_entry, question.internal_note) == (
        "in_review",
        None,
        "Only a note.",
    )


# --- save_model and history reading changed_data ------------------------------------------


def test_the_message_never_says_a_publish_time_is_kept_when_publishing_replaced_it(editor, ana):
    article = draft(published_at=timezone.now() - datetime.timedelta(days=30))
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {
        "published_at_0": ["2020-05-01"], "published_at_1": ["09:00:00"],
    })  # fmt: skip
    mine["status"] = ["published"]

    page = client.post(url, mine, follow=True).content.decode()
    article.refresh_from_db()

    # Publishing an old draft dates it now, which replaces Ana's time: the message says so.
    assert article.published_at.year != 2020
    assert "Those changes to Publish at are kept" not in page
    assert "Its publish time is now" in page


def test_saving_again_after_a_clash_replaces_only_the_fields_it_named(editor, ana):
    article = make_article(summary="Old summary.")
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", {
        "summary": ["Ana's summary."], "title": ["Ana's title"],
    })  # fmt: skip
    mine["summary"] = ["My summary."]
    page = client.post(url, mine).content.decode()
    assert "You both changed Summary." in page
    again = form_data(page, "article_form") | {"title": ["My title"]}  # edited on the error page

    response = client.post(url, again)

    assert response.status_code == 200
    assert "You both changed Title." in response.content.decode()


THEIR_CHANGES = {
    "featured off (unchecked box)": ({"featured": True}, {"featured": []}, "featured", False),
    "last reviewed": (
        {}, {"last_reviewed": ["2025-02-03"]}, "last_reviewed", datetime.date(2025, 2, 3)
    ),
    "status": ({}, {"status": ["draft"]}, "status", "draft"),
    "byline": ({}, {"byline": ["By Ana"]}, "byline", "By Ana"),
    "slug": ({}, {"slug": ["anas-slug"]}, "slug", "anas-slug"),
}  # fmt: skip


@pytest.mark.parametrize("what", THEIR_CHANGES)
def test_their_field_is_kept_when_i_change_another(editor, ana, what):
    create, change, field, expected = THEIR_CHANGES[what]
    article = make_article(
        published_at=timezone.now().replace(microsecond=654321) - datetime.timedelta(days=3),
        **create,
    )
    client, url, mine = opened_as(editor, article)
    saves(ana, url, "article_form", change)
    mine["summary"] = ["My summary."]

    response = client.post(url, mine | {"_continue": ["Save and continue editing"]})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (getattr(article, field), article.summary) == (expected, "My summary.")


@pytest.mark.parametrize("what", THEIR_CHANGES)
def test_my_field_is_written_when_they_change_another(editor, ana, what):
    create, change, field, expected = THEIR_CHANGES[what]
    article = make_article(**create)
    client, url, mine = opened_as(editor, article)
    mine |= change
    saves(ana, url, "article_form", {"summary": ["Ana's summary."]})

    response = client.post(url, mine | {"_addanother": ["Save and add another"]})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (getattr(article, field), article.summary) == (expected, "Ana's summary.")
    assert LogEntry.objects.latest("action_time").get_change_message() != "Changed Summary."


def test_topics_and_related_articles_merge_by_field(editor, ana):
    a, b = make_topic(), make_topic()
    related = make_article()
    entry = make_faq(topics=[a])
    client, url, mine = opened_as(editor, entry)
    mine |= {"related_articles": [str(related.pk)]}
    saves(ana, url, "faqentry_form", {"topics": [str(a.pk), str(b.pk)]})
    assert client.post(url, mine).status_code == 302
    assert set(entry.topics.all()) == {a, b}
    assert list(entry.related_articles.all()) == [related]


def test_publishing_from_a_stale_page_after_their_title_change_dates_it_now(editor, ana):
    article = draft(published_at=timezone.now() - datetime.timedelta(days=30))
    client, url, mine = opened_as(editor, article)
    mine |= {"status": ["published"]}
    saves(ana, url, "article_form", {"title": ["Ana's title"]})
    assert client.post(url, mine).status_code == 302
    article.refresh_from_db()
    assert article.title == "Ana's title" and article.is_published
    assert article.published_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_moderators_state_change_is_recorded_and_their_note_kept(moderator, django_user_model):
    question = make_question()
    url = QUESTION.format(question.pk)
    client = signed_in(moderator)
    mine = opened(client, url, "submittedquestion_form") | {"state": ["rejected"]}
    m2 = staff(django_user_model, "moderator2", "Moderators")
    other = signed_in(m2)
    saves(other, url, "submittedquestion_form", {"internal_note": ["Spam-ish."]})
    assert client.post(url, mine).status_code == 302
    question.refresh_from_db()
    assert (question.state, question.internal_note, question.moderator) == (
        "rejected", "Spam-ish.", moderator,
    )  # fmt: skip
    assert question.closed_at is not None


def test_an_order_both_changed_in_the_faq_list_says_whose_it_replaced(editor, ana):
    entry = make_faq(order=1)
    client = signed_in(editor)
    listed = faq_list_form(client)
    saves(ana, ENTRY.format(entry.pk), "faqentry_form", {"order": ["3"]})
    listed[order_field(listed, entry)] = ["5"]

    response = client.post("/admin/faq/faqentry/", listed, follow=True)

    assert "changed the order of “" in response.content.decode()
    assert "to 3 since you opened the list; it is now 5, as you set it." in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.order == 5


def last_change_message():
    return LogEntry.objects.latest("action_time").get_change_message()


def test_untouched_source_rows_are_not_named_in_the_history(editor):
    article = make_article(sources=2)
    client, url, mine = opened_as(editor, article)
    mine |= {"summary": ["Mine."]}

    assert client.post(url, mine).status_code == 302

    # Reviewed code: 'Changed Summary. Changed id for source “Source 0”. Changed id for ...'
    assert last_change_message() == "Changed Summary."


def test_untouched_source_rows_are_not_written_again(editor):
    article = make_article(sources=2)
    client, url, mine = opened_as(editor, article)
    mine |= {"summary": ["Mine."]}
    written = []

    def record(sender, instance, **kwargs):
        written.append(instance.pk)

    pre_save.connect(record, sender=Source)
    try:
        assert client.post(url, mine).status_code == 302
    finally:
        pre_save.disconnect(record, sender=Source)

    assert written == []  # every row is saved again: "id" is in each row's changed_data


def test_a_row_only_the_other_changed_keeps_their_value_and_history_is_right(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {"summary": ["Mine."]}
    saves(ana, url, "article_form", {"sources-0-url": ["https://fixed.example/"]})

    assert client.post(url, mine).status_code == 302

    assert article.sources.get().url == "https://fixed.example/"


# BoundField.as_widget(only_initial=True) re-sends the posted "initial-<name>" only when that
# exact key is in the data. A split date/time sends initial-published_at_0/_1, and an empty
# multiple select sends no key at all: on any error page the "opened" value becomes what the
# editor typed, so the editor's change no longer counts as theirs.


def test_a_publish_time_i_set_survives_saving_the_clash_page(editor, ana):
    article = make_article(summary="Old summary.")
    client, url, mine = opened_as(editor, article)
    mine |= {
        "summary": ["My summary."],
        "published_at_0": ["2024-05-01"], "published_at_1": ["09:00:00"],
    }  # fmt: skip
    saves(ana, url, "article_form", {"summary": ["Ana's summary."]})
    page = client.post(url, mine).content.decode()
    assert "You both changed Summary." in page

    response = client.post(url, form_data(page, "article_form"), follow=True)

    article.refresh_from_db()
    assert article.summary == "My summary."
    assert timezone.localtime(article.published_at).date() == datetime.date(2024, 5, 1), (
        "publish time reverted; message: 'Those changes to Publish at are kept'"
        if "Those changes to Publish at are kept" in response.content.decode()
        else "publish time reverted"
    )


def test_a_topic_i_added_to_an_untagged_article_survives_saving_the_clash_page(editor, ana):
    topic = make_topic(name="Courts")
    article = make_article(summary="Old summary.")  # no topics: no initial-topics key sent
    client, url, mine = opened_as(editor, article)
    mine |= {
        "summary": ["My summary."], "topics": [str(topic.pk)],
    }  # fmt: skip
    saves(ana, url, "article_form", {"summary": ["Ana's summary."]})
    page = client.post(url, mine).content.decode()
    assert "You both changed Summary." in page

    assert client.post(url, form_data(page, "article_form")).status_code == 302

    assert list(article.topics.all()) == [topic]  # dropped, "kept" as Ana's change


def test_a_publish_date_chosen_while_publishing_survives_a_validation_error(editor):
    article = draft()
    client, url, mine = opened_as(editor, article)
    mine |= {
        "status": ["published"], "title": [""],  # a slip: the title is required
        "published_at_0": ["2024-05-01"], "published_at_1": ["09:00:00"],
    }  # fmt: skip
    page = client.post(url, mine).content.decode()
    again = form_data(page, "article_form") | {"title": ["The title"]}

    assert client.post(url, again).status_code == 302

    article.refresh_from_db()
    # _publishes_an_old_draft no longer sees published_at in changed_data: it becomes "now".
    assert timezone.localtime(article.published_at).date() == datetime.date(2024, 5, 1)


def test_deleting_a_source_someone_corrected_meanwhile_is_not_silent(editor, ana):
    article = make_article(sources=2)
    client, url, mine = opened_as(editor, article)
    mine |= {"sources-0-DELETE": ["on"]}
    saves(ana, url, "article_form", {"sources-0-url": ["https://fixed.example/"]})

    response = client.post(url, mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed a row you are deleting (Source 0) since you opened" in page
    assert article.sources.count() == 2
    # Told, the editor deletes it anyway.
    assert client.post(url, form_data(page, "article_form")).status_code == 302
    assert list(article.sources.values_list("title", flat=True)) == ["Source 1"]


def test_row_bypass_survives_a_second_clash_on_another_field(editor, ana, django_user_model):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {
        "sources-0-title": ["My title"], "sources-0-publisher": ["My publisher"],
    }  # fmt: skip
    saves(ana, url, "article_form", {"sources-0-title": ["Ana's title"]})
    page = client.post(url, mine).content.decode()
    assert "Someone else changed Title here" in page
    bob = signed_in(staff(django_user_model, "bob", "Editors"))
    bobs = opened(bob, url, "article_form") | {"sources-0-publisher": ["Bob's publisher"]}
    assert bob.post(url, bobs).status_code == 302

    page = client.post(url, form_data(page, "article_form")).content.decode()
    assert "Someone else changed Publisher here" in page
    assert "Title" not in page.split("Someone else changed")[1].split("here")[0]

    assert client.post(url, form_data(page, "article_form")).status_code == 302
    source = article.sources.get()
    assert (source.title, source.publisher) == ("My title", "My publisher")


def test_row_bypass_a_third_persons_change_to_the_same_field_clashes_again(
    editor, ana, django_user_model
):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {"sources-0-title": ["My title"]}
    saves(ana, url, "article_form", {"sources-0-title": ["Ana's title"]})
    page = client.post(url, mine).content.decode()
    bob = signed_in(staff(django_user_model, "bob", "Editors"))
    assert bob.post(url, opened(bob, url, "article_form") | {"sources-0-title": ["Bob's"]})

    response = client.post(url, form_data(page, "article_form"))

    assert response.status_code == 200
    assert "Someone else changed Title here" in response.content.decode()
    assert article.sources.get().title == "Bob's"


def test_a_row_added_on_the_clash_page_is_saved(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {"sources-0-title": ["My title"]}
    saves(ana, url, "article_form", {"sources-0-title": ["Ana's title"]})
    page = client.post(url, mine).content.decode()
    again = form_data(page, "article_form") | {"sources-1-title": ["New row"]}

    assert client.post(url, again).status_code == 302

    assert sorted(article.sources.values_list("title", flat=True)) == ["My title", "New row"]


def test_a_clashing_row_i_also_delete_is_deleted(editor, ana):
    article = make_article(sources=1)
    client, url, mine = opened_as(editor, article)
    mine |= {
        "sources-0-title": ["My title"], "sources-0-DELETE": ["on"],
    }  # fmt: skip
    saves(ana, url, "article_form", {"sources-0-title": ["Ana's title"]})

    assert client.post(url, mine).status_code == 302
    assert not article.sources.exists()


def test_whitespace_inside_text_still_counts(editor, ana):
    # comparable() strips only the ends, as CharField(strip=True) does for what is sent.
    article = make_article(body="## One\n\n    code line\n\nText.")
    client, url, mine = opened_as(editor, article)
    mine |= {"body": ["## One\n\n  code line\n\nText."]}
    saves(ana, url, "article_form", {"summary": ["Ana's summary."]})

    assert client.post(url, mine).status_code == 302
    article.refresh_from_db()
    assert (article.body, article.summary) == ("## One\n\n  code line\n\nText.", "Ana's summary.")


def test_no_warning_when_both_set_the_same_order(editor, ana):
    entry = make_faq(order=1)
    client = signed_in(editor)
    listed = faq_list_form(client)
    saves(ana, ENTRY.format(entry.pk), "faqentry_form", {"order": ["5"]})
    listed[order_field(listed, entry)] = ["5"]

    page = client.post("/admin/faq/faqentry/", listed, follow=True).content.decode()

    assert "changed the order of" not in page  # "...to 5 ...; it is now 5, as you set it."


def test_moderator_state_change_after_entry_deleted_records_nothing_false(moderator):
    entry = make_faq()
    question = make_question(state=SubmittedQuestion.State.ANSWERED, faq_entry=entry)
    url = QUESTION.format(question.pk)
    client = signed_in(moderator)
    stale = opened(client, url, "submittedquestion_form")
    entry.delete()

    assert client.post(url, stale | {"internal_note": ["Only a note."]}).status_code == 302
    assert last_change_message() == "Changed Internal note."
