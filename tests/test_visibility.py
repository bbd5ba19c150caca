"""Drafts and scheduled articles never reach anonymous readers."""

import datetime

import pytest
from django.utils import formats, timezone
from django.utils.html import strip_tags

from articles.models import Article
from faq.models import FaqEntry
from tests.factories import draft, make_article, make_faq, make_topic, scheduled

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = ["/", "/articles/", "/articles/feed/", "/articles/feed/atom/", "/sitemap.xml"]


@pytest.mark.parametrize("make, model", [(make_article, Article), (make_faq, FaqEntry)])
def test_published_truth_table(make, model):
    # One rule (articles.models.is_public), for the database and for one piece's values.
    now = timezone.now()
    cases = [
        (Article.Status.PUBLISHED, now - datetime.timedelta(minutes=1), "public"),
        (Article.Status.PUBLISHED, now + datetime.timedelta(minutes=5), "scheduled"),
        (Article.Status.DRAFT, now - datetime.timedelta(minutes=1), "draft"),
        (Article.Status.DRAFT, now + datetime.timedelta(minutes=5), "draft"),
    ]
    for status, when, state in cases:
        piece = make(status=status, published_at=when)
        assert (piece in model.objects.published()) is (state == "public")
        assert piece.is_published is (state == "public")
        assert (piece in model.objects.scheduled()) is (state == "scheduled")
        assert piece.is_scheduled is (state == "scheduled")
        assert (piece in model.objects.drafts()) is (state == "draft")


@pytest.mark.parametrize("build", [draft, scheduled])
def test_hidden_article_is_nowhere_public(client, build):
    topic = make_topic(slug="police")
    public = make_article(title="Visible piece", topics=[topic])
    hidden = build(title="Secret plans", slug="secret-plans", topics=[topic])
    for url in [
        *PUBLIC_LISTS,
        "/topics/police/",
        "/articles/?topic=police",
        public.get_absolute_url(),
    ]:
        body = client.get(url).content.decode()
        assert "Secret plans" not in body, url
        assert "secret-plans" not in body, url
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_preview_url()).status_code == 404


@pytest.mark.parametrize("make, noun", [(make_article, "explainer"), (make_faq, "answer")])
def test_a_link_to_a_piece_taken_down_says_so_not_that_it_may_be_a_typo(client, make, noun):
    """Shared on social media, or in an asker's answer email, the link is still out there."""
    piece = make(slug="pulled")
    piece.status = piece.Status.DRAFT
    piece.save()
    response = client.get(piece.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 404  # it may come back
    assert "This page is no longer published" in body and f"This {noun} was published" in body
    assert str(piece) not in body  # its title may be what was withdrawn
    assert "may have a typo" not in body
    # Never public (a draft), or no piece at all: the usual page, which says nothing of drafts.
    never = make(status="draft", published_at=timezone.now())
    for url in [never.get_absolute_url(), piece.get_absolute_url().replace("pulled", "pulle")]:
        assert "may have a typo" in client.get(url).content.decode(), url


@pytest.mark.parametrize("make", [make_article, make_faq])
def test_only_an_address_readers_saw_says_the_piece_was_taken_down(client, make):
    """Renamed after it was pulled, its new address was never public: it must not tell anyone
    that a hidden piece is there (the slug may carry the next headline)."""
    piece = make(slug="council-vote")
    piece.slug = "council-vote-2026"  # renamed while public: both addresses were seen
    piece.save()
    piece.status = piece.Status.DRAFT
    piece.save()
    piece.slug = "mayor-to-be-indicted"
    piece.save()
    prefix = piece.get_absolute_url().removesuffix("mayor-to-be-indicted/")
    for slug, taken_down in [
        ("council-vote", True),
        ("council-vote-2026", True),
        ("mayor-to-be-indicted", False),
    ]:
        body = client.get(f"{prefix}{slug}/").content.decode()
        assert ("no longer published" in body) is taken_down, slug
    # A piece scheduled, shown from its time without a save, then pulled: its address too.
    later = make(slug="at-nine", published_at=timezone.now() + datetime.timedelta(hours=1))
    type(later).objects.filter(pk=later.pk).update(published_at=timezone.now())  # 9:00 came
    later.refresh_from_db()
    later.status = later.Status.DRAFT
    later.save()
    assert "no longer published" in client.get(later.get_absolute_url()).content.decode()


def test_scheduled_article_appears_when_its_time_comes(client):
    article = scheduled(title="Budget hearing guide")
    assert "Budget hearing guide" not in client.get("/").content.decode()
    # Moves the publish time into the past rather than waiting; save(), not update(), so the
    # page cache hears of it (real time passing with a warm cache: tests/test_cache.py).
    article.published_at = timezone.now() - datetime.timedelta(seconds=1)
    article.save()
    assert "Budget hearing guide" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_published_article_is_everywhere_public(client):
    topic = make_topic(slug="courts")
    article = make_article(title="How bail works", slug="how-bail-works", topics=[topic])
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in [*PUBLIC_LISTS, "/topics/courts/"]:
        assert "how-bail-works" in client.get(url).content.decode(), url


def test_staff_editor_previews_draft_with_banner(client, editor):
    article = draft(title="Work in progress")
    client.force_login(editor)
    response = client.get(article.get_preview_url())
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    # The public URL stays 404 even for staff: the preview is the only way in.
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_of_a_scheduled_piece_says_when_readers_will_see_it(client, editor):
    article = scheduled(title="Coming soon")
    client.force_login(editor)
    page = client.get(article.get_preview_url()).content.decode()
    local = timezone.localtime(article.published_at)
    when = f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"  # "… 9:12 a.m. CST"
    assert f"Scheduled for {when}: readers cannot see this page until then." in strip_tags(page)
    assert "Draft preview" not in page


def test_preview_refused_to_staff_who_cannot_see_articles(client, django_user_model):
    article = draft()
    client.force_login(django_user_model.objects.create_user("intern", is_staff=True))
    assert client.get(article.get_preview_url()).status_code == 404


def test_moderators_view_on_site_opens_the_preview_not_a_404(client, moderator):
    # Moderators may view articles in the admin, whose "View on site" leads to the preview.
    article = draft(slug="unfinished")
    client.force_login(moderator)
    change_form = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert article.get_preview_url() in change_form
    response = client.get(article.get_preview_url())
    assert response.status_code == 200 and "Draft preview" in response.content.decode()


def test_admin_view_on_site_points_drafts_to_preview(admin_client):
    article = draft(slug="unfinished")
    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert article.get_preview_url() in response.content.decode()


def test_related_articles_share_a_topic_and_are_public(client):
    topic, other = make_topic(), make_topic()
    article = make_article(topics=[topic])
    sibling = make_article(title="Sibling piece", topics=[topic])
    make_article(title="Unrelated piece", topics=[other])
    draft(title="Draft sibling", topics=[topic])
    body = client.get(article.get_absolute_url()).content.decode()
    assert sibling.title in body
    assert "Unrelated piece" not in body
    assert "Draft sibling" not in body
