"""Pages about the site (About, Privacy) at /<slug>/, linked from every reader's page: a wary
reader looks for who runs a site and what it keeps before trusting it."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from articles.models import SITE_ADDRESSES, Page
from tests.helpers.accounts import signed_in
from tests.helpers.admin_forms import ADD_PAGE, page_form

pytestmark = pytest.mark.django_db


def make_page(**overrides):
    fields = {
        "title": "About us",
        "slug": "about",
        "body": "## Who we are\n\nA newsroom.",
        "status": Page.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    return Page.objects.create(**fields | overrides)


def footer(client, url="/"):
    page = client.get(url).content.decode()
    return page[page.index('<footer class="site-footer"') :]


def test_a_published_page_is_read_at_its_address_and_linked_from_every_footer(client):
    make_page(title="Your privacy", slug="privacy", footer_order=2)
    make_page(title="About us", slug="about", footer_order=1)
    make_page(title="Style guide", slug="style", in_footer=False)
    page = client.get("/about/").content.decode()
    assert "<h1>About us</h1>" in page and '<h2 id="who-we-are">Who we are</h2>' in page
    assert 'rel="canonical" href="http://127.0.0.1:8000/about/"' in page
    for url in ["/", "/articles/", "/faq/", "/faq/ask/", "/about/"]:
        links = footer(client, url)
        assert links.index('href="/about/">About us<') < links.index('href="/privacy/">Your')
        assert "/style/" not in links  # reached by its address only
    assert client.get("/style/").status_code == 200


def test_a_draft_or_scheduled_page_is_nowhere_for_readers(client):
    make_page(status=Page.Status.DRAFT)
    make_page(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/about/").status_code == 404
    assert client.get("/later/").status_code == 404
    assert "/about/" not in footer(client) and "/later/" not in footer(client)
    assert "/about/" not in client.get("/sitemap.xml").content.decode()


def test_editors_preview_a_draft_page_and_share_it(client, editor):
    draft = make_page(status=Page.Status.DRAFT)
    client.force_login(editor)
    preview = client.get(draft.get_preview_url()).content.decode()
    assert "Draft preview: readers cannot see this page yet." in preview and "About us" in preview
    change = client.get(f"/admin/articles/page/{draft.pk}/change/").content.decode()
    shared = change.split('readonly value="http://127.0.0.1:8000')[1].split('"')[0]
    client.logout()
    assert "About us" in client.get(shared.replace("&amp;", "&")).content.decode()


def test_editors_write_pages_and_moderators_cant(client, editor, moderator):
    signed_in(editor)
    client.force_login(editor)
    response = client.post(ADD_PAGE, page_form())
    assert response.status_code == 302 and Page.objects.get().is_published
    client.force_login(moderator)
    assert client.get(ADD_PAGE).status_code == 403
    assert client.get("/admin/articles/page/").status_code == 403


def test_publishing_a_page_shows_in_the_cached_footer_at_once(client, editor):
    assert "/about/" not in footer(client)  # and the home page is now cached
    client.force_login(editor)
    client.post(ADD_PAGE, page_form())
    client.logout()
    assert 'href="/about/">About us<' in footer(client)


def every_first_address_part(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver) and not str(pattern.pattern):
            yield from every_first_address_part(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern | URLResolver):
            yield route.split("/")[0]


def test_a_page_cant_take_an_address_the_site_answers_first():
    # /faq/ as a page's slug would never be reached: the FAQ answers first.
    words = set(every_first_address_part(get_resolver().url_patterns))
    fixed = {word for word in words if word and "<" not in word}
    # Uploads and static files are served outside the URLs: by whitenoise, or by a proxy.
    assert fixed | {"media", "static"} == SITE_ADDRESSES


def test_a_typed_address_the_site_uses_is_a_form_error_and_a_made_one_steps_around(client, editor):
    client.force_login(editor)
    for typed in ["faq", "FAQ"]:  # /FAQ/ would lead a reader to the page, not the FAQ
        response = client.post(ADD_PAGE, page_form(title="FAQ", slug=typed))
        assert response.status_code == 200 and not Page.objects.exists()
        assert response.context["adminform"].form.errors["slug"] == [
            "This address is taken by the site; pick another."
        ]
    made = make_page(title="Search", slug="")
    assert made.slug == "search-2" and made.get_absolute_url() == "/search-2/"


def test_a_renamed_page_keeps_its_old_address(client):
    page = make_page()
    page.slug = "who-we-are"
    page.save()
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"] == "/who-we-are/"


def test_error_pages_need_no_database_for_their_footer(client, django_assert_num_queries):
    make_page()
    with django_assert_num_queries(0):
        assert client.get("/no/such/page").status_code == 404


def test_whoever_may_change_pages_gets_the_editors_preview(django_user_model):
    # A communications role with pages only: its editor's preview and uploads must work too.
    from django.contrib.auth.models import Permission

    from portal.permissions import can_edit_text

    user = django_user_model.objects.create_user("comms", is_staff=True)
    assert not can_edit_text(user)
    user.user_permissions.add(Permission.objects.get(codename="change_page"))
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached on the object
    assert can_edit_text(user)


def test_an_address_no_page_ever_had_is_a_404_at_one_query(client, django_assert_num_queries):
    # Scanners ask for /wp-login/, /xmlrpc/ and the like all day: they cost a query, not five.
    page = make_page()
    page.slug = "who-we-are"
    page.save()  # its old address still redirects, in any case
    with django_assert_num_queries(2):  # the published page at that address, then any page
        assert client.get("/wp-login/").status_code == 404
    assert client.get("/About/")["Location"] == "/who-we-are/"
    page.status = Page.Status.DRAFT
    page.save()
    assert "This page is no longer published" in client.get("/who-we-are/").content.decode()


def test_the_footer_is_read_once_for_each_change_of_content(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_page()
    # The question form is never cached: each visit renders it, footer included.
    with CaptureQueriesContext(connection) as first:
        client.get("/faq/ask/")
    with CaptureQueriesContext(connection) as again:
        body = client.get("/faq/ask/").content.decode()
    assert len(again) == len(first) - 1 and 'href="/about/">About us<' in body
    make_page(title="Your privacy", slug="privacy")  # a change: read again
    assert 'href="/privacy/">Your privacy<' in client.get("/faq/ask/").content.decode()


def test_a_page_scheduled_for_the_footer_joins_it_when_its_time_comes(client):
    import time

    make_page(published_at=timezone.now() + datetime.timedelta(seconds=0.5))
    assert "/about/" not in footer(client, "/faq/ask/")
    time.sleep(0.6)  # no save in between: the content version is the same
    assert 'href="/about/">About us<' in footer(client, "/faq/ask/")
