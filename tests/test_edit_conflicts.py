"""Two staff members (or a staff member and a background job) acting on the same thing at
once: a later save never silently undoes an earlier change. The forms are sent as a browser
sends them, read from the page each one opened."""

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models.signals import pre_save

from articles.models import Article
from faq.models import FaqEntry, SubmittedQuestion
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article, make_faq, make_question, make_topic
from tests.helpers.accounts import signed_in, staff
from tests.helpers.admin_pages import KINDS, opened, saves
from tests.helpers.concurrency import in_thread, pg_only, until_another_waits_for_a_lock
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KINDS)
def test_a_field_both_changed_is_a_form_error_with_who_and_what_that_keeps_the_text(
    editor, django_user_model, kind
):
    make, change_url, form_id, text_field = KINDS[kind]
    obj = make(**{text_field: "The first text."})
    url = change_url.format(obj.pk)
    other = signed_in(
        staff(django_user_model, "ana", "Editors", first_name="Ana", last_name="Ruiz")
    )
    mine, theirs = opened(signed_in(editor), url, form_id), opened(other, url, form_id)

    theirs[text_field] = ["Their correction."]
    assert other.post(url, theirs).status_code == 302
    mine[text_field] = ["My rewrite."]
    client = signed_in(editor)
    response = client.post(url, mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Since you opened this page, it was saved by Ana Ruiz (" in page
    assert f"Changed {text_field.capitalize()})." in page
    assert f"You both changed {text_field.capitalize()}. Nothing was saved" in page
    assert "My rewrite." in page
    obj.refresh_from_db()
    assert getattr(obj, text_field) == "Their correction."

    # Saving the page shown again is the editor's informed choice: theirs is replaced.
    assert client.post(url, form_data(page, form_id)).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, text_field) == "My rewrite."
    assert "Opened" not in LogEntry.objects.latest("action_time").get_change_message()


def test_an_editor_saving_the_same_page_again_and_again_is_never_stopped(editor):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    for summary in ["First try.", "Second try.", "Third try."]:
        form = opened(client, url, "article_form")
        form["summary"] = [summary]
        response = client.post(url, form | {"_continue": ["Save and continue editing"]})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.summary == summary


def test_a_save_from_another_tab_is_kept_and_named_as_yours(editor):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    first_tab, second_tab = opened(client, url, "article_form"), opened(client, url, "article_form")
    second_tab["title"] = ["A new title"]
    assert client.post(url, second_tab).status_code == 302
    first_tab["summary"] = ["A new summary."]

    response = client.post(url, first_tab, follow=True)

    page = response.content.decode()
    assert "it was saved by you, in another tab or window (" in page
    assert "Those changes to Title are kept, and yours are saved too." in page
    article.refresh_from_db()
    assert (article.title, article.summary) == ("A new title", "A new summary.")


def test_another_editors_change_to_other_fields_is_kept_and_said(editor, django_user_model):
    # Ana takes an entry down (a legal worry, say) while an editor fixes a typo in its answer.
    entry = make_faq(answer="The sherif decides.", topics=[make_topic(name="Jails")])
    url = KINDS["faq entry"][1].format(entry.pk)
    client = signed_in(editor)
    mine = opened(client, url, "faqentry_form")
    other = signed_in(staff(django_user_model, "ana", "Editors", first_name="Ana"))
    saves(other, url, "faqentry_form", {"status": ["draft"], "topics": []})
    mine["answer"] = ["The sheriff decides."]

    response = client.post(url, mine, follow=True)

    assert response.redirect_chain  # saved, no form error
    page = response.content.decode()
    assert "Since you opened this page, it was saved by Ana (" in page
    assert "Those changes to Topics and Status are kept" in page
    entry.refresh_from_db()
    assert (entry.answer, entry.status, list(entry.topics.all())) == (
        "The sheriff decides.",
        "draft",
        [],
    )
    assert LogEntry.objects.latest("action_time").get_change_message() == "Changed Answer."


def test_a_source_changed_by_another_editor_is_kept_when_saving_the_article(
    editor, django_user_model
):
    article = make_article(sources=1)
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    mine = opened(client, url, "article_form")
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    saves(other, url, "article_form", {"sources-0-title": ["Their better title"]})
    mine["summary"] = ["My summary."]

    assert client.post(url, mine).status_code == 302

    article.refresh_from_db()
    assert article.summary == "My summary."
    assert article.sources.get().title == "Their better title"


def test_a_source_deleted_by_another_editor_is_a_message_not_a_silent_refusal(
    editor, django_user_model
):
    article = make_article(sources=2)
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    mine = opened(client, url, "article_form") | {"summary": ["My summary."]}
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    saves(other, url, "article_form", {"sources-0-DELETE": ["on"]})

    response = client.post(url, mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "A row here was deleted by someone else since you opened this page" in page
    assert "My summary." in page


def test_a_question_answered_while_a_moderator_had_it_open_keeps_its_answer(
    moderator, django_user_model
):
    question = make_question()
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    client = signed_in(moderator)
    note_form = opened(client, url, "submittedquestion_form")
    other = signed_in(staff(django_user_model, "moderator2", "Moderators"))
    answer = opened(other, f"/admin/faq/faqentry/add/?from_question={question.pk}", "faqentry_form")
    answer |= {"slug": ["who-answers"], "answer": ["The sheriff."], "status": ["published"]}
    assert (
        other.post(f"/admin/faq/faqentry/add/?from_question={question.pk}", answer).status_code
        == 302
    )

    note_form["internal_note"] = ["Check with the county."]
    response = client.post(url, note_form, follow=True)

    page = response.content.decode()
    assert "It was changed since you opened this page." in page
    assert "Those changes to State and FAQ entry are kept" in page
    question.refresh_from_db()
    assert question.state == SubmittedQuestion.State.ANSWERED
    assert question.faq_entry == FaqEntry.objects.get()
    assert question.internal_note == "Check with the county."


def test_a_question_reopened_by_deleting_its_entry_is_not_closed_again_by_an_open_page(
    moderator,
):
    entry = make_faq()
    question = make_question(state=SubmittedQuestion.State.ANSWERED, faq_entry=entry)
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    client = signed_in(moderator)
    stale = opened(client, url, "submittedquestion_form")
    entry.delete()  # the question goes back to the queue: its asker was never emailed

    # The moderator clears the entry the page still shows, and notes why.
    response = client.post(url, stale | {"faq_entry": [""], "internal_note": ["Entry gone."]})

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.state, question.internal_note) == ("in_review", "Entry gone.")


def test_saving_a_piece_deleted_while_it_was_being_edited_shows_what_was_typed(
    editor, django_user_model
):
    article = make_article(status="draft")  # a published one can't be deleted by an editor
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    mine = opened(client, url, "article_form")
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    delete = other.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    mine |= {
        "title": ["My better title"],
        "body": ["An hour of writing.\r\n\r\n## And more"],
        "last_reviewed": ["2026-11-20"],
        "published_at_0": ["2026-12-01"],
        "published_at_1": ["08:30:00"],
        # The page's one empty source row, filled in: sources are typed text too.
        "sources-0-title": ["City council minutes"],
        "sources-0-url": ["https://example.org/minutes"],
    }

    response = client.post(url, mine)

    assert response.status_code == 409
    page = response.content.decode()
    assert "It was deleted while you were editing it, by ana (" in page
    assert "Nothing was saved." in page
    assert ">An hour of writing.\r\n\r\n## And more</textarea>" in page
    assert 'value="My better title" readonly' in page
    assert "Last reviewed:</label>" in page and 'value="2026-11-20" readonly' in page
    assert "Publish at:</label>" in page and 'value="2026-12-01 08:30:00" readonly' in page
    assert "Source 1: Title:</label>" in page and 'value="City council minutes" readonly' in page
    assert "Source 1: URL:</label>" in page and 'value="https://example.org/minutes"' in page
    assert 'href="/admin/articles/article/add/"' in page
    assert not Article.objects.exists()


def test_a_post_to_a_piece_that_never_existed_gets_the_admins_own_answer(editor):
    # The page kept for a deleted piece is for a change page's save only (it carries the
    # stamp): a POST to any wrong id mustn't tell who deleted what.
    response = signed_in(editor).post("/admin/articles/article/999/change/", {"title": "x"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


# On PostgreSQL two requests really run at once. These tests hold one of them at a chosen
# point and let the other go until it waits for a row lock the first holds (or gets through,
# when nothing locks), so each runs the same way every time.


def holding_the_save(model, got_through):
    """Hold each save of `model` just before it writes (its row read, and locked when the
    code locks it) until another connection waits for that lock, or `got_through` is set."""
    saving = threading.Event()

    def hold(sender, instance, **kwargs):
        saving.set()
        until_another_waits_for_a_lock(got_through)

    pre_save.connect(hold, sender=model, dispatch_uid="test-hold", weak=False)
    return saving


@pytest.fixture
def release_holds():
    yield
    for model in (Article, FaqEntry, SubmittedQuestion):
        pre_save.disconnect(dispatch_uid="test-hold", sender=model)


@pg_only
@TRANSACTIONAL
def test_two_saves_of_the_same_page_at_once_save_only_one(editor, django_user_model, release_holds):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    users = {"editor": editor, "ana": staff(django_user_model, "ana", "Editors")}
    forms = {name: opened(signed_in(user), url, "article_form") for name, user in users.items()}
    # Locked, the second save waits until the first commits and then sees a newer version;
    # without the lock both would pass the check and both would save.
    both_at_the_write = threading.Event()
    arrived = []

    def save(name):
        form = forms[name] | {"summary": [f"Written by {name}."]}
        statuses[name] = signed_in(users[name]).post(url, form).status_code

    def arrive(sender, instance, **kwargs):
        arrived.append(instance.pk)
        if len(arrived) == 2:
            both_at_the_write.set()

    pre_save.connect(arrive, sender=Article, dispatch_uid="test-arrive", weak=False)
    holding_the_save(Article, both_at_the_write)
    statuses = {}
    try:
        threads = [in_thread(lambda name=name: save(name)) for name in users]
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(dispatch_uid="test-arrive", sender=Article)
    assert sorted(statuses.values()) == [200, 302]
    (saved,) = [name for name, status in statuses.items() if status == 302]
    article.refresh_from_db()
    assert article.summary == f"Written by {saved}."


@pg_only
@TRANSACTIONAL
def test_a_save_of_a_question_never_writes_back_a_removed_name_and_email(moderator, release_holds):
    question = make_question(name="Lee", email="lee@example.org")
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    client = signed_in(moderator)
    form = opened(client, url, "submittedquestion_form") | {"internal_note": ["Asked twice."]}
    removed = threading.Event()
    saving = holding_the_save(SubmittedQuestion, removed)
    started = []

    def remove_name_and_email():  # "Remove name and email", from another moderator
        started.append(saving.wait(5))
        SubmittedQuestion.objects.filter(pk=question.pk).forget_personal_data()
        removed.set()

    other = in_thread(remove_name_and_email)
    assert client.post(url, form).status_code == 302
    other.join()

    assert started == [True]
    question.refresh_from_db()
    assert (question.name, question.email, question.internal_note) == ("", "", "Asked twice.")


@pg_only
@TRANSACTIONAL
def test_a_bulk_action_leaves_a_question_answered_meanwhile_answered(moderator):
    questions = [make_question() for _ in range(3)]
    entry = make_faq()
    linking = threading.Event()

    def answer_the_last_one():  # "Answer and publish as FAQ", from another moderator
        with transaction.atomic():
            questions[-1].move_to(SubmittedQuestion.State.ANSWERED, moderator, faq_entry=entry)
            linking.set()
            until_another_waits_for_a_lock(threading.Event())

    other = in_thread(answer_the_last_one)
    assert linking.wait(5)
    response = signed_in(moderator).post(
        "/admin/faq/submittedquestion/",
        {"action": "mark_in_review", "_selected_action": [q.pk for q in questions]},
    )
    other.join()

    assert response.status_code == 302
    states = dict(SubmittedQuestion.objects.values_list("pk", "state"))
    assert [states[q.pk] for q in questions] == ["in_review", "in_review", "answered"]
    assert SubmittedQuestion.objects.get(pk=questions[-1].pk).faq_entry == entry


@pg_only
@TRANSACTIONAL
def test_a_piece_deleted_while_its_page_is_saved_stays_deleted(
    editor, django_user_model, release_holds
):
    entry = make_faq(status="draft")  # a published one can't be deleted by an editor
    url = KINDS["faq entry"][1].format(entry.pk)
    client = signed_in(editor)
    form = opened(client, url, "faqentry_form")
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    deleted = threading.Event()
    saving = holding_the_save(FaqEntry, deleted)
    started = []

    def delete():
        started.append(saving.wait(5))
        other.post(f"/admin/faq/faqentry/{entry.pk}/delete/", {"post": "yes"})
        deleted.set()

    deleting = in_thread(delete)
    assert client.post(url, form).status_code == 302
    deleting.join()

    assert started == [True]
    assert not FaqEntry.objects.exists()


@pg_only
@TRANSACTIONAL
def test_a_post_to_a_history_page_is_not_a_server_error(editor):
    # Only saves and deletes run in a transaction the admin can lock the row in.
    article = make_article()
    response = signed_in(editor).post(f"/admin/articles/article/{article.pk}/history/")
    assert response.status_code == 200
