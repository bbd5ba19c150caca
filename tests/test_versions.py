"""Earlier versions: a body pasted over by mistake, or a correction erased, is put back from the
piece's "Versions" page rather than from a database restore (portal/revisions.py)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from portal.models import Revision
from tests.factories import make_article, make_faq
from tests.helpers.accounts import signed_in, staff
from tests.helpers.admin_pages import opened_as, versions_url

pytestmark = pytest.mark.django_db

KINDS = {
    "article": (make_article, "body"),
    "faq entry": (make_faq, "answer"),
}
GOOD = "## What a detainer is\n\nA request from ICE to hold someone for 48 hours."


@pytest.mark.parametrize("kind", KINDS)
def test_text_pasted_over_by_mistake_is_put_back_from_its_versions(client, editor, kind):
    make, text_field = KINDS[kind]
    piece = make(**{text_field: GOOD})  # made outside the admin: no version kept yet
    admin, url, form = opened_as(editor, piece)
    mistake = "Meeting notes: call Dana back re: budget numbers. TODO"
    assert admin.post(url, form | {text_field: [mistake]}).status_code == 302
    assert mistake in client.get(piece.get_absolute_url()).content.decode()

    # The change page links to the versions; the list says who saved what, newest first.
    assert versions_url(piece) in admin.get(url).content.decode()
    listing = admin.get(versions_url(piece)).content.decode()
    assert "(as it is now)" in listing and "editor" in listing
    assert "As stored before this save" in listing
    stored, saved = Revision.objects.order_by("pk")
    assert stored.content[text_field] == GOOD and saved.content[text_field] == mistake

    # The earlier version shows how it differs from now, line by line, marked in words.
    page = admin.get(versions_url(piece, stored)).content.decode()
    assert '<ins><span class="version-mark">this version:</span> A request from ICE' in page
    assert '<del><span class="version-mark">now:</span> Meeting notes' in page

    response = admin.post(versions_url(piece, stored))
    assert response.status_code == 302 and response["Location"] == url
    piece.refresh_from_db()
    assert getattr(piece, text_field) == GOOD
    page = client.get(piece.get_absolute_url()).content.decode()  # readers see it at once
    assert "A request from ICE" in page and mistake not in page
    # Putting back is a version too, so it can be undone the same way, and the history says so.
    assert Revision.objects.first().note.startswith("Put back from the version of ")
    history = admin.get(url.replace("/change/", "/history/")).content.decode()
    assert "Put back from the version of" in history


def test_an_explainers_sources_and_corrections_come_back_with_its_text(editor):
    article = make_article(body=GOOD, corrections="An earlier version named the wrong court.")
    article.sources.create(title="County jail policy", url="https://example.org/policy")
    admin, url, form = opened_as(editor, article)
    form |= {"corrections": [""], "sources-0-title": ["Someone's blog"]}
    assert admin.post(url, form).status_code == 302
    assert article.sources.get().title == "Someone's blog"

    stored = Revision.objects.order_by("pk").first()
    listing = admin.get(versions_url(article)).content.decode()
    assert "corrections, sources" in listing  # what the save changed
    assert admin.post(versions_url(article, stored)).status_code == 302
    article.refresh_from_db()
    assert article.corrections == "An earlier version named the wrong court."
    assert article.corrected_at is not None
    [source] = article.sources.all()
    assert (source.title, source.url) == ("County jail policy", "https://example.org/policy")


def test_a_save_that_changes_nothing_readers_read_keeps_no_version(editor):
    article = make_article()
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"featured": ["on"]}).status_code == 302
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"featured": [""]}).status_code == 302
    assert Revision.objects.count() == 1  # the text as stored, kept once


def test_only_staff_who_may_change_a_piece_put_a_version_back(editor, moderator):
    article = make_article(body=GOOD)
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"body": ["Short."]}).status_code == 302
    stored = Revision.objects.order_by("pk").first()

    # Moderators may read explainers in the admin (to link answers) but not change them.
    reader = signed_in(moderator)
    page = reader.get(versions_url(article, stored))
    assert page.status_code == 200 and "Put this version back" not in page.content.decode()
    assert reader.post(versions_url(article, stored)).status_code == 403
    article.refresh_from_db()
    assert article.body == "Short."
    # Signed out: the sign-in page, not the text.
    assert Client().get(versions_url(article)).status_code == 302
    # Another piece's version isn't found under this one's address.
    other = make_article()
    assert admin.get(versions_url(other, stored)).status_code == 404


def test_deleting_a_piece_deletes_its_versions(editor):
    # Deleting is for what must go for good (unpublishing keeps it, versions and all).
    article = make_article(status=Article.Status.DRAFT)
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"body": ["Changed."]}).status_code == 302
    assert Revision.objects.count() == 2
    article.delete()
    assert not Revision.objects.exists()


def test_the_oldest_versions_go_past_the_limit(editor, settings, monkeypatch):
    monkeypatch.setattr("portal.revisions.KEPT", 3)
    article = make_article(body="Version 0.")
    for n in range(1, 5):
        admin, url, form = opened_as(editor, article)
        assert admin.post(url, form | {"body": [f"Version {n}."]}).status_code == 302
    kept = [version.content["body"] for version in Revision.objects.all()]
    assert kept == ["Version 4.", "Version 3.", "Version 2."]


def test_the_versions_list_reads_as_a_table_with_times_and_zones(editor):
    article = make_article(body=GOOD)
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"summary": ["A new summary."]}).status_code == 302
    listing = admin.get(versions_url(article)).content.decode()
    # "1:04 p.m.", "1 p.m." on the hour, "noon" or "midnight", then the zone.
    time = r"(\d\d?(:\d\d)? [ap]\.m\.|noon|midnight)"
    assert re.search(rf'<th scope="row"><a href="[^"]+">[^<]+, {time} C[SD]T</a>', listing)
    assert "<td>summary</td>" in listing


def test_a_readers_words_rewritten_out_of_an_entry_can_be_taken_out_of_its_versions(
    client, moderator
):
    # An entry started from a reader's question is rewritten without their names; its
    # versions kept them, a click away from going back live.
    entry = make_faq(question="My son Luis Ortega was taken outside Lincoln Elementary, what now?")
    admin, url, form = opened_as(moderator, entry)
    general = "What can a parent do when ICE detains their child near a school?"
    assert admin.post(url, form | {"question": [general]}).status_code == 302
    assert any("Luis Ortega" in v.content["question"] for v in Revision.objects.all())
    assert "Delete the earlier versions" in admin.get(versions_url(entry)).content.decode()

    response = admin.post(versions_url(entry), follow=True)
    assert "1 earlier version was deleted; only the current one is kept." in response.text
    [kept] = Revision.objects.all()
    assert kept.content["question"] == general
    assert "Luis Ortega" not in str(list(Revision.objects.values())) + str(kept)
    history = admin.get(url.replace("/change/", "/history/")).content.decode()
    assert "Deleted the earlier versions" in history and "Luis" not in history


def test_putting_back_leaves_the_status_and_unchanged_sources_alone(editor, django_user_model):
    article = make_article(body=GOOD, published_at=timezone.now() - datetime.timedelta(days=9))
    article.sources.create(title="County jail policy", url="https://example.org/policy")
    source_id = article.sources.get().pk
    Article.objects.filter(pk=article.pk).update(content_updated_at=None)  # never updated
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"corrections": ["An earlier version erred."]}).status_code == 302
    stored = Revision.objects.order_by("pk").first()
    # Another editor, page open, has taken it down; then the correction is put back out.
    colleague, _, their_form = opened_as(staff(django_user_model, "ana", "Editors"), article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert admin.post(versions_url(article, stored)).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.corrections == ""
    # The sources, the same in both versions, are the same rows: nothing to read is "Updated",
    # and a page open on the explainer still saves.
    assert article.sources.get().pk == source_id and not article.show_updated
    their_form |= {"summary": ["A summary Ana wrote."], "status": ["draft"]}
    assert colleague.post(url, their_form).status_code == 302
