"""The anonymous page cache: served without the database, invalidated at once, never personal.

Runs against the configured cache: local memory by default, a real Redis server when REDIS_URL
is set (`make test` runs this module again with REDIS_URL=$TEST_REDIS_URL).
"""

import datetime
import os
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from articles.models import Article, Source
from faq.forms import started_token
from faq.models import FaqEntry, SubmittedQuestion
from portal import cache as page_cache
from tests.factories import make_article, make_faq, make_topic, scheduled
from tests.helpers.caches import queries_for, redis_cache
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.django_db


def form_page(request):
    # Like any form: a CSRF token in the page, so the response sets the CSRF cookie.
    return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')


def nonce_page(request):
    # Like a page with an inline script allowed by the CSP nonce (the admin's, say).
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}"></script>')
    return HttpResponse(template.render({}, request))


def language_page(request):
    # Like a page chosen by the browser's language: different for readers with the same cookies.
    response = HttpResponse(uuid.uuid4().hex)
    patch_vary_headers(response, ["Accept-Language"])
    return response


# Extra views for the tests below, mounted beside the real site with @pytest.mark.urls.
urlpatterns = [
    path("test-form/", form_page),
    path("test-never-cache/", never_cache(lambda request: HttpResponse("fresh"))),
    path("test-csp-nonce/", nonce_page),
    path("test-vary-language/", language_page),
    path("", include("portal.urls")),
]


def test_the_configured_cache_backend_is_used():
    expected = "RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)


def test_second_request_is_served_from_cache_without_the_database(
    client, django_assert_num_queries
):
    topic = make_topic()
    article = make_article(title="How bail works", topics=[topic])
    for url in ["/", "/articles/", article.get_absolute_url(), topic.get_absolute_url()]:
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200
        assert second.content == first.content, url


def test_links_shared_with_tracking_parameters_share_one_cached_page(
    client, django_assert_num_queries
):
    article = make_article(title="How bail works")
    url = article.get_absolute_url()
    first = client.get(f"{url}?fbclid=IwAR0first&utm_source=facebook")
    assert first.status_code == 200
    for variant in [url, f"{url}?fbclid=IwAR1second", f"{url}?utm_campaign=newsletter&gclid=x"]:
        with django_assert_num_queries(0):
            assert client.get(variant).content == first.content


def test_every_form_of_an_allowed_host_shares_one_cached_page(
    client, settings, django_assert_num_queries
):
    # Varying the Host header (port, case, a trailing dot) can't fill the cache with copies.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    url = make_article(title="How bail works").get_absolute_url()
    first = client.get(url)
    for host in ["localhost", "localhost:8123", "LOCALHOST", "localhost.", "testserver:1"]:
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_HOST=host).content == first.content, host
    # A host that isn't allowed still gets the 400 page, not the cached one, with the same
    # security headers as every other page.
    refused = client.get(url, HTTP_HOST="forged.example")
    assert refused.status_code == 400 and b"How bail works" not in refused.content
    assert "script-src 'self'" in refused["Content-Security-Policy"]
    assert refused["X-Frame-Options"] == "DENY"


def test_parameters_that_change_the_page_keep_their_own_cached_copy(client):
    topic = make_topic()
    for number in range(15):
        make_article(title=f"Explainer {number:02}", topics=[topic] if number % 2 else [])
    first = client.get("/articles/?utm_source=x")
    second = client.get("/articles/?page=2&utm_source=x")
    filtered = client.get(f"/articles/?topic={topic.slug}&fbclid=y")
    assert b">Explainer 14<" in first.content
    assert b">Explainer 14<" not in second.content
    assert b">Explainer 00<" in second.content
    assert b">Explainer 13<" in filtered.content
    assert b">Explainer 14<" not in filtered.content


def test_urls_with_parameters_no_page_reads_are_served_but_never_stored(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    # Otherwise a script requesting /?x=1, /?x=2, ... fills the cache and pushes real pages out.
    topic = make_topic()
    articles = [make_article(topics=[topic]) for _ in range(15)]
    for url in [
        "/?x=1",
        "/?topic=junk1",
        "/faq/?page=2",
        f"{articles[0].get_absolute_url()}?page=3",
        "/robots.txt?v=2",
        "/articles/?page=1&page=2",
        f"/articles/?topic={topic.slug}%00",
    ]:
        assert client.get(url).status_code == (404 if "%00" in url else 200), url
        with django_assert_max_num_queries(20) as queries:
            client.get(url)
        # Not read from the cache: the page did its queries again (robots.txt has none, and an
        # unreadable topic is refused before any, with a 404, which is never stored).
        assert len(queries) > 0 or url.startswith("/robots.txt") or "%00" in url, url
        assert "public" not in client.get(url).get("Cache-Control", ""), url
    for url in ["/articles/?page=2", f"/articles/?topic={topic.slug}&page=2"]:
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_a_page_number_past_the_end_redirects_to_the_last_page_and_is_never_stored(
    client, django_assert_max_num_queries
):
    # Else every ?page= up to 9999 would store its own copy of the last page.
    topic = make_topic()
    for _ in range(15):
        make_article(topics=[topic])
    for url, last in [
        ("/articles/?page=9999", "/articles/?page=2"),
        (f"/articles/?topic={topic.slug}&page=40", f"/articles/?topic={topic.slug}&page=2"),
        (f"/topics/{topic.slug}/?page=3", f"/topics/{topic.slug}/?page=2"),
        ("/articles/?page=02", "/articles/?page=2"),
        ("/articles/?page=abc", "/articles/"),  # the first page has the list's own address
        (f"/topics/{topic.slug}/?page=x&utm_source=x", f"/topics/{topic.slug}/?utm_source=x"),
    ]:
        for _ in range(2):
            with django_assert_max_num_queries(20) as queries:
                response = client.get(url)
            assert response.status_code == 302 and response["Location"] == last, url
            assert len(queries) > 0, url  # the redirect was not served from the cache
        assert client.get(last).status_code == 200


def test_head_requests_use_the_cached_page(client, django_assert_num_queries):
    make_article()
    client.get("/")
    with django_assert_num_queries(0):
        assert client.head("/").status_code == 200


def test_a_head_request_on_a_miss_gets_the_caching_headers_and_fills_the_cache(
    client, django_assert_num_queries
):
    make_article()
    response = client.head("/")
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert response.content == b""
    with django_assert_num_queries(0):
        page = client.get("/")
    assert page["ETag"] == response["ETag"] and b"</html>" in page.content


def test_cached_pages_carry_caching_and_security_headers(client):
    make_article()
    for response in (client.get("/"), client.get("/")):  # miss, then hit
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=" in cache_control
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert 0 < max_age <= settings.PAGE_CACHE_MAX_AGE
        assert "Cookie" in response["Vary"]
        assert response["ETag"]
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "nonce" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert not response.cookies


def test_conditional_get_returns_304(client):
    make_article()
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304  # from the cache
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # A CDN or a link checker revalidating with HEAD gets the same answer.
    assert client.head("/")["ETag"] == etag
    assert client.head("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.head("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_new_article_shows_on_the_home_page_at_once(client):
    make_article(title="Older piece")
    assert "Older piece" in client.get("/").content.decode()
    make_article(title="Breaking explainer")
    assert "Breaking explainer" in client.get("/").content.decode()
    assert "Breaking explainer" in client.get("/articles/").content.decode()


def test_edits_show_at_once(client):
    topic = make_topic(name="Courts")
    article = make_article(title="Jury duty basics", topics=[topic])
    urls = ["/", "/articles/", article.get_absolute_url(), topic.get_absolute_url()]
    for url in urls:
        client.get(url)
    article.title = "Jury duty, explained"
    article.save()
    for url in urls:
        body = client.get(url).content.decode()
        assert "Jury duty, explained" in body and "Jury duty basics" not in body, url
    topic.name = "Courts and juries"
    topic.save()
    assert "Courts and juries" in client.get(topic.get_absolute_url()).content.decode()


def test_related_rows_invalidate_too(client):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    Source.objects.create(article=article, title="County court rules", url="https://example.org/")
    assert "County court rules" in client.get(url).content.decode()
    new_topic = make_topic(name="Elections")
    client.get(new_topic.get_absolute_url())
    article.topics.add(new_topic)  # m2m_changed
    assert article.title in client.get(new_topic.get_absolute_url()).content.decode()


@pytest.mark.parametrize("remove", ["unpublish", "reschedule", "delete"])
def test_removed_article_is_gone_at_once(client, remove):
    topic = make_topic()
    article = make_article(title="Withdrawn piece", topics=[topic])
    urls = ["/", "/articles/", topic.get_absolute_url()]
    for url in [*urls, article.get_absolute_url()]:
        assert client.get(url).status_code == 200
    detail = article.get_absolute_url()
    if remove == "unpublish":
        article.status = Article.Status.DRAFT
        article.save()
    elif remove == "reschedule":
        article.published_at = timezone.now() + datetime.timedelta(days=1)
        article.save()
    else:
        article.delete()
    assert client.get(detail).status_code == 404
    for url in urls:
        assert "Withdrawn piece" not in client.get(url).content.decode(), url


def test_scheduled_article_appears_on_time_with_a_warm_cache(
    client, django_assert_num_queries, monkeypatch
):
    make_article(title="Already out")
    publish_at = timezone.now() + datetime.timedelta(minutes=1)
    make_article(title="Scheduled guide", published_at=publish_at)
    assert "Scheduled guide" not in client.get("/").content.decode()
    with django_assert_num_queries(0):  # the warm cache answers until the publish time
        assert "Scheduled guide" not in client.get("/").content.decode()
    # A second past the publish time, for the database's idea of now and the cache's.
    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert "Scheduled guide" in client.get("/").content.decode()


def test_logged_in_staff_bypass_the_cache_and_are_never_stored(admin_client, client):
    article = make_article(title="Voting by mail")
    url = article.get_absolute_url()
    client.get(url)  # an anonymous reader warms the cache
    response, queries = queries_for(admin_client, url)
    assert queries > 0, "staff must get a freshly rendered page"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]

    other = make_article(title="Recall elections")
    admin_client.get(other.get_absolute_url())  # staff renders it first...
    response, queries = queries_for(client, other.get_absolute_url())
    assert queries > 0, "...but that page was not stored for anonymous readers"


def test_visitors_with_a_session_or_messages_cookie_bypass_the_cache(client):
    make_article()
    client.get("/")
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        client.cookies[cookie] = "something"
        response, queries = queries_for(client, "/")
        assert queries > 0, cookie
        assert "private" in response["Cache-Control"]
        del client.cookies[cookie]


@pytest.mark.urls(__name__)
def test_form_pages_and_never_cache_pages_are_not_stored(client):
    make_article()
    client.get("/")  # a public page, stored under the key looked up below
    assert page_cache.cache.get(page_cache.page_key("/", page_cache.content_version()))
    for url in ["/test-form/", "/test-never-cache/"]:
        client.get(url)
        key = page_cache.page_key(url, page_cache.content_version())
        assert page_cache.cache.get(key) is None, url
    form = client.get("/test-form/")
    assert form.cookies  # the CSRF cookie: a stored copy would hand it to everyone
    assert "public" not in form.get("Cache-Control", "")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/test-csp-nonce/", "/test-vary-language/"])
def test_pages_using_the_csp_nonce_or_varying_on_more_than_cookies_are_not_stored(client, url):
    # A stored copy would give every reader the same nonce, which then protects nothing, or
    # one language's page to readers of another.
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content != second.content  # the second request ran the view again


def test_admin_is_never_cached(admin_client, client):
    client.get("/admin/login/")
    response, queries = queries_for(admin_client, "/admin/")
    assert response.status_code == 200 and queries > 0
    assert "public" not in response.get("Cache-Control", "")


def test_requests_carrying_credentials_never_get_the_shared_page(client):
    url = make_article(title="How bail works").get_absolute_url()
    client.get(url)  # stored for everyone else
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_AUTHORIZATION="Basic cmVhZGVyOnNlY3JldA==").status_code == 200
    assert queries.captured_queries  # rendered for this request, not taken from the cache


def test_errors_are_not_cached(client):
    make_article()
    assert client.get("/articles/no-such-piece/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/articles/no-such-piece/").status_code == 404
    assert queries.captured_queries  # looked up again, not answered from the cache
    article = make_article(slug="no-such-piece", title="Now it exists")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_anonymous_responses_not_kept_tell_a_cdn_not_to_keep_them(client, settings):
    """Without Cache-Control a CDN keeps a response as long as it likes: a scheduled piece's
    404 could outlive its publication at the edge, an unpublished page outlive its removal."""
    article = make_article()
    soon = scheduled(slug="at-noon")
    not_kept = {
        "a 404, such as a piece not yet published": soon.get_absolute_url(),
        "a parameter no page reads": f"{article.get_absolute_url()}?ref=newsletter",
        "a page past the end": "/articles/?page=9",
        "a missing slash": article.get_absolute_url().rstrip("/"),
    }
    for what, url in not_kept.items():
        assert client.get(url)["Cache-Control"] == "max-age=0", what
        assert client.head(url)["Cache-Control"] == "max-age=0", what
    # A page the cache keeps says for how long, as before.
    assert "public" in client.get(article.get_absolute_url())["Cache-Control"]
    # And every page when the page cache is off (by setting, or while the cache is away).
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(article.get_absolute_url())["Cache-Control"] == "max-age=0"
    settings.PAGE_CACHE_SECONDS = 60
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        assert client.get("/")["Cache-Control"] == "max-age=0"


def test_saving_private_models_keeps_the_cache(client, django_user_model):
    make_article()
    version = page_cache.content_version()
    django_user_model.objects.create_user("someone", password="pw")
    assert page_cache.content_version() == version
    make_article()
    assert page_cache.content_version() != version


def test_one_version_change_invalidates_every_server_sharing_the_cache(client):
    article = make_article(title="Jury duty basics")
    assert "Jury duty basics" in client.get("/").content.decode()  # now stored
    # Another app server saves an edit. This one gets no signal (update() sends none): all
    # they share is the database and the cache, where the other server put a new version.
    Article.objects.filter(pk=article.pk).update(title="Jury duty, explained")
    page_cache.cache.set(page_cache.VERSION_KEY, uuid.uuid4().hex, None)
    assert "Jury duty, explained" in client.get("/").content.decode()


def test_a_page_rendered_while_the_change_was_uncommitted_is_dropped_at_commit(
    django_capture_on_commit_callbacks,
):
    # Another worker can render the page from the old rows while the transaction is open
    # and store it under the version of that moment: the commit must move past it.
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Late change")
        during = page_cache.content_version()
    assert page_cache.content_version() != during


def test_faq_entries_publish_and_unpublish_at_once(client):
    entry = make_faq(question="Can I film the police?")
    assert "Can I film the police?" in client.get("/faq/").content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 200
    make_faq(question="Who counts the ballots?")
    assert "Who counts the ballots?" in client.get("/faq/").content.decode()
    entry.status = FaqEntry.Status.DRAFT
    entry.save()
    assert "Can I film the police?" not in client.get("/faq/").content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_a_reader_question_keeps_the_cache_and_its_form_is_never_stored(
    client, django_assert_num_queries
):
    make_article()
    client.get("/")
    version = page_cache.content_version()
    form = client.get("/faq/ask/")
    assert "no-cache" in form["Cache-Control"] and "public" not in form["Cache-Control"]
    response = client.post(
        "/faq/ask/",
        {
            "question": "Who decides where the polling places are?",
            "started": started_token(time.time() - 30),
            "action": "send",
        },
    )
    assert response.status_code == 302
    assert SubmittedQuestion.objects.count() == 1
    assert page_cache.content_version() == version  # private rows don't empty the cache
    thanks = client.get(response["Location"])
    assert "public" not in thanks["Cache-Control"]
    client.cookies.clear()
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
    for url in ["/faq/ask/", response["Location"]]:
        key = page_cache.page_key(url, version)
        assert page_cache.cache.get(key) is None, url
