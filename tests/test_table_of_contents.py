"""An explainer's table of contents: every section of a piece of a few, but a long one folds,
so that on a phone it doesn't push the text screens down (96 headings were 4,400 px)."""

import re

import pytest

from tests.factories import guide_body, make_article

pytestmark = pytest.mark.django_db

FOLDED = re.compile(r"<details.*?</details>", re.S)


def table_of_contents(client, body):
    html = client.get(make_article(body=body).get_absolute_url()).content.decode()
    [toc] = re.findall(r'<nav class="toc".*?</nav>', html, re.S)
    return toc


def test_a_piece_of_a_few_sections_lists_them_all(client):
    toc = table_of_contents(client, guide_body(5, 2))  # 15 entries
    assert "<details" not in toc
    assert 'href="#part-5"' in toc and 'href="#step-2-of-part-5"' in toc


def test_a_long_piece_lists_its_parts_and_folds_each_ones_sections(client):
    toc = table_of_contents(client, guide_body(12, 7))  # 96 entries
    shown = FOLDED.sub("", toc)
    assert all(f'href="#part-{p}"' in shown for p in range(1, 13))
    assert "step" not in shown
    folds = FOLDED.findall(toc)
    assert len(folds) == 12
    assert "<summary>7 sections" in folds[0] and "“Part 1”" in folds[0]  # named for its part
    assert 'href="#step-7-of-part-1"' in folds[0]


def test_a_long_list_of_sections_folds_whole(client):
    toc = table_of_contents(client, guide_body(25))
    [fold] = FOLDED.findall(toc)
    assert "<summary>Show all 25 sections</summary>" in fold
    assert 'href="#section-1"' in fold and 'href="#section-25"' in fold
    assert "href" not in FOLDED.sub("", toc)
