"""Security headers on public pages, and no cookies for anonymous readers."""

import pytest

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db


def reading_urls():
    topic = make_topic()
    article = make_article(topics=[topic])
    return ["/", "/articles/", article.get_absolute_url(), topic.get_absolute_url(), "/search/?q=x"]


def test_public_pages_send_a_strict_content_security_policy(client):
    for url in reading_urls() * 2:  # the second time from the page cache
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        # No camera, microphone or location prompts; no advertising topics from a visit here.
        policy = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "browsing-topics=()"]:
            assert feature in policy, (url, feature)


def test_anonymous_readers_get_no_cookies(client):
    for url in reading_urls():
        assert not client.get(url).cookies, url


def test_public_templates_have_no_inline_script_or_style(client):
    for url in reading_urls():
        body = client.get(url).content.decode()
        assert "style=" not in body, url
        assert "<style" not in body, url
        assert "<script>" not in body and "onclick=" not in body, url


def test_admin_gets_its_own_policy(admin_client):
    csp = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "'nonce-" in csp
    assert "frame-ancestors 'self'" in csp
