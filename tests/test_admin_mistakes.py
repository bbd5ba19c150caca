"""Mistakes an editor or operator can make in the admin, and how they notice and recover:
what readers see is never one slip away from being lost."""

import pytest
from django.contrib.messages import get_messages

from articles.models import Article
from tests.factories import draft, make_article, make_faq, make_question, make_topic

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
