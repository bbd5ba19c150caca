"""Editors correct a published piece in the open: readers who saw it before can tell what changed
and when, the same day too (the "Updated" date shows only from the next day)."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import make_article, make_faq
from tests.helpers.admin_pages import opened_as

pytestmark = pytest.mark.django_db

KINDS = {
    "article": (make_article, "article_form", "body"),
    "faq entry": (make_faq, "faqentry_form", "answer"),
}
CORRECTION = "An earlier version said 12 people were detained; it was 9. <b>Sorry</b>"


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_made_in_the_admin_is_shown_with_its_time(client, editor, kind):
    make, form_id, text_field = KINDS[kind]
    piece = make(**{text_field: "12 people were detained."})
    assert "Corrections" not in client.get(piece.get_absolute_url()).content.decode()

    admin, url, form = opened_as(editor, piece)
    form |= {text_field: ["9 people were detained."], "corrections": [CORRECTION]}
    assert admin.post(url, form).status_code == 302
    piece.refresh_from_db()
    assert timezone.now() - piece.corrected_at < timezone.timedelta(minutes=1)

    page = client.get(piece.get_absolute_url()).content.decode()
    assert '<a href="#corrections">Corrected</a> <time datetime="' in page
    # The time of day too: "1:04 p.m.", "1 p.m." on the hour, "noon" or "midnight".
    assert re.search(r"Corrected</a> <time [^>]*>[^<]*(\d [ap]\.m\.|noon|midnight)", page)
    assert '<h2 id="corrections-heading">Corrections</h2>' in page
    assert "it was 9. &lt;b&gt;Sorry&lt;/b&gt;" in page  # plain text, never HTML


@pytest.mark.parametrize("kind", KINDS)
def test_the_correction_time_moves_only_when_the_corrections_change(client, editor, kind):
    make, form_id, text_field = KINDS[kind]
    piece = make(corrections="An earlier version named the wrong court.")
    first = piece.corrected_at
    assert first is not None

    admin, url, form = opened_as(editor, piece)
    assert admin.post(url, form | {text_field: ["Reworded."]}).status_code == 302
    piece.refresh_from_db()
    assert piece.corrected_at == first  # a rewording isn't a correction

    admin, url, form = opened_as(editor, piece)
    assert admin.post(url, form | {"corrections": [""]}).status_code == 302
    piece.refresh_from_db()
    assert piece.corrected_at is None
    assert "Corrected" not in client.get(piece.get_absolute_url()).content.decode()


def test_a_corrected_answer_says_so_wherever_it_opens_in_place(client):
    """The FAQ list and an explainer's FAQ open answers in place, without the entry's page."""
    article = make_article()
    entry = make_faq(articles=[article], corrections="An earlier version named the wrong court.")
    link = f'<a href="{entry.get_absolute_url()}#corrections">Corrected '
    assert link in client.get("/faq/").content.decode()
    assert link in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_correction_time_says_its_time_zone(client, settings):
    # The night clocks go back, 06:30 and 07:30 UTC both read "1:30 a.m." in Chicago; and a
    # reader in New York read Chicago's time as their own.
    settings.TIME_ZONE = "America/Chicago"
    shown = []
    for hour in (6, 7):
        article = make_article(corrections="An earlier version named the wrong court.")
        when = datetime.datetime(2026, 11, 1, hour, 30, tzinfo=datetime.UTC)
        type(article).objects.filter(pk=article.pk).update(corrected_at=when)
        page = client.get(article.get_absolute_url()).content.decode()
        shown.append(re.search(r'Corrected</a> <time datetime="[^"]+">([^<]+)</time>', page)[1])
    assert shown == ["Nov. 1, 2026, 1:30 a.m. CDT", "Nov. 1, 2026, 1:30 a.m. CST"]
