"""A piece whose slug an editor changes keeps its old address: shared links redirect to it."""

import pytest
from django.utils import timezone

from tests.factories import draft, make_article, make_faq, make_topic, scheduled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make, prefix", [(make_article, "/articles/"), (make_faq, "/faq/")])
def test_an_old_address_redirects_permanently_to_the_new_one(client, make, prefix):
    piece = make(slug="what-a-detainer-is")
    assert client.get(f"{prefix}what-a-detainer-is/").status_code == 200  # now in the cache
    piece.slug = "ice-detainers-explained"
    piece.save()
    piece.slug = "detainers"  # and changed again: both old links still lead to it
    piece.save()
    for old in ["what-a-detainer-is", "ice-detainers-explained"]:
        response = client.get(f"{prefix}{old}/")
        assert response.status_code == 301 and response["Location"] == f"{prefix}detainers/"
    assert client.get(f"{prefix}detainers/").status_code == 200


def test_the_redirect_keeps_the_links_query_and_is_kept_by_browsers_for_a_day_only(client):
    # A shared link's tags go along; and since browsers keep a plain 301 for good, a slug
    # changed back later would otherwise send them round between the two addresses.
    piece = make_article(slug="bail")
    piece.slug = "how-bail-works"
    piece.save()
    response = client.get("/articles/bail/?utm_source=newsletter")
    assert response.status_code == 301
    assert response["Location"] == "/articles/how-bail-works/?utm_source=newsletter"
    assert response["Cache-Control"] == "max-age=86400"


@pytest.mark.parametrize("make, prefix", [(make_article, "/articles/"), (make_faq, "/faq/")])
def test_an_old_address_leads_only_to_what_readers_may_see(client, make, prefix):
    piece = make(slug="old-name")
    piece.slug = "new-name"
    piece.save()
    piece.status = piece.Status.DRAFT
    piece.save()
    assert client.get(f"{prefix}old-name/").status_code == 404
    assert client.get(f"{prefix}never-existed/").status_code == 404


def test_a_new_piece_may_take_an_old_address(client):
    moved = make_article(slug="bail", title="Bail, explained")
    moved.slug = "how-bail-works"
    moved.save()
    # Scheduled: until it is public the address is nobody's, not a (cacheable) 301 elsewhere.
    newer = scheduled(slug="bail", title="Bail reform in 2026")
    assert client.get("/articles/bail/").status_code == 404
    newer.published_at = timezone.now()
    newer.save()
    response = client.get("/articles/bail/")
    assert response.status_code == 200 and "Bail reform in 2026" in response.content.decode()


def test_a_draft_renamed_before_anyone_saw_it_leaves_no_old_address(client):
    article = draft(slug="first-try")
    article.slug = "final-name"
    article.status = article.Status.PUBLISHED
    article.save()
    assert client.get("/articles/first-try/").status_code == 404
    assert client.get("/articles/final-name/").status_code == 200


def test_a_topics_old_address_redirects_to_its_new_one(client):
    topic = make_topic(slug="immigration", name="Immigration")
    assert client.get("/topics/immigration/").status_code == 200
    topic.slug = "immigration-and-ice"
    topic.save()
    response = client.get("/topics/immigration/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/topics/immigration-and-ice/?page=1"
    # So does the explainers list filtered by it.
    response = client.get("/articles/?topic=immigration&page=1")
    assert response.status_code == 301
    assert response["Location"] == "/articles/?topic=immigration-and-ice&page=1"
    assert client.get("/articles/?topic=never-existed").status_code == 404
    # A new topic may take the old address over.
    make_topic(slug="immigration", name="Immigration courts")
    assert client.get("/topics/immigration/").status_code == 200
    assert client.get("/articles/?topic=immigration").status_code == 200
    assert client.get("/topics/never-existed/").status_code == 404


@pytest.mark.parametrize(
    "typed, found",
    [
        ("/articles/How-Bail-Works/", "/articles/how-bail-works/"),
        ("/ARTICLES/how-bail-works/", None),  # only the piece's own part of the address
        (
            "/faq/CAN-I-FILM-THE-POLICE/?utm_source=sms",
            "/faq/can-i-film-the-police/?utm_source=sms",
        ),
        ("/topics/Courts/", "/topics/courts/"),
        ("/articles/Old-Bail-Page/", "/articles/how-bail-works/"),  # an old address, too
    ],
)
def test_an_address_typed_in_capitals_leads_to_the_page(client, typed, found):
    # Typed from a printed flyer, a TV screen or a text message that capitalised it.
    make_topic(slug="courts")
    article = make_article(slug="old-bail-page")
    article.slug = "how-bail-works"
    article.save()
    make_faq(slug="can-i-film-the-police")
    response = client.get(typed)
    if found is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 301 and response["Location"] == found


def test_a_slug_an_editor_typed_with_capitals_still_leads_on_when_changed_or_taken_down(client):
    article = make_article(slug="Know-Your-Rights")
    article.slug = "know-your-rights-2026"
    article.save()
    response = client.get("/articles/Know-Your-Rights/")
    assert (
        response.status_code == 301 and response["Location"] == "/articles/know-your-rights-2026/"
    )
    pulled = make_article(slug="Raid-Update")
    pulled.status = pulled.Status.DRAFT
    pulled.save()
    response = client.get("/articles/Raid-Update/")
    assert response.status_code == 404 and "no longer published" in response.content.decode()
    # Typed in another case than the editor's.
    live = make_article(slug="Bail-Basics")
    response = client.get("/articles/bail-basics/")
    assert response.status_code == 301 and response["Location"] == live.get_absolute_url()


@pytest.mark.parametrize("make", [make_article, make_faq, make_topic])
def test_a_deleted_pieces_old_addresses_go_with_it(make):
    # One may be a reader's own words: an FAQ entry first published with their question.
    from articles.models import FormerSlug

    piece = make(slug="my-neighbour-jose-was-taken")
    piece.slug = "what-happens-after-an-arrest"
    piece.save()
    kept = make(slug="first-address")
    kept.slug = "second-address"
    kept.save()
    assert FormerSlug.objects.count() == 2
    piece.delete()
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["first-address"]
