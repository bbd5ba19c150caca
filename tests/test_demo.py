import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Topic
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Topic.objects.count(),
        list(Article.objects.values_list("slug", "updated_at")),
        get_user_model().objects.count(),
    )


def test_load_demo_twice_is_a_no_op(settings):
    settings.DEBUG = True
    call_command("load_demo", password="s3cret-demo", verbosity=0)
    first = snapshot()
    assert Article.objects.published().count() >= 5
    assert Article.objects.count() > Article.objects.published().count()  # a draft and a scheduled
    call_command("load_demo", password="other", verbosity=0)
    assert snapshot() == first


def test_demo_accounts_have_their_roles(settings, client):
    settings.DEBUG = True
    call_command("load_demo", password="s3cret-demo", verbosity=0)
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name="Editors").exists()
    assert users.get(username="moderator").groups.filter(name="Moderators").exists()
    assert client.login(username="editor", password="s3cret-demo")


def test_demo_refuses_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
    call_command("load_demo", no_accounts=True, verbosity=0)
    assert Article.objects.exists() and not get_user_model().objects.exists()


def test_demo_refuses_a_database_with_content_when_debug_is_off(settings):
    # `load_demo --no-accounts` on a live site's database would publish fictional explainers
    # and FAQ entries there, and bring back demo pieces deleted since.
    settings.DEBUG = False
    make_article(slug="real-news")
    with pytest.raises(CommandError, match=r"with content \(articles: 1\).*--force"):
        call_command("load_demo", no_accounts=True, verbosity=0)
    assert list(Article.objects.values_list("slug", flat=True)) == ["real-news"]
    assert not Topic.objects.exists()
    call_command("load_demo", no_accounts=True, force=True, verbosity=0)  # a trial site
    assert Article.objects.published().count() > 1


def crud(app_label, *models):
    return {f"{app_label}.{a}_{m}" for m in models for a in ("add", "change", "delete", "view")}


def test_roles_exist_after_migrate_with_exactly_their_permissions():
    def permissions(group):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=group).permissions.select_related("content_type")
        }

    # Editors write explainers, FAQ entries and pages about the site; reader questions (names,
    # emails) aren't theirs.
    explainers = crud("articles", "article", "topic", "source", "page")
    assert permissions("Editors") == explainers | crud("faq", "faqentry") | {
        "portal.view_zeroresultsearch"
    }
    # Moderators answer questions and publish answers, but edit no explainer and delete no
    # entry; they may delete a reader question (an abusive one, or details its asker regrets).
    assert permissions("Moderators") == {
        "articles.view_article",
        "articles.view_topic",
        "faq.add_faqentry",
        "faq.change_faqentry",
        "faq.view_faqentry",
        "faq.change_submittedquestion",
        "faq.delete_submittedquestion",
        "faq.moderate_submittedquestion",
        "faq.view_submittedquestion",
    }


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati"])  # a day apart from UTC
def test_demo_review_dates_are_the_sites_calendar_days_so_every_explainer_saves(settings, zone):
    # A UTC date is "tomorrow" on a US evening: the demo's explainer reviewed today would fail
    # "Choose today or an earlier day" when an editor next saved it.
    settings.TIME_ZONE = zone
    call_command("load_demo", no_accounts=True, verbosity=0)
    reviewed_today = Article.objects.get(slug="what-happens-at-an-immigration-court-hearing")
    assert reviewed_today.last_reviewed == timezone.localdate()
    for article in Article.objects.all():
        article.full_clean()


def test_the_demo_has_answers_in_spanish_marked_so(settings, client):
    # So that the Spanish pages (the FAQ's "En español", search, the ask form) can be tried.
    from faq.models import FaqEntry

    settings.DEBUG = True
    call_command("load_demo", password="s3cret-demo", verbosity=0)
    spanish = FaqEntry.objects.published().filter(language="es")
    assert spanish.count() == 2
    page = client.get("/faq/").content.decode()
    assert all(f'href="{entry.get_absolute_url()}"' in page for entry in spanish)
    assert 'id="en-espanol"' in page
