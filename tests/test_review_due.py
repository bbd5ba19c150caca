"""Explainers whose facts may have gone stale: laws and policies change, and readers act on what
a piece says. Editors find the public ones nobody has checked for six months (REVIEW_AFTER)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import REVIEW_AFTER, Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
DAY = datetime.timedelta(days=1)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def checked_days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def pieces():
    old = REVIEW_AFTER.days + 10
    make_article(title="Never checked", published_at=days_ago(old))
    make_article(
        title="Checked long ago", published_at=days_ago(old), last_reviewed=checked_days_ago(old)
    )
    make_article(
        title="Checked lately", published_at=days_ago(old), last_reviewed=checked_days_ago(3)
    )
    make_article(title="New", published_at=days_ago(20))
    make_article(title="Old draft", status=Article.Status.DRAFT, published_at=days_ago(old))


def test_due_for_review_is_public_pieces_unchecked_for_six_months(pieces):
    due = set(Article.objects.due_for_review().values_list("title", flat=True))
    assert due == {"Never checked", "Checked long ago"}


def test_a_check_exactly_six_months_ago_is_not_due_yet():
    six_months_ago = timezone.localdate() - REVIEW_AFTER
    make_article(last_reviewed=six_months_ago, published_at=days_ago(400))
    assert not Article.objects.due_for_review().exists()
    make_article(last_reviewed=six_months_ago - DAY, published_at=days_ago(400))
    assert Article.objects.due_for_review().count() == 1


def test_the_list_filters_and_marks_the_pieces_due_oldest_check_first(client, editor, pieces):
    client.force_login(editor)
    page = client.get(ARTICLES, {"checked": "due", "o": "4"}).content.decode()
    assert "Old draft" not in page and "Checked lately" not in page and "New" not in page
    assert page.count("due for review</strong>") == 2
    # A piece never checked is dated by its publishing, and says so.
    assert "never (published " in page
    recent = client.get(ARTICLES, {"checked": "recent"}).content.decode()
    assert "Checked lately" in recent and "New" in recent and "Never checked" not in recent
    assert "due for review</strong>" not in recent


def test_the_list_sorts_by_the_day_last_checked(client, editor):
    make_article(title="Checked in March", last_reviewed=checked_days_ago(100))
    make_article(title="Never, published in May", published_at=days_ago(50))
    make_article(title="Checked last week", last_reviewed=checked_days_ago(7))
    client.force_login(editor)
    page = client.get(ARTICLES, {"o": "4"}).content.decode()
    order = [page.index(t) for t in ["Checked in March", "Never, published", "Checked last week"]]
    assert order == sorted(order)


def test_the_admins_home_tells_editors_how_many_are_due(client, editor, moderator, pieces):
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert '?checked=due&amp;o=4">2 published explainers haven' in home
    # Moderators can't change explainers: the notice isn't theirs.
    client.force_login(moderator)
    assert "checked=due" not in client.get("/admin/").content.decode()


def test_no_notice_when_every_public_piece_was_checked(client, editor):
    make_article(last_reviewed=checked_days_ago(1), published_at=days_ago(400))
    client.force_login(editor)
    assert "checked=due" not in client.get("/admin/").content.decode()
