"""Pieces whose facts may have gone stale: laws and policies change, and readers act on what an
explainer or an FAQ answer says. Editors find the public ones nobody has checked for six months
(REVIEW_AFTER)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import REVIEW_AFTER, Article
from faq.models import FaqEntry
from tests.factories import make_article, make_faq

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
KINDS = pytest.mark.parametrize(
    "make, model, title, changelist",
    [
        (make_article, Article, "title", "/admin/articles/article/"),
        (make_faq, FaqEntry, "question", "/admin/faq/faqentry/"),
    ],
)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def checked_days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def pieces(make, title):
    old = REVIEW_AFTER.days + 10
    make(**{title: "Never checked"}, published_at=days_ago(old))
    make(
        **{title: "Checked long ago"},
        published_at=days_ago(old),
        last_reviewed=checked_days_ago(old),
    )
    make(**{title: "Checked lately"}, published_at=days_ago(old), last_reviewed=checked_days_ago(3))
    make(**{title: "New"}, published_at=days_ago(20))
    make(**{title: "Old draft"}, status=Article.Status.DRAFT, published_at=days_ago(old))


@KINDS
def test_due_for_review_is_public_pieces_unchecked_for_six_months(make, model, title, changelist):
    pieces(make, title)
    due = set(model.objects.due_for_review().values_list(title, flat=True))
    assert due == {"Never checked", "Checked long ago"}


def test_a_check_exactly_six_months_ago_is_not_due_yet():
    six_months_ago = timezone.localdate() - REVIEW_AFTER
    make_article(last_reviewed=six_months_ago, published_at=days_ago(400))
    assert not Article.objects.due_for_review().exists()
    make_article(last_reviewed=six_months_ago - DAY, published_at=days_ago(400))
    assert Article.objects.due_for_review().count() == 1


@KINDS
def test_the_list_filters_and_marks_the_pieces_due(client, editor, make, model, title, changelist):
    pieces(make, title)
    client.force_login(editor)
    page = client.get(changelist, {"checked": "due"}).content.decode()
    assert "Old draft" not in page and "Checked lately" not in page and ">New<" not in page
    assert page.count("due for review</strong>") == 2
    # A piece never checked is dated by its publishing, and says so.
    assert "never (published " in page
    recent = client.get(changelist, {"checked": "recent"}).content.decode()
    assert "Checked lately" in recent and ">New<" in recent and "Never checked" not in recent
    assert "due for review</strong>" not in recent


@KINDS
def test_the_list_sorts_by_the_day_last_checked(client, editor, make, model, title, changelist):
    make(**{title: "Checked in March"}, last_reviewed=checked_days_ago(100))
    make(**{title: "Never, published in May"}, published_at=days_ago(50))
    make(**{title: "Checked last week"}, last_reviewed=checked_days_ago(7))
    client.force_login(editor)
    column = 4  # title, readers see it, featured or order, last checked
    page = client.get(changelist, {"o": str(column)}).content.decode()
    order = [page.index(t) for t in ["Checked in March", "Never, published", "Checked last week"]]
    assert order == sorted(order)


def test_the_admins_home_says_how_many_of_each_are_due(client, editor, moderator):
    pieces(make_article, "title")
    pieces(make_faq, "question")
    make_faq(question="Old, never checked", published_at=days_ago(400))
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert (
        'Not checked for 6 months: <a href="/admin/articles/article/?checked=due&amp;o=4">2 '
        'published explainers</a>, <a href="/admin/faq/faqentry/?checked=due&amp;o=4">3 '
        "published FAQ entries</a>." in home
    )
    # Moderators can't change explainers: only the FAQ entries are theirs.
    client.force_login(moderator)
    home = client.get("/admin/").content.decode()
    assert "Not checked for 6 months: <a" in home and "?checked=due" in home
    assert "/admin/articles/article/?checked=due" not in home


def test_no_notice_when_every_public_piece_was_checked(client, editor):
    make_article(last_reviewed=checked_days_ago(1), published_at=days_ago(400))
    make_faq(last_reviewed=checked_days_ago(1), published_at=days_ago(400))
    client.force_login(editor)
    assert "checked=due" not in client.get("/admin/").content.decode()


def test_readers_see_when_an_faq_answer_was_last_reviewed(client):
    entry = make_faq(last_reviewed=datetime.date(2026, 3, 4), published_at=days_ago(400))
    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'Last reviewed <time datetime="2026-03-04">March 4, 2026</time>' in page


def test_an_faq_entry_can_be_marked_reviewed_in_the_admin(client, editor):
    from tests.helpers.admin_forms import entry_form

    entry = make_faq()
    client.force_login(editor)
    today = timezone.localdate()
    form = entry_form(question=entry.question, slug=entry.slug, last_reviewed=f"{today:%Y-%m-%d}")
    response = client.post(f"/admin/faq/faqentry/{entry.pk}/change/", form)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.last_reviewed == today
