"""Mistakes an editor or operator can make in the admin, and how they notice and recover:
what readers see is never one slip away from being lost."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.models import Article, Topic
from faq.models import FaqEntry
from tests.factories import draft, make_article, make_faq, make_question, make_topic
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def messages_of(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


# Deleting a published piece: unpublish first (or be a superuser, told what it ends)


@pytest.mark.parametrize("model", ["article", "faqentry"])
def test_an_editor_cant_delete_a_published_piece_and_is_told_to_unpublish_it(client, editor, model):
    piece = make_article() if model == "article" else make_faq()
    app = piece._meta.app_label
    client.force_login(editor)
    delete = f"/admin/{app}/{model}/{piece.pk}/delete/"

    response = client.get(delete)
    assert response.status_code == 302
    assert response.url == f"/admin/{app}/{model}/{piece.pk}/change/"
    assert "unpublish it (set Status to Draft and save)" in messages_of(response)
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert type(piece).objects.filter(pk=piece.pk).exists()
    # The change page offers no "Delete" link while it is published.
    assert (
        f'href="{delete}"'
        not in client.get(f"/admin/{app}/{model}/{piece.pk}/change/").content.decode()
    )

    # Nor does the list's delete action delete it.
    response = client.post(
        f"/admin/{app}/{model}/",
        {"action": "delete_selected", "_selected_action": [piece.pk], "post": "yes"},
    )
    assert type(piece).objects.filter(pk=piece.pk).exists()
    assert "is published, so it wasn't deleted" in messages_of(response)

    # Unpublished, it can be deleted.
    type(piece).objects.filter(pk=piece.pk).update(status="draft")
    assert client.get(delete).status_code == 200
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not type(piece).objects.filter(pk=piece.pk).exists()


def test_deleting_a_published_explainer_says_what_readers_lose_in_plain_words(admin_client):
    topic = make_topic()
    article = make_article(topics=[topic], sources=2, slug="old-address")
    article.slug = "new-address"
    article.save()  # the old address now redirects
    make_faq(articles=[article])
    make_question(article=article)

    page = admin_client.get(f"/admin/articles/article/{article.pk}/delete/").content.decode()
    assert "It is published: readers can see it now" in page
    assert 'href="/articles/new-address/"' in page
    assert "Its address leads to “page not found”" in page
    assert "So does the 1 earlier address that redirects to it." in page
    assert "Its 2 sources are deleted." in page
    assert "1 FAQ entry no longer lists it as a related explainer." in page
    assert "1 reader question asked about it no longer links to it." in page
    assert "Its 1 topic page no longer lists it." in page
    assert "Its earlier versions are deleted" in page
    assert "unpublish it instead" in page
    assert "object (" not in page  # no "Article_topics object (10)"

    admin_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()


def test_deleting_an_faq_entry_says_which_askers_were_emailed_its_address(admin_client):
    entry = make_faq()
    make_question(
        faq_entry=entry, state="answered", email="a@example.org", notified_at=entry.published_at
    )
    make_question(faq_entry=entry, state="answered", email="b@example.org")
    page = admin_client.get(f"/admin/faq/faqentry/{entry.pk}/delete/").content.decode()
    assert "1 asker was emailed its address: that link stops working." in page
    assert "1 reader question it answers goes back to “In review”" in page


def test_a_draft_readers_never_saw_says_no_link_breaks(client, editor):
    piece = draft()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{piece.pk}/delete/").content.decode()
    assert "Readers never saw it, so no link to it stops working." in page
    assert "readers can see it now" not in page


# A mistyped publish time, and saying after each save whether readers see the piece

ADD_FORMS = {
    "article": {
        "title": "Who runs the jail?",
        "summary": "County sheriffs usually do.",
        "body": "The sheriff.",
    },
    "faqentry": {"question": "Who runs the jail?", "answer": "The sheriff.", "order": "0"},
}


def opened_add_form(client, model):
    """The add page's form as a browser sends it, with the piece's text typed in."""
    app = "articles" if model == "article" else "faq"
    url = f"/admin/{app}/{model}/add/"
    data = form_data(client.get(url).content.decode(), f"{model}_form")
    return url, data | {name: [value] for name, value in ADD_FORMS[model].items()}


@pytest.mark.parametrize("model", ["article", "faqentry"])
def test_publishing_with_a_typed_date_long_past_asks_first_and_a_second_save_confirms(
    client, editor, model
):
    # Meant 2027, typed 2026: it would go live at once, dated months ago, below newer pieces.
    client.force_login(editor)
    url, form = opened_add_form(client, model)
    form |= {
        "status": ["published"],
        "published_at_0": ["2026-01-15"],
        "published_at_1": ["09:00:00"],
    }
    response = client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Readers would see it at once, dated Jan. 15, 2026, 9 a.m. CST, over a day ago" in page
    assert not Article.objects.exists() and not FaqEntry.objects.exists()
    # Everything typed is still there; the same page saved again publishes it as typed.
    again = form_data(page, f"{model}_form")
    assert (
        again["published_at_0"] == ["2026-01-15"]
        and again["body" if model == "article" else "answer"]
    )
    response = client.post(url, again, follow=True)
    piece = (Article if model == "article" else FaqEntry).objects.get()
    assert piece.is_published and timezone.localtime(piece.published_at).year == 2026
    assert "Readers can see it now (dated Jan. 15, 2026, 9 a.m. CST)." in messages_of(response)


def test_a_corrected_date_is_saved_without_asking_again(client, editor):
    client.force_login(editor)
    url, form = opened_add_form(client, "article")
    form |= {
        "status": ["published"],
        "published_at_0": ["2026-01-15"],
        "published_at_1": ["09:00:00"],
    }
    page = client.post(url, form).content.decode()
    corrected = form_data(page, "article_form") | {"published_at_0": ["2027-01-15"]}
    response = client.post(url, corrected, follow=True)
    assert Article.objects.get().is_scheduled
    assert "Scheduled for Jan. 15, 2027, 9 a.m. CST: readers can't see it before." in messages_of(
        response
    )


def test_another_past_date_typed_after_the_question_is_asked_about_again(client, editor):
    # Told of Jan. 15, the editor "corrects" it to another past date: that one is new to them.
    client.force_login(editor)
    url, form = opened_add_form(client, "article")
    form |= {"status": ["published"], "published_at_0": ["2026-01-15"]}
    page = client.post(url, form).content.decode()
    retyped = form_data(page, "article_form") | {"published_at_0": ["2025-11-28"]}
    page = client.post(url, retyped).content.decode()
    assert "dated Nov. 28, 2025" in page and "over a day ago" in page
    assert not Article.objects.exists()


def test_each_save_says_whether_readers_see_the_piece(client, editor):
    client.force_login(editor)
    url, form = opened_add_form(client, "article")
    response = client.post(url, form | {"status": ["draft"]}, follow=True)
    assert "A draft: readers can't see it." in messages_of(response)
    article = Article.objects.get()
    change = f"/admin/articles/article/{article.pk}/change/"
    form = form_data(client.get(change).content.decode(), "article_form")
    response = client.post(change, form | {"status": ["published"]}, follow=True)
    assert "Readers can see it now (dated" in messages_of(response)


# Deleting a topic still in use


def test_a_topic_in_use_isnt_deleted_and_the_editor_is_told_to_move_its_pieces(client, editor):
    topic, empty = make_topic(name="Protest rights"), make_topic()
    article, entry = make_article(topics=[topic]), make_faq(topics=[topic])
    make_article(topics=[topic])
    client.force_login(editor)
    delete = f"/admin/articles/topic/{topic.pk}/delete/"

    response = client.get(delete)
    assert response.url == f"/admin/articles/topic/{topic.pk}/change/"
    assert (
        "“Protest rights” is used by 2 explainers and 1 FAQ entry, so it wasn't deleted"
        in messages_of(response)
    )
    client.post(delete, {"post": "yes"})
    response = client.post(
        "/admin/articles/topic/",
        {"action": "delete_selected", "_selected_action": [topic.pk, empty.pk], "post": "yes"},
    )
    assert "Move them to another topic first" in messages_of(response)
    assert list(article.topics.all()) == [topic] and list(entry.topics.all()) == [topic]
    assert Topic.objects.count() == 2  # nothing of the selection was deleted
    page = client.get(f"/admin/articles/topic/{topic.pk}/change/").content.decode()
    assert f'href="/admin/articles/article/?topics__id__exact={topic.pk}">2 explainers</a>' in page

    # An empty topic goes.
    client.post(f"/admin/articles/topic/{empty.pk}/delete/", {"post": "yes"})
    assert list(Topic.objects.all()) == [topic]


# Deleting a staff account that has a history


def test_a_staff_account_with_admin_history_is_deactivated_not_deleted(
    admin_client, admin_user, moderator, django_user_model
):
    question = make_question(email="asker@example.org")
    LogEntry.objects.log_actions(
        moderator.pk, [question], CHANGE, change_message="Name and email removed."
    )
    newcomer = django_user_model.objects.create_user("newcomer", is_staff=True)
    delete = f"/admin/auth/user/{moderator.pk}/delete/"

    response = admin_client.get(delete)  # a superuser too
    assert response.url == f"/admin/auth/user/{moderator.pk}/change/"
    assert "untick “Active” and save" in messages_of(response)
    admin_client.post(delete, {"post": "yes"})
    admin_client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [moderator.pk], "post": "yes"},
    )
    assert LogEntry.objects.filter(user=moderator).count() == 1

    # An account that never did anything in the admin (made by mistake) can be deleted.
    admin_client.post(f"/admin/auth/user/{newcomer.pk}/delete/", {"post": "yes"})
    assert not django_user_model.objects.filter(pk=newcomer.pk).exists()
