"""Searches as readers type them on phones and in Spanish; run on SQLite and PostgreSQL."""

import pytest

from tests.factories import make_article
from tests.search_helpers import result_snippets, result_titles, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("without", "with_apostrophe"),
    [
        ("what police cant do", "what police can't do"),
        ("dont have to open door", "don’t have to open door"),
        ("sanctuary policy isnt", "sanctuary policy isn't"),
        ("police wont leave", "police won't leave"),
        ("im detained", "I'm detained"),
    ],
)
def test_contractions_without_the_apostrophe_find_the_same(client, without, with_apostrophe):
    make_article(title="What police can't do", body="Police can't leave with your phone.")
    make_article(title="You don't have to open the door", body="Police won't always leave.")
    make_article(title="What a sanctuary policy is, and what it isn't")
    make_article(title="If you are detained", body="I'm detained: what now?")
    make_article(title="City budgets")
    found = result_titles(search(client, with_apostrophe))
    assert found
    assert result_titles(search(client, without)) == found


def test_a_passage_cut_from_a_longer_text_says_so(client):
    # ts_headline (PostgreSQL) returned a bare run of words; snippet() (SQLite) adds "…".
    filler = "Officers follow many ordinary rules every day. "
    make_article(title="Middle", summary="", body=filler * 8 + "A detainer asks. " + filler * 8)
    make_article(title="Start", summary="", body="Bonds are money. " + filler * 12)
    make_article(title="End", summary="", body=filler * 12 + "Then a hearing follows.")
    make_article(title="Short", summary="", body="A short note about bail.")
    [middle] = result_snippets(search(client, "detainer"))
    assert middle.startswith("…") and middle.endswith("…") and "<mark>detainer</mark>" in middle
    [start] = result_snippets(search(client, "bond"))
    assert start.startswith("<mark>Bonds</mark> are money.") and start.endswith("…")
    [end] = result_snippets(search(client, "hearing"))
    assert end.startswith("…") and end.endswith("a <mark>hearing</mark> follows.")
    assert result_snippets(search(client, "bail")) == ["A short note about <mark>bail</mark>."]
