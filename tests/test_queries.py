"""Pages run a fixed number of queries however many articles, topics and sources exist."""

import pytest

from tests.factories import make_article, make_faq, make_topic

pytestmark = pytest.mark.django_db


def build(n):
    topics = [make_topic() for _ in range(3)]
    articles = [make_article(topics=topics, sources=3, featured=i < 3) for i in range(n)]
    return topics, articles


@pytest.mark.parametrize("n", [3, 30])
def test_list_pages_run_constant_queries(client, django_assert_max_num_queries, n):
    topics, _ = build(n)
    for url in [
        "/",
        "/articles/",
        f"/articles/?topic={topics[0].slug}",
        topics[0].get_absolute_url(),
    ]:
        with django_assert_max_num_queries(7):  # the footer's pages about the site included
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_article_page_runs_constant_queries(client, django_assert_num_queries, n):
    _, articles = build(n)
    for i in range(n // 3):  # corrected ones too: the FAQ block says so
        make_faq(articles=[articles[0]], corrections="Fixed." if i % 2 else "")
    # The article, its related articles, the topics of all of them, sources, FAQ entries, and
    # the footer's pages about the site.
    with django_assert_num_queries(6):
        response = client.get(articles[0].get_absolute_url())
    assert response.status_code == 200
    article, related = response.context["article"], response.context["related"]
    assert len(related) == min(n - 1, 4)
    assert all(len(shown.topics.all()) == 3 for shown in [article, *related])


def test_article_without_topics_has_no_related_articles(client, django_assert_num_queries):
    make_article(topics=[make_topic()])
    article = make_article(title="A piece on its own")
    with django_assert_num_queries(6):
        response = client.get(article.get_absolute_url())
    assert list(response.context["related"]) == []


def test_feeds_and_sitemap_run_constant_queries(client, django_assert_max_num_queries):
    topics, _ = build(20)
    for _ in range(20):
        make_faq(topics=topics)
    feeds = ["/articles/feed/", "/articles/feed/atom/", f"/topics/{topics[0].slug}/feed/"]
    for url in [*feeds, "/faq/feed/", "/sitemap.xml"]:
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200
