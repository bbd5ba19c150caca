"""An editor gives someone without an account (a lawyer, a source) a link to read a draft before
it is published: it works for a few days, for that piece only, and is never kept by a cache."""

import html
import re
import time

import pytest
from django.core import signing
from django.test import Client

from portal import shared_preview
from tests.factories import draft, make_article, make_faq, scheduled

pytestmark = pytest.mark.django_db


def share_link(client, piece):
    """The link the piece's admin page offers to share, as a path on the site."""
    opts = piece._meta
    page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{piece.pk}/change/")
    found = re.search(r'readonly value="https?://[^/"]+(/preview/\?key=[^"]+)"', page.text)
    return html.unescape(found[1]) if found else None


@pytest.mark.parametrize("make", [draft, scheduled])
def test_someone_without_an_account_reads_a_draft_from_the_editors_link(client, editor, make):
    piece = make(title="Raid: what we know")
    client.force_login(editor)
    link = share_link(client, piece)
    assert link is not None

    response = Client().get(link)
    assert response.status_code == 200 and "Raid: what we know" in response.text
    assert "You were sent this link to read it before it is published" in response.text
    assert response["Referrer-Policy"] == "no-referrer"  # its links don't pass the key on
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    # Pasted into a chat, the chat's link preview finds no title or summary of the draft.
    head = response.text.split("</head>")[0]
    assert "<title>Preview · " in head and "Raid" not in head and "og:" not in head
    # Nor a description to take one from the text instead.
    assert '<meta name="description" content="A draft shared for review. Not published.">' in head
    assert "application/ld+json" not in response.text
    # Edited meanwhile: the reader sees the text as it is now, never a stored copy.
    piece.title = "Raid: what we know so far"
    piece.save()
    assert "what we know so far" in Client().get(link).text


def test_an_faq_entry_draft_can_be_shared_by_a_moderator_who_writes_answers(client, moderator):
    entry = make_faq(question="Can ICE enter a school?", status="draft")
    client.force_login(moderator)
    assert "Can ICE enter a school?" in Client().get(share_link(client, entry)).text
    # Moderators may read explainers, not change them: nothing to share there.
    assert share_link(client, draft()) is None


def test_a_published_piece_offers_no_link_and_an_old_link_leads_to_its_page(client, editor):
    piece = draft(slug="raid-explainer")
    client.force_login(editor)
    link = share_link(client, piece)
    piece.status = piece.Status.PUBLISHED
    piece.save()
    assert share_link(client, piece) is None
    response = Client().get(link)
    assert response.status_code == 302 and response["Location"] == piece.get_absolute_url()
    # Taken down after that (for legal reasons, say): the old link doesn't open it again.
    piece.status = piece.Status.DRAFT
    piece.save()
    assert Client().get(link).status_code == 404


def test_a_forged_changed_or_expired_link_reads_nothing(client, editor, monkeypatch):
    piece, other = draft(title="Secret draft"), draft()
    client.force_login(editor)
    link = share_link(client, piece)
    # The other draft's number in place of this one's, under this one's signature.
    payload, signature = link.removeprefix("/preview/?key=").split(":", 1)
    other_key = other.preview_key.hex
    other_payload = signing.b64_encode(f'["articles.article",{other.pk},"{other_key}"]'.encode())
    other_payload = other_payload.decode()
    assert other_payload != payload
    forged = f"/preview/?key={other_payload}:{signature}"
    for bad in [forged, link[:-3] + "abc", "/preview/", "/preview/?key=x:y:z"]:
        response = Client().get(bad)
        assert response.status_code == 404 and "This preview link no longer works" in response.text
        assert "Secret draft" not in response.text
    later = time.time() + shared_preview.SHARE_DAYS * 24 * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert Client().get(link).status_code == 404


def test_a_link_made_for_an_article_is_no_key_to_anything_else(editor):
    piece = make_article()
    signed = shared_preview.share_url(piece)
    # Signed for this use alone: Django's other signatures (sessions, the ask form's start
    # time) can't be replayed as preview keys, nor these as theirs.
    assert shared_preview.shared_piece(signed.split("=", 1)[1])[0] == piece
    session_like = signing.dumps(["articles.article", piece.pk, piece.preview_key.hex])
    assert shared_preview.shared_piece(session_like) == (None, None)


@pytest.mark.parametrize(
    "make", [draft, lambda: make_faq(status="draft")], ids=["article", "faq entry"]
)
def test_an_editor_ends_the_links_given_for_a_piece(client, editor, make):
    piece, other = make(), make()
    client.force_login(editor)
    link, other_link = share_link(client, piece), share_link(client, other)
    opts = piece._meta
    response = client.post(
        f"/admin/{opts.app_label}/{opts.model_name}/",
        {"action": "end_preview_links", "_selected_action": [piece.pk]},
        follow=True,
    )
    assert "The preview links given for 1 piece no longer work." in response.text
    assert Client().get(link).status_code == 404
    assert Client().get(other_link).status_code == 200  # only the selected piece's
    assert Client().get(share_link(client, piece)).status_code == 200  # a new link works
