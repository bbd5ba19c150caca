"""How feed readers, search engines and shared links see the site: feeds, sitemap, canonical."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image

from tests.factories import draft, make_article, make_faq, make_topic

pytestmark = pytest.mark.django_db

RSS, ATOM = "/articles/feed/", "/articles/feed/atom/"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def feed_ids(client):
    rss = ET.fromstring(client.get(RSS).content)
    atom = ET.fromstring(client.get(ATOM).content)
    guids = rss.findall("./channel/item/guid")
    assert all(guid.get("isPermaLink") == "false" for guid in guids)
    return [g.text for g in guids], [e.text for e in atom.findall(f"{ATOM_NS}entry/{ATOM_NS}id")]


def test_a_changed_slug_keeps_the_feed_items_id(client):
    # With the address as id, feed readers would show the renamed piece again as new.
    article = make_article(slug="bail")
    before = feed_ids(client)
    article.slug = "how-bail-works"
    article.save()
    assert feed_ids(client) == before
    rss_ids, atom_ids = before
    assert rss_ids == atom_ids and re.fullmatch(
        r"tag:[\w.-]+,\d{4}-\d\d-\d\d:article-\d+", rss_ids[0]
    )
    assert "how-bail-works" in client.get(RSS).content.decode()  # the link follows the slug


def test_a_piece_taken_down_leaves_the_feed_for_readers_asking_if_it_changed(client):
    # Dated by its newest item, the feed would answer 304 to If-Modified-Since after a
    # removal, and a feed reader would keep the piece; the ETag follows removals.
    kept, removed = make_article(title="Kept piece"), make_article(title="Pulled piece")
    first = client.get(RSS)
    assert "Last-Modified" not in first and first["ETag"]
    removed.status = removed.Status.DRAFT
    removed.save()
    again = client.get(RSS, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and "Pulled piece" not in again.content.decode()
    assert kept.title in again.content.decode()


def test_the_feed_names_the_author_without_by(client):
    make_article(byline="By the Explainers desk")
    assert '/">the Explainers desk</dc:creator>' in client.get(RSS).content.decode()
    assert "<name>the Explainers desk</name>" in client.get(ATOM).content.decode()


def test_a_piece_without_a_byline_is_the_newsroom_s_in_the_feed_and_structured_data(client):
    # Atom (RFC 4287) requires an author on each entry or on the feed: validators and some
    # aggregators refuse the feed otherwise.
    article = make_article(byline="")
    atom = ET.fromstring(client.get(ATOM).content)
    assert atom.find(f"{ATOM_NS}author/{ATOM_NS}name").text == "Civic Explainers"
    page = client.get(article.get_absolute_url()).content.decode()
    assert '"author": {"@type": "Organization", "name": "Civic Explainers"}' in page


def test_the_sitemap_lists_the_list_pages_and_only_topics_with_public_explainers(client):
    busy, hidden = make_topic(slug="courts"), make_topic()
    make_topic(slug="empty")
    article = make_article(topics=[busy])
    draft(topics=[hidden])
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ["/", "/articles/", "/faq/", "/topics/courts/", article.get_absolute_url()]:
        assert f"<loc>http://127.0.0.1:8000{path}</loc>" in sitemap, path
    assert "/topics/empty/" not in sitemap and f"/topics/{hidden.slug}/" not in sitemap
    topic_entry = sitemap.split("<loc>http://127.0.0.1:8000/topics/courts/</loc>")[1]
    updated = timezone.localtime(article.last_changed)
    assert f"<lastmod>{updated:%Y-%m-%d}</lastmod>" in topic_entry.split("</url>")[0]


def modified_dates(client, piece):
    """What machines are told of when `piece` last changed: sitemap, Atom, JSON-LD, og."""
    sitemap = client.get("/sitemap.xml").content.decode()
    url = f"<loc>http://127.0.0.1:8000{piece.get_absolute_url()}</loc>"
    lastmod = re.search(r"<lastmod>([^<]*)</lastmod>", sitemap.split(url)[1].split("</url>")[0])
    dates = {lastmod[1]}  # a date in the site's time zone
    if hasattr(piece, "title"):
        atom = client.get(ATOM).content.decode()
        page = client.get(piece.get_absolute_url()).content.decode()
        for found in [
            re.search(r"<updated>([^<]*)</updated>", atom.split("<entry>")[1]),
            re.search(r'"dateModified": "([^"]*)"', page),
            re.search(r'modified_time" content="([^"]*)"', page),
        ]:
            moment = datetime.datetime.fromisoformat(found[1])
            dates.add(f"{timezone.localdate(moment):%Y-%m-%d}")
    return dates


@pytest.mark.parametrize("kind", ["article", "faq"])
def test_modified_dates_move_when_readers_get_something_new_not_on_bookkeeping_saves(client, kind):
    # "Modified today" on a piece nobody changed would show in search results as fresh news.
    published = timezone.now() - datetime.timedelta(days=8)
    if kind == "article":
        piece = make_article(published_at=published)
        piece.featured = True
    else:
        piece = make_faq(published_at=published)
        piece.order = 5
    piece.save()
    type(piece).objects.filter(pk=piece.pk).update(updated_at=timezone.now())
    assert modified_dates(client, piece) == {f"{timezone.localdate(published):%Y-%m-%d}"}

    piece.corrections = "An earlier version gave the wrong date."
    piece.save()
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert modified_dates(client, piece) == {today}


def test_robots_lets_crawlers_read_the_ask_forms_noindex(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "/faq/ask/" not in robots


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode())[1]


def test_each_page_of_a_list_is_its_own_canonical_page(client):
    # Pointing page 2 at page 1 would tell search engines to skip what page 2 lists.
    topic = make_topic(slug="courts", name="Courts")
    for _ in range(13):
        make_article(topics=[topic])
    site = "http://127.0.0.1:8000"
    assert canonical(client.get("/articles/")) == f"{site}/articles/"
    assert canonical(client.get("/articles/?page=2")) == f"{site}/articles/?page=2"
    assert canonical(client.get("/topics/courts/?page=1")) == f"{site}/topics/courts/"
    second = client.get("/topics/courts/?page=2")
    assert canonical(second) == f"{site}/topics/courts/?page=2"
    assert "<title>Courts (page 2)" in second.content.decode()
    # The list filtered by a topic shows what the topic's own page shows: that one counts.
    assert canonical(client.get("/articles/?topic=courts")) == f"{site}/topics/courts/"
    assert (
        canonical(client.get("/articles/?topic=courts&page=2")) == f"{site}/topics/courts/?page=2"
    )
    og_url = re.search(r'<meta property="og:url" content="([^"]*)">', second.content.decode())[1]
    assert og_url == f"{site}/topics/courts/?page=2"


def head_tag(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', page)
    return found and found[1]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/?topic=courts",
        "/topics/courts/",
        "/faq/",
        "/faq/ask/",
        "/articles/bail/",
        "/faq/bail-question/",
    ],
)
def test_a_shared_link_s_card_says_what_the_page_is(client, url):
    # A chat or social network shows og:title and og:description, not the page's <title>:
    # "Ask us: …/faq/ask/" posted on a raid day must not read only "Civic Explainers".
    topic = make_topic(slug="courts", name="Courts", description="How courts work here.")
    make_article(slug="bail", topics=[topic])
    make_faq(slug="bail-question")
    page = client.get(url).content.decode()
    title = re.search(r"<title>([^<]*)</title>", page)[1]
    assert head_tag(page, "property", "og:title") == title.removesuffix(" · Civic Explainers")
    assert head_tag(page, "property", "og:description") == head_tag(page, "name", "description")
    assert head_tag(page, "property", "og:locale") == "en_US"


def test_a_spanish_entry_s_card_is_marked_spanish(client):
    entry = make_faq(question="¿Qué es una orden judicial?", language="es")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert head_tag(page, "property", "og:locale") == "es_US"


def test_a_topic_with_nothing_published_yet_is_kept_out_of_search_results(client):
    empty, busy = make_topic(slug="empty"), make_topic(slug="busy")
    make_article(topics=[busy])
    draft(topics=[empty])
    noindex = '<meta name="robots" content="noindex">'
    assert noindex in client.get("/topics/empty/").content.decode()
    assert noindex not in client.get("/topics/busy/").content.decode()


def test_every_shared_link_has_an_image_that_exists_at_the_size_it_says(client):
    # Without one, WhatsApp, Facebook and iMessage show a bare link.
    article = make_article()
    for url in ["/", "/faq/", article.get_absolute_url()]:
        page = client.get(url).content.decode()
        image = head_tag(page, "property", "og:image")
        assert image.startswith("http://127.0.0.1:8000/static/"), url
        path = finders.find(image.removeprefix("http://127.0.0.1:8000/static/"))
        with Image.open(path) as picture:
            assert picture.size == (
                int(head_tag(page, "property", "og:image:width")),
                int(head_tag(page, "property", "og:image:height")),
            )
        icon = re.search(r'<link rel="apple-touch-icon" href="/static/([^"]*)">', page)[1]
        with Image.open(finders.find(icon)) as picture:
            assert picture.size == (180, 180)
    assert f'"image": "{image}"' in page  # the explainer's JSON-LD names it too


def test_faq_structured_data_links_to_the_sites_pages_with_their_full_address(client):
    # Read without the page around it, "/articles/…" leads nowhere.
    entry = make_faq(answer="See [our explainer](/articles/bail/) and [the law](https://e.org/).")
    page = client.get(entry.get_absolute_url()).content.decode()
    data = page.split('type="application/ld+json">')[1].split("</script>")[0]
    assert 'href=\\"http://127.0.0.1:8000/articles/bail/\\"' in data
    assert 'href=\\"https://e.org/\\"' in data


def test_a_topic_has_its_own_feed_that_follows_a_renamed_topic(client):
    # For a beat's newsletter or a reader who follows one subject.
    courts = make_topic(slug="courts", name="Courts")
    make_article(title="Bail hearings", topics=[courts])
    make_article(title="Police budgets", topics=[make_topic()])
    draft(title="Jury duty draft", topics=[courts])
    page = client.get("/topics/courts/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/topics/courts/feed/"' in page

    feed = ET.fromstring(client.get("/topics/courts/feed/").content)
    assert feed.find("./channel/title").text == "Civic Explainers: Courts"
    assert feed.find("./channel/link").text == "http://127.0.0.1:8000/topics/courts/"
    assert [item.find("title").text for item in feed.findall("./channel/item")] == ["Bail hearings"]
    courts.slug = "courts-and-the-law"
    courts.save()
    moved = client.get("/topics/courts/feed/?utm_source=newsletter")
    assert moved.status_code == 301
    assert moved["Location"] == "/topics/courts-and-the-law/feed/?utm_source=newsletter"
    typed = client.get("/topics/Courts-And-The-Law/feed/")
    assert typed.status_code == 301 and typed["Location"] == "/topics/courts-and-the-law/feed/"
    assert client.get("/topics/nothing-here/feed/").status_code == 404


def test_a_feed_readers_copy_of_an_answer_loads_its_images_from_the_site(client, settings):
    # A feed reader shows the answer on its own site or in an email, where "/media/…" leads
    # nowhere; it loads a srcset's address before src's.
    uploads = settings.MEDIA_ROOT / "uploads"
    uploads.mkdir(parents=True)
    Image.new("RGB", (1600, 1000)).save(uploads / f"{'c' * 32}.jpg")
    make_faq(slug="map", answer=f"![Where to file](/media/uploads/{'c' * 32}.jpg)")
    feed = ET.fromstring(client.get("/faq/feed/").content)
    image = feed.find("./channel/item/description").text
    media = f"{settings.SITE_URL}/media/uploads/{'c' * 32}"
    assert f'src="{media}.jpg"' in image
    assert f'srcset="{media}-800w.jpg 800w, {media}.jpg 1600w"' in image


def test_new_faq_answers_have_a_feed_spanish_ones_included(client):
    make_faq(
        question="Can I film the police?",
        slug="film",
        answer="Yes, in **public**. See [your rights](/articles/rights/).",
    )
    make_faq(question="¿Qué es una orden judicial?", slug="orden", language="es")
    make_faq(question="A draft answer?", status="draft")
    page = client.get("/faq/").content.decode()
    assert 'href="/faq/feed/"' in page

    feed = ET.fromstring(client.get("/faq/feed/").content)
    assert feed.find("./channel/title").text == "Civic Explainers: FAQ answers"
    items = feed.findall("./channel/item")
    assert sorted(item.find("title").text for item in items) == [
        "Can I film the police?",
        "¿Qué es una orden judicial?",
    ]
    film = next(item for item in items if item.find("title").text.startswith("Can"))
    assert film.find("link").text == "http://127.0.0.1:8000/faq/film/"
    # The site's own links made whole: feed readers and feed-to-email services get them alone.
    assert film.find("description").text == (
        '<p>Yes, in <strong>public</strong>. See <a href="http://127.0.0.1:8000/articles/rights/"'
        ' rel="noopener noreferrer">your rights</a>.</p>'
    )
    assert re.fullmatch(r"tag:[\w.-]+,\d{4}-\d\d-\d\d:faq-\d+", film.find("guid").text)
