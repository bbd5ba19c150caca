"""Reading the FAQ: grouped list, entry pages, the article page's FAQ, sitemap, demo content."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from faq.models import FaqEntry, SubmittedQuestion
from tests.factories import draft, make_article, make_faq, make_topic, scheduled

pytestmark = pytest.mark.django_db


def json_ld(body):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [json.loads(block) for block in blocks]


def test_faq_list_groups_entries_by_topic_with_one_anchor_each(client):
    courts, rights = make_topic(name="Courts"), make_topic(name="Rights")
    both = make_faq(question="Can I film a trial?", slug="film-a-trial", topics=[courts, rights])
    make_faq(question="Do I need a permit?", slug="permit", topics=[rights])
    make_faq(question="Who pays for roads?", slug="roads")
    body = client.get("/faq/").content.decode()
    assert body.count("<h1") == 1
    assert (
        body.index(">Courts</h2>")
        < body.index(">Rights</h2>")
        < body.index(">Other questions</h2>")
    )
    # Opens in place under both topics; the anchor appears once.
    assert body.count('id="film-a-trial"') == 1
    assert body.count("<summary>Can I film a trial?</summary>") == 2
    assert f'href="#{both.slug}"' not in body
    assert re.search(
        r'<details class="faq-entry" id="permit">\s*<summary>Do I need a permit\?', body
    )
    assert body.count("<strong>plain</strong>") == 4
    (data,) = json_ld(body)
    assert data["@type"] == "FAQPage"
    names = [item["name"] for item in data["mainEntity"]]
    assert sorted(names) == ["Can I film a trial?", "Do I need a permit?", "Who pays for roads?"]
    assert data["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


def test_drafts_and_scheduled_entries_appear_nowhere_publicly(client):
    article = make_article()
    hidden = [
        make_faq(question="Secret draft answer?", status=FaqEntry.Status.DRAFT, articles=[article]),
        make_faq(question="Scheduled answer?", published_at=scheduled().published_at),
    ]
    for entry in hidden:
        assert client.get(entry.get_absolute_url()).status_code == 404
    for url in ["/faq/", article.get_absolute_url(), "/sitemap.xml"]:
        body = client.get(url).content.decode()
        assert "Secret draft" not in body and "Scheduled answer" not in body, url
        assert hidden[0].slug not in body, url
    hidden[0].status = FaqEntry.Status.PUBLISHED
    hidden[0].save()
    assert "Secret draft answer?" in client.get("/faq/").content.decode()
    assert client.get(hidden[0].get_absolute_url()).status_code == 200


def test_entry_page_shows_answer_published_articles_and_json_ld(client):
    topic = make_topic(name="Immigration")
    public = make_article(title="What a detainer is")
    hidden = draft(title="Unfinished explainer")
    entry = make_faq(
        question="How long can a jail hold someone?",
        answer="Up to **48 hours**.",
        topics=[topic],
        articles=[public, hidden],
    )
    response = client.get(f"/faq/{entry.slug}/")
    body = response.content.decode()
    assert "<h1>How long can a jail hold someone?</h1>" in body
    assert "<strong>48 hours</strong>" in body
    assert f'href="{public.get_absolute_url()}"' in body and "Unfinished explainer" not in body
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/faq/{entry.slug}/">' in body
    assert f'href="/faq/#{entry.slug}"' in body
    (data,) = json_ld(body)
    assert data["mainEntity"][0]["name"] == "How long can a jail hold someone?"
    assert not response.cookies


def spanish_and_english_entries(**spanish):
    return (
        make_faq(
            question="¿Qué pasa con las personas detenidas en una redada?",
            slug="detenidas-en-una-redada",
            answer="Las llevan a la cárcel del condado.",
            language=FaqEntry.Language.SPANISH,
            **spanish,
        ),
        make_faq(question="What is bail?", answer="Money paid for release."),
    )


def test_a_spanish_entry_is_marked_spanish_where_lists_show_it(client):
    # So screen readers read it in Spanish, not with English pronunciation.
    article = make_article()
    spanish, english = spanish_and_english_entries(articles=[article])
    english.related_articles.set([article])
    question = "personas detenidas redada ayuda"  # the ask form's suggestions as one types
    for response in [
        client.get("/faq/"),
        client.get(article.get_absolute_url()),
        client.post("/faq/ask/suggestions/", {"question": question}),
    ]:
        body = response.content.decode()
        assert f'<summary lang="es">{spanish.question}</summary>' in body
        assert '<div class="prose" lang="es"><p>Las llevan a la cárcel' in body
        assert f'<span class="visually-hidden" lang="es">: {spanish.question}</span>' in body
    body = client.get("/faq/").content.decode()
    assert "<summary>What is bail?</summary>" in body  # the page's language: nothing to mark
    (data,) = json_ld(body)
    languages = {q["name"]: q["inLanguage"] for q in data["mainEntity"]}
    assert languages == {spanish.question: "es", "What is bail?": "en"}


def test_a_spanish_entrys_page_is_in_spanish_and_the_sites_own_words_in_english(client, editor):
    spanish, english = spanish_and_english_entries(articles=[make_article()])
    body = client.get(spanish.get_absolute_url()).content.decode()
    assert '<html lang="es">' in body
    assert f"<h1>{spanish.question}</h1>" in body
    for english_part in [
        '<a class="skip-link" href="#main" lang="en">',
        '<header class="site-header" lang="en">',
        '<p class="article__meta" lang="en">',
        '<section aria-labelledby="faq-articles-heading" lang="en">',
        '<p class="tap-links link-row" lang="en">',
        '<footer class="site-footer" lang="en">',
    ]:
        assert english_part in body
    client.force_login(editor)
    body = client.get(spanish.get_preview_url()).content.decode()
    assert '<html lang="es">' in body and '<p class="draft-banner" role="status" lang="en">' in body
    client.logout()
    body = client.get(english.get_absolute_url()).content.decode()
    assert re.findall(r' lang="[^"]*"', body) == [' lang="en"']  # <html> only


def test_a_spanish_entry_found_by_search_is_marked_spanish(client):
    spanish, english = spanish_and_english_entries()
    body = client.get("/search/", {"q": "redada"}).content.decode()
    assert '<h2 class="search-result__title" lang="es">' in body
    assert '<p class="search-result__snippet" lang="es">' in body
    body = client.get("/search/", {"q": "bail"}).content.decode()
    assert '<h2 class="search-result__title"><a href="/faq/' in body


def test_answer_markdown_is_sanitized_once_at_save(client):
    entry = make_faq(answer="[x](javascript:alert(1)) <script>alert(2)</script> <b onclick=x>b</b>")
    assert "<script" not in entry.answer_html and "javascript:" not in entry.answer_html
    body = client.get(entry.get_absolute_url()).content.decode()
    assert "alert(2)</script>" not in body and "onclick" not in body


def test_json_ld_cannot_break_out_of_its_script_block(client):
    entry = make_faq(question="</script><script>alert(1)</script>?")
    for url in ["/faq/", entry.get_absolute_url()]:
        assert "<script>alert(1)" not in client.get(url).content.decode()


def test_unknown_entry_is_a_404_in_the_site_layout(client):
    response = client.get("/faq/no-such-entry/")
    assert response.status_code == 404 and 'class="site-header"' in response.content.decode()


def test_editors_preview_drafts_others_get_404(client, editor):
    entry = make_faq(question="Draft in progress?", status=FaqEntry.Status.DRAFT)
    assert client.get(entry.get_preview_url()).status_code == 404
    client.force_login(editor)
    response = client.get(entry.get_preview_url())
    assert response.status_code == 200 and "Draft in progress?" in response.content.decode()
    assert "Draft preview: readers cannot see this page yet." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    # A scheduled entry's preview says when readers will see it.
    later = make_faq(question="Coming soon?", published_at=timezone.now() + timedelta(days=2))
    assert "Scheduled for" in client.get(later.get_preview_url()).content.decode()


def test_article_page_lists_its_published_faq_and_a_link_to_ask(client):
    article = make_article(slug="rights-at-a-protest")
    make_faq(question="Can I film the police?", slug="film-police", articles=[article], order=2)
    make_faq(question="Do I need a permit?", articles=[article], order=1)
    make_faq(question="Not ready yet?", articles=[article], status=FaqEntry.Status.DRAFT)
    make_faq(question="About something else?")
    body = client.get(article.get_absolute_url()).content.decode()
    assert "Questions readers ask" in body
    assert body.index("Do I need a permit?") < body.index("Can I film the police?")
    assert 'id="faq-film-police"' in body
    assert "Not ready yet?" not in body and "About something else?" not in body
    assert 'href="/faq/ask/?article=rights-at-a-protest"' in body


def test_sitemap_lists_published_entries(client):
    entry = make_faq()
    hidden = make_faq(status=FaqEntry.Status.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/faq/{entry.slug}/" in body and f"/faq/{hidden.slug}/" not in body


def test_faq_pages_set_no_cookies_and_keep_the_strict_policy(client):
    entry = make_faq()
    for url in ["/faq/", entry.get_absolute_url()]:
        response = client.get(url)
        assert not response.cookies, url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        body = response.content.decode()
        assert "style=" not in body and "<style" not in body and "<script>" not in body
        assert not re.search(r"<[^>]+\son[a-z]+=", body), url


def test_nav_links_to_the_faq(client):
    body = client.get("/faq/").content.decode()
    assert '<a href="/faq/" aria-current="page">FAQ</a>' in body
    assert '<a href="/faq/">FAQ</a>' in client.get("/").content.decode()


@pytest.mark.parametrize("slug", ["ask", "feed"])
def test_the_ask_and_feed_addresses_cannot_be_taken_by_an_entry(slug):
    entry = FaqEntry(question="Ask?", slug=slug, answer="x")
    with pytest.raises(ValidationError):
        entry.full_clean()


def test_demo_faq_is_linked_and_loading_twice_adds_nothing(settings, client, moderator):
    settings.DEBUG = True
    call_command("load_demo", no_accounts=True, verbosity=0)
    counts = (FaqEntry.objects.count(), SubmittedQuestion.objects.count())
    call_command("load_demo", no_accounts=True, verbosity=0)
    assert (FaqEntry.objects.count(), SubmittedQuestion.objects.count()) == counts
    assert FaqEntry.objects.published().filter(related_articles__isnull=False).exists()
    assert FaqEntry.objects.exclude(status=FaqEntry.Status.PUBLISHED).exists()
    states = set(SubmittedQuestion.objects.values_list("state", flat=True))
    assert states == {"new", "in_review", "answered", "rejected", "spam"}
    answered = SubmittedQuestion.objects.get(state="answered")
    assert answered.faq_entry.is_published and answered.closed_at and answered.notified_at
    client.force_login(moderator)
    new = SubmittedQuestion.objects.filter(state="new").count()
    assert f"{new} new reader questions are waiting" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_faq_list_runs_constant_queries(client, django_assert_max_num_queries, n):
    topics = [make_topic() for _ in range(4)]
    articles = [make_article(topics=topics) for _ in range(3)]
    for i in range(n):
        make_faq(topics=topics[i % 3 : i % 3 + 2], articles=articles)
    with django_assert_max_num_queries(3):
        assert client.get("/faq/").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_article_page_with_faq_runs_constant_queries(client, django_assert_max_num_queries, n):
    topics = [make_topic() for _ in range(3)]
    article = make_article(topics=topics, sources=3)
    for _ in range(n):
        make_article(topics=topics)
        make_faq(topics=topics, articles=[article])
    with django_assert_max_num_queries(9):
        body = client.get(article.get_absolute_url()).content.decode()
    assert body.count('class="faq-entry"') == n


def test_entry_description_shows_ampersands_once(client):
    entry = make_faq(answer="Rights & duties: a **fair** hearing, 5 < 6.")
    body = client.get(entry.get_absolute_url()).content.decode()
    assert (
        '<meta name="description" content="Rights &amp; duties: a fair hearing, 5 &lt; 6.">' in body
    )
    assert "&amp;amp;" not in body and "&amp;lt;" not in body
