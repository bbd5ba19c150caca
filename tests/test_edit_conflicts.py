"""Two staff members (or a staff member and a background job) acting on the same thing at
once: a later save never silently undoes an earlier change. The forms are sent as a browser
sends them, read from the page each one opened."""

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.test import Client

from articles.models import Article
from faq.models import FaqEntry, SubmittedQuestion
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article, make_faq, make_question
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

KINDS = {
    "article": (make_article, "/admin/articles/article/{}/change/", "article_form", "body"),
    "faq entry": (make_faq, "/admin/faq/faqentry/{}/change/", "faqentry_form", "answer"),
}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def staff(django_user_model, username, group, **names):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


def opened(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


@pytest.mark.parametrize("kind", KINDS)
def test_saving_over_another_editors_save_is_refused_with_who_and_what_and_keeps_the_text(
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
    assert "Nothing was saved, and what you typed is still below." in page
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


def test_a_save_from_another_tab_of_the_same_editor_says_so(editor):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    first_tab, second_tab = opened(client, url, "article_form"), opened(client, url, "article_form")
    second_tab["title"] = ["A new title"]
    assert client.post(url, second_tab).status_code == 302

    response = client.post(url, first_tab)

    assert "it was saved by you, in another tab or window (" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "A new title"


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
    response = client.post(url, note_form)

    assert response.status_code == 200
    assert "It was changed since you opened this page." in response.content.decode()
    question.refresh_from_db()
    assert question.state == SubmittedQuestion.State.ANSWERED
    assert question.faq_entry == FaqEntry.objects.get()
    assert question.internal_note == ""


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite takes turns: two admin saves can't interleave"
)
@TRANSACTIONAL
def test_two_saves_of_the_same_page_at_once_save_only_one(editor, django_user_model):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    users = {"editor": editor, "ana": staff(django_user_model, "ana", "Editors")}
    forms = {name: opened(signed_in(user), url, "article_form") for name, user in users.items()}
    # Without the lock, both would pass the version check and both would save; with it, the
    # second waits there until the first commits, and then sees a newer version.
    both_checked = threading.Barrier(2, timeout=2)

    def wait_for_the_other(sender, instance, **kwargs):
        try:
            both_checked.wait()
        except threading.BrokenBarrierError:
            pass

    pre_save.connect(wait_for_the_other, sender=Article, dispatch_uid="test-conflict-race")
    statuses = {}

    def save(name):
        try:
            form = forms[name] | {"summary": [f"Written by {name}."]}
            statuses[name] = signed_in(users[name]).post(url, form).status_code
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=save, args=(name,)) for name in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(dispatch_uid="test-conflict-race", sender=Article)
    assert sorted(statuses.values()) == [200, 302]
    (saved,) = [name for name, status in statuses.items() if status == 302]
    article.refresh_from_db()
    assert article.summary == f"Written by {saved}."


def test_a_question_reopened_by_deleting_its_entry_is_not_closed_again_by_an_open_page(
    moderator,
):
    entry = make_faq()
    question = make_question(state=SubmittedQuestion.State.ANSWERED, faq_entry=entry)
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    client = signed_in(moderator)
    stale = opened(client, url, "submittedquestion_form")
    entry.delete()  # the question goes back to the queue: its asker was never emailed

    response = client.post(url, stale | {"faq_entry": [""]})

    assert "It was changed since you opened this page." in response.content.decode()
    question.refresh_from_db()
    assert question.state == SubmittedQuestion.State.IN_REVIEW


def test_saving_a_piece_deleted_while_it_was_being_edited_shows_what_was_typed(
    editor, django_user_model
):
    article = make_article()
    url = KINDS["article"][1].format(article.pk)
    client = signed_in(editor)
    mine = opened(client, url, "article_form")
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    delete = other.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    mine |= {"title": ["My better title"], "body": ["An hour of writing.\r\n\r\n## And more"]}

    response = client.post(url, mine)

    assert response.status_code == 409
    page = response.content.decode()
    assert "It was deleted while you were editing it, by ana (" in page
    assert "Nothing was saved." in page
    assert ">An hour of writing.\r\n\r\n## And more</textarea>" in page
    assert 'value="My better title" readonly' in page
    assert 'href="/admin/articles/article/add/"' in page
    assert not Article.objects.exists()


# On PostgreSQL two requests really run at once. These tests hold one of them at a chosen
# point and let the other go until it waits for a row lock (or finishes, when nothing locks),
# so each runs the same way every time, with no sleeps.
pg_only = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite takes turns: two writes can't interleave"
)


def until_another_waits_for_a_lock(done, timeout=5):
    """Return once another connection waits for a lock, or `done` is set (it didn't wait)."""
    with connection.cursor() as cursor:
        for _ in range(timeout * 100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] or done.wait(0.01):
                return


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pg_only
@TRANSACTIONAL
def test_a_save_of_a_question_never_writes_back_a_removed_name_and_email(moderator):
    question = make_question(name="Lee", email="lee@example.org")
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    client = signed_in(moderator)
    form = opened(client, url, "submittedquestion_form") | {"internal_note": ["Asked twice."]}
    saving, removed = threading.Event(), threading.Event()

    def hold_the_save(sender, instance, **kwargs):
        saving.set()  # the question is read; the moderator's save is about to write it
        until_another_waits_for_a_lock(removed)

    def remove_name_and_email():  # "Remove name and email", from another moderator
        saving.wait(5)
        SubmittedQuestion.objects.filter(pk=question.pk).forget_personal_data()
        removed.set()

    pre_save.connect(hold_the_save, sender=SubmittedQuestion, dispatch_uid="test-hold")
    try:
        other = in_thread(remove_name_and_email)
        assert client.post(url, form).status_code == 302
        other.join()
    finally:
        pre_save.disconnect(dispatch_uid="test-hold", sender=SubmittedQuestion)
    question.refresh_from_db()
    assert (question.name, question.email, question.internal_note) == ("", "", "Asked twice.")


@pg_only
@TRANSACTIONAL
def test_a_bulk_action_leaves_a_question_answered_meanwhile_answered(moderator):
    questions = [make_question() for _ in range(3)]
    entry = make_faq()
    linking, linked = threading.Event(), threading.Event()

    def answer_the_last_one():  # "Answer and publish as FAQ", from another moderator
        with transaction.atomic():
            questions[-1].move_to(SubmittedQuestion.State.ANSWERED, moderator, faq_entry=entry)
            linking.set()
            until_another_waits_for_a_lock(threading.Event())
        linked.set()

    other = in_thread(answer_the_last_one)
    linking.wait(5)
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
def test_a_piece_deleted_while_its_page_is_saved_stays_deleted(editor, django_user_model):
    entry = make_faq()
    url = KINDS["faq entry"][1].format(entry.pk)
    client = signed_in(editor)
    form = opened(client, url, "faqentry_form")
    other = signed_in(staff(django_user_model, "ana", "Editors"))
    saving, deleted = threading.Event(), threading.Event()

    def hold_the_save(sender, instance, **kwargs):
        saving.set()
        until_another_waits_for_a_lock(deleted)

    def delete():
        saving.wait(5)
        other.post(f"/admin/faq/faqentry/{entry.pk}/delete/", {"post": "yes"})
        deleted.set()

    pre_save.connect(hold_the_save, sender=FaqEntry, dispatch_uid="test-hold")
    try:
        deleting = in_thread(delete)
        assert client.post(url, form).status_code == 302
        deleting.join()
    finally:
        pre_save.disconnect(dispatch_uid="test-hold", sender=FaqEntry)
    assert not FaqEntry.objects.exists()
