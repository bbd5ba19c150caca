"""What readers see: pages, metadata, bad input and machine-readable endpoints."""

import datetime
import json
import re
import zoneinfo
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Source
from tests.factories import make_article, make_faq, make_topic

pytestmark = pytest.mark.django_db


def test_article_page_has_title_meta_canonical_og_and_json_ld(client):
    topic = make_topic(name="Courts")
    article = make_article(
        title="What a judge does",
        summary="Judges decide cases.",
        byline="By Ana",
        topics=[topic],
        sources=2,
    )
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<title>What a judge does · " in body
    assert '<meta name="description" content="Judges decide cases.">' in body
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in body
    )
    assert '<meta property="og:type" content="article">' in body
    assert '<meta name="twitter:card" content="summary">' in body
    published = timezone.localtime(article.published_at).isoformat()
    assert f'<meta property="article:published_time" content="{published}">' in body
    assert '<meta property="article:tag" content="Courts">' in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )
    assert data["@type"] == "Article" and data["headline"] == "What a judge does"
    assert '<html lang="en">' in body
    assert 'href="#main"' in body and '<main id="main"' in body
    assert "Sources" in body and "Source 1" in body
    assert re.search(r"\b1 minute to read\b|\b\d+ minutes to read\b", body)


@pytest.mark.parametrize("make", [make_article, make_faq])
def test_updated_date_shows_only_for_an_edit_on_a_later_local_day(client, settings, make):
    settings.TIME_ZONE = "America/Chicago"
    published = datetime.datetime(2026, 6, 10, 17, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    same_evening = make(published_at=published)
    next_morning = make(published_at=published)
    # 19:30 in Chicago is already June 11 in UTC; the reader's calendar still says June 10.
    type(same_evening).objects.filter(pk=same_evening.pk).update(
        content_updated_at=published + datetime.timedelta(hours=2, minutes=30)
    )
    type(next_morning).objects.filter(pk=next_morning.pk).update(
        content_updated_at=published + datetime.timedelta(hours=16)
    )
    page = client.get(same_evening.get_absolute_url()).content.decode()
    assert re.search(r"Published <time [^>]*>June 10, 2026</time>", page)
    assert "Updated" not in page  # a new FAQ entry said "Updated" on the day it went up
    page = client.get(next_morning.get_absolute_url()).content.decode()
    assert re.search(r"Updated <time [^>]*>June 11, 2026</time>", page)


@pytest.mark.parametrize("make", [make_article, make_faq])
def test_updated_means_what_readers_read_changed(client, make):
    """Featuring, reordering or marking a piece reviewed changes nothing to read."""
    piece = make()  # published yesterday
    piece.featured = True  # (an attribute only, on an FAQ entry: saved all the same)
    piece.order = 3
    piece.save()
    assert "Updated" not in client.get(piece.get_absolute_url()).content.decode()
    text_field = "body" if make is make_article else "answer"
    setattr(piece, text_field, "Reworded.")
    piece.save()
    assert "Updated" in client.get(piece.get_absolute_url()).content.decode()


def test_a_source_added_or_removed_updates_its_explainer(client):
    article = make_article()
    Source.objects.create(article=article, title="County budget, 2026")
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


def test_json_ld_cannot_break_out_of_its_script_block(client):
    article = make_article(title="</script><script>alert(1)</script>")
    body = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/articles/nope/",
        "/topics/nope/",
        "/articles/?topic=nope",
        # PostgreSQL refuses a NUL in a query: it must never get one.
        "/articles/?topic=%00",
        "/articles/?topic=a%00b",
        "/no/such/page",
    ],
)
def test_unknown_things_get_a_404_in_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "find that page" in body and 'class="site-header"' in body
    assert 'rel="canonical"' not in body and '<meta name="robots" content="noindex">' in body
    assert 'href="/faq/"' in body and 'href="/search/"' in body


def test_a_link_to_an_address_only_forms_use_gets_a_405_page_in_the_site_layout(client):
    response = client.get("/faq/ask/suggestions/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    body = response.content.decode()
    assert "can't be opened directly" in body and 'class="site-header"' in body
    assert "Content-Security-Policy" in response


def test_pages_only_take_get_and_head(client):
    # The test client skips CSRF checks, so these reach the views as a form with a valid token
    # would: a page must not answer a POST, PUT or DELETE as if it had been read.
    topic = make_topic()
    article = make_article(topics=[topic])
    entry = make_faq()
    pages = [
        "/",
        "/articles/",
        article.get_absolute_url(),
        topic.get_absolute_url(),
        "/faq/",
        entry.get_absolute_url(),
        "/search/?q=bail",
        "/faq/ask/thanks/",
        "/articles/feed/",
        "/articles/feed/atom/",
        "/sitemap.xml",
        "/opensearch.xml",
        "/healthz",
        "/robots.txt",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url
        for method in ("post", "put", "delete", "patch"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
            allowed = set(response["Allow"].split(", "))
            assert {"GET", "HEAD"} <= allowed <= {"GET", "HEAD", "OPTIONS"}, (method, url)
            body = response.content.decode()
            assert "This page can only be read" in body and 'class="site-header"' in body
            path = url.split("?")[0]
            assert f'<a href="{path}">Open the page</a>' in body, url


def test_the_ask_form_takes_get_and_post_only(client):
    assert client.get("/faq/ask/").status_code == 200
    response = client.put("/faq/ask/")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    body = response.content.decode()
    assert "doesn't take that kind of request" in body and "can only be read" not in body
    assert '<a href="/faq/ask/">Open the page</a>' in body


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "%00", "9" * 40])
def test_bad_page_numbers_lead_to_the_nearest_page(client, page):
    make_article(title="How bail works")
    response = client.get("/articles/", {"page": page}, follow=True)
    assert response.redirect_chain == [("/articles/", 302)]
    assert response.status_code == 200 and "How bail works" in response.content.decode()


@pytest.mark.parametrize("param", ["topic", "type", "q"])
def test_search_and_ask_ignore_malformed_parameters(client, param):
    make_article(title="Police powers", topics=[make_topic(slug="policing")])
    response = client.get("/search/", {"q": "police", param: "a\x00\x01b" + "x" * 400})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode() and "\x01" not in response.content.decode()
    assert client.get("/faq/ask/", {"article": "a\x00b", "q": "\x00"}).status_code == 200


def test_topic_filter_and_pagination_keep_each_other(client):
    topic = make_topic(slug="rights")
    for _ in range(14):
        make_article(topics=[topic])
    body = client.get("/articles/?topic=rights").content.decode()
    assert "?topic=rights&amp;page=2" in body
    assert client.get("/articles/?topic=rights&page=2").status_code == 200


def test_robots_sitemap_and_feeds_link_to_the_site_whatever_the_host_header(client, settings):
    # Absolute links come from SITE_URL: a client choosing the Host header (another allowed
    # name or port) can't make them point elsewhere, for itself or for a cache in front.
    settings.SITE_URL = "https://explainers.example.org"
    article = make_article(title="Voting early")
    host = {"HTTP_HOST": "localhost:8123"}
    robots = client.get("/robots.txt", **host).content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: https://explainers.example.org/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", **host).content.decode()
    assert f"<loc>https://explainers.example.org{article.get_absolute_url()}</loc>" in sitemap
    rss = client.get("/articles/feed/", **host)
    assert rss["Content-Type"].startswith("application/rss+xml") and b"Voting early" in rss.content
    atom = client.get("/articles/feed/atom/", **host)
    assert (
        atom["Content-Type"].startswith("application/atom+xml") and b"Voting early" in atom.content
    )
    for feed in (rss, atom):
        links = re.findall(r'(?:href="|<link>|<guid>|<id>)(https?://[^/"<]+)', feed.text)
        assert links and set(links) == {"https://explainers.example.org"}


def test_feeds_give_summaries_as_text_feed_readers_wont_take_for_html(client):
    make_article(summary="Under <b>18</b>? Rights & duties")
    shown = "Under &lt;b&gt;18&lt;/b&gt;? Rights &amp; duties"  # what a reader's HTML holds
    rss = ElementTree.fromstring(client.get("/articles/feed/").content)
    assert rss.find("channel/item/description").text == shown
    atom = ElementTree.fromstring(client.get("/articles/feed/atom/").content)
    summary = atom.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html" and summary.text == shown


def test_home_shows_featured_latest_topics_and_search(client):
    topic = make_topic(name="Local government")
    make_article(title="Featured one", featured=True, topics=[topic])
    make_article(title="Plain one")
    body = client.get("/").content.decode()
    assert "Featured one" in body and "Plain one" in body and "Local government" in body
    assert 'role="search"' in body and 'action="/search/"' in body


def test_a_new_sites_home_says_so_and_shows_no_empty_sections(client):
    body = client.get("/").content.decode()
    assert "No explainers have been published yet." in body
    assert "Browse by topic" not in body and "<ul" not in body.split('id="main"')[1]
    body = client.get("/articles/").content.decode()
    assert "No explainers here yet." in body and "Filter by topic" not in body


def test_home_does_not_repeat_featured_articles_under_latest(client):
    make_article(title="Featured twice?", featured=True)
    body = client.get("/").content.decode()
    assert body.count("Featured twice?") == 1


def test_a_form_sent_without_its_csrf_token_says_how_to_send_it_again():
    from django.test import Client

    question = "Is this <kept> when my cookie is gone?"
    response = Client(enforce_csrf_checks=True).post("/faq/ask/", {"question": question})
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="site-header"' in body and "Back button" in body and "cookie" in body
    assert "Is this &lt;kept&gt; when my cookie is gone?</textarea>" in body


@pytest.mark.parametrize(
    "headers, kept",
    [
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Origin": "http://testserver"}, True),  # a browser without Sec-Fetch-Site
        ({"Sec-Fetch-Site": "cross-site", "Origin": "https://other.example"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),  # another host under the same domain
        ({"Origin": "https://other.example"}, False),
    ],
)
def test_the_error_page_shows_only_text_sent_from_this_site(headers, kept):
    # Another site's form could post its own words ("OFFICIAL NOTICE: call…") to the ask
    # form; the refusal must not show them on our page as if we had written them.
    from django.test import Client

    response = Client(enforce_csrf_checks=True, headers=headers).post(
        "/faq/ask/", {"question": "Call 555 0100 to keep your benefits"}
    )
    assert response.status_code == 403
    assert ("555 0100" in response.content.decode()) is kept


def test_the_csrf_cookie_lasts_only_until_the_browser_closes(client):
    cookie = client.get("/faq/ask/").cookies[settings.CSRF_COOKIE_NAME]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]


def test_heading_levels_never_skip_on_reading_pages(client):
    topic = make_topic()
    articles = [make_article(topics=[topic], body="## A\n\nx\n\n### B\n\ny") for _ in range(3)]
    for url in ["/", "/articles/", f"/articles/?topic={topic.slug}", topic.get_absolute_url(),
                articles[0].get_absolute_url(), "/faq/", "/search/?q=explainer"]:  # fmt: skip
        body = client.get(url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", body)]
        assert levels[0] == 1, url
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/admin/articles/article/"])
def test_pages_declare_their_icon_so_browsers_skip_favicon_ico(client, editor, url):
    from django.contrib.staticfiles import finders

    if url != "/admin/login/":
        client.force_login(editor)
    body = client.get(url).content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', body)
    assert icon and finders.find(icon.group(1))


def test_each_search_form_on_a_page_has_its_own_name(client):
    # Screen readers list landmarks by name: two unnamed "search" landmarks can't be told apart.
    body = client.get("/").content.decode()
    names = re.findall(r'<form [^>]*role="search" aria-label="([^"]+)"', body)
    assert len(names) == body.count('role="search"') == 2
    assert len(set(names)) == 2


@pytest.mark.parametrize(
    "url, name",
    [
        ("/search/", "Site search"),  # nothing searched yet: nothing to search "again"
        ("/search/?q=bail", "Search again"),
        ("/search/?q=qwxzv&type=faq", "Search again"),
    ],
)
def test_the_search_page_shows_one_search_form_not_the_headers_too(client, url, name):
    # On a phone the header's box above the page's own pushed the first result off the screen.
    body = client.get(url).content.decode()
    assert 'class="site-header"' in body and 'id="site-search-q"' not in body
    assert re.findall(r'<form [^>]*role="search" aria-label="([^"]+)"', body) == [name]
    assert 'id="search-q"' in body


def test_an_faq_entry_names_what_its_related_links_are(client):
    article = make_article(title="How bail works")
    entry = make_faq(question="Can I pay bail for someone else?")
    entry.related_articles.add(article)
    body = client.get(entry.get_absolute_url()).content.decode()
    assert '<h2 id="faq-articles-heading">Explainers on this question</h2>' in body


def public_routes(patterns=None, prefix=""):
    """Every address the site answers outside the admin, with "x" for each parameter."""
    from django.urls import URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + re.sub(r"<[^>]+>", "x", str(entry.pattern))
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        else:
            yield "/" + route


FORM_ROUTES = {"/faq/ask/": {"GET", "HEAD", "POST"}, "/faq/ask/suggestions/": {"POST"}}


def test_no_public_address_takes_a_method_it_has_no_use_for(client):
    # Walks the URL configuration, so a view added later without its decorator fails here.
    routes = set(public_routes())
    assert {"/", "/articles/x/", "/faq/ask/", "/sitemap.xml"} <= routes
    for route in routes:
        allowed = FORM_ROUTES.get(route, {"GET", "HEAD"})
        for method in {"POST", "PUT", "PATCH", "DELETE"} - allowed:
            response = client.generic(method, route)
            assert response.status_code == 405, (method, route)


@pytest.mark.parametrize("url", ["/articles/feed/", "/articles/feed/atom/"])
def test_feeds_answer_even_for_text_saved_with_control_characters(client, url):
    # Saved outside the admin's forms (a script, an import), so nothing cleaned it on the way in.
    topic = make_topic(name="Courts\x0b and juries")
    make_article(title="Bail\x0bexplained", summary="What\x1f it costs", topics=[topic])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bail explained" in body and "What it costs" in body and "Courts  and juries" in body


def test_no_search_box_offers_the_searches_of_whoever_used_the_phone_before(client):
    # A library's or a relative's phone: the browser must not suggest past readers' searches.
    make_article(title="Police warrant basics")
    for url in ["/", "/articles/", "/search/?q=police"]:
        body = client.get(url).content.decode()
        boxes = re.findall(r'<input [^>]*type="search"[^>]*>', body)
        assert boxes and all('autocomplete="off"' in box for box in boxes), url


def test_the_main_menu_offers_the_question_form_on_every_page(client):
    # The form was reachable only from FAQ pages, article ends and empty searches.
    make_article(title="Police warrant basics")
    nav = re.compile(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', re.S)
    for url in ["/", "/articles/", "/search/?q=police", "/no/such/page/"]:
        menu = nav.search(client.get(url).content.decode())[1]
        assert re.search(r'<a href="/faq/ask/">Ask a question</a>', menu), url
    menu = nav.search(client.get("/faq/ask/").content.decode())[1]
    assert '<a href="/faq/ask/" aria-current="page">Ask a question</a>' in menu


def test_one_link_on_a_page_is_marked_as_the_page_itself(client):
    # Screen readers say "current page" for each: the menu's "Explainers" is the section
    # when the list is filtered by a topic, and the topic's link is the page.
    make_article(topics=[make_topic(slug="courts", name="Courts")])
    body = client.get("/articles/?topic=courts").content.decode()
    assert body.count('aria-current="page"') == 1
    assert '<a href="/articles/" aria-current="true">Explainers</a>' in body
    assert 'aria-current="page">Courts</a>' in body
    whole_list = client.get("/articles/").content.decode()
    assert '<a href="/articles/" aria-current="page">Explainers</a>' in whole_list


@pytest.mark.django_db
def test_pieces_scheduled_for_one_slot_each_show_once_in_the_list(client):
    # Typed "06:00", several pieces share their publish time: PostgreSQL paged the ties in no
    # fixed order, so some showed on two pages and others on none.
    # (SQLite happens to keep ties in a fixed order: this fails without the fix on PostgreSQL.)
    slot = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    made = {make_article(published_at=slot + datetime.timedelta(minutes=i)).slug for i in range(6)}
    made |= {make_article(published_at=slot).slug for _ in range(30)}
    listed = []
    for page in (1, 2, 3):
        html = client.get("/articles/", {"page": page}).content.decode()
        listed += re.findall(r'card__title"><a href="/articles/([^/]+)/', html)
    assert sorted(listed) == sorted(made)


@pytest.mark.parametrize(
    "urls, prefix, model",
    [("articles.urls", "articles/", "articles.Article"), ("faq.urls", "faq/", "faq.FaqEntry")],
)
def test_every_fixed_address_under_a_list_is_a_slug_no_piece_can_take(urls, prefix, model):
    # A piece with the slug "ask" would hide the question form (or the form the piece): each
    # word the URLs use after /faq/ or /articles/ must be refused as a slug.
    from django.apps import apps
    from django.utils.module_loading import import_string

    words = {
        str(pattern.pattern).removeprefix(prefix).split("/")[0]
        for pattern in import_string(f"{urls}.urlpatterns")
        if str(pattern.pattern).startswith(prefix)
    }
    fixed = {word for word in words if word and "<" not in word}
    assert fixed and fixed == set(apps.get_model(model).reserved_slugs)
