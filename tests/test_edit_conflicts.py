"""Two staff members editing the same thing: a later save never silently undoes an earlier one.
The forms are sent as a browser sends them, read from the page each one opened."""

import threading
from urllib.parse import urlencode

import pytest
from django.contrib.admin import site
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import pre_save
from django.http import QueryDict
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


def test_a_piece_deleted_while_its_page_was_being_saved_is_a_form_error(rf, editor):
    # On PostgreSQL another editor's delete can commit between the admin loading the piece
    # and the form's check; the form says so instead of failing with a server error.
    article = make_article()
    model_admin = site._registry[Article]
    request = rf.post("/")
    request.user = editor
    form_class = model_admin.get_form(request, article, change=True)
    data = form_data(
        signed_in(editor).get(KINDS["article"][1].format(article.pk)).content.decode(),
        "article_form",
    )
    Article.objects.filter(pk=article.pk).delete()

    form = form_class(QueryDict(urlencode(data, doseq=True)), instance=article)

    assert not form.is_valid()
    assert "It was deleted since you opened this page" in str(form.non_field_errors())
