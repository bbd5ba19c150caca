"""Data migrations: content stored before a rendering change is rendered again."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from portal.rerender import rerender_articles
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article

BEFORE = [
    ("articles", "0005_blank_slug_made_from_title"),
    ("faq", "0006_blank_slug_made_from_title"),
]
AFTER = [("articles", "0006_rerender_tables"), ("faq", "0007_rerender_tables")]
TABLE = "| Law | Year |\n| --- | --- |\n| Posse Comitatus Act | 1878 |"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrated_back():
    """Leave the database fully migrated for the tests that follow."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def rendered_again(before, after, text, stored_html):
    """The article body and FAQ answer HTML after migrating from `before` to `after`, for an
    article and an entry written as `text` and stored, before, as `stored_html`."""
    old = migrate(before)
    old.get_model("articles", "Article").objects.create(
        title="Stored", slug="stored", summary="s", body=text, body_html=stored_html
    )
    old.get_model("faq", "FaqEntry").objects.create(
        question="Stored?", slug="stored", answer=text, answer_html=stored_html
    )
    new = migrate(after)
    article = new.get_model("articles", "Article").objects.get()
    entry = new.get_model("faq", "FaqEntry").objects.get()
    return article.body_html, entry.answer_html


@TRANSACTIONAL
@pytest.mark.usefixtures("migrated_back")
def test_stored_tables_are_put_in_a_scrolling_box():
    old_html = "<table><tr><td>1878</td></tr></table>"  # as rendered before
    for html in rendered_again(BEFORE, AFTER, TABLE, old_html):
        assert '<div aria-label="Table: Law, Year" class="table-scroll" role="region"' in html


@TRANSACTIONAL
@pytest.mark.usefixtures("migrated_back")
def test_stored_raw_html_loses_layout_ids_and_the_sites_classes():
    raw = '<h2 id="main">Skip here</h2>\n\n<div class="notice">Official</div>'
    before = [
        ("articles", "0007_markdown_nesting_validator"),
        ("faq", "0008_markdown_nesting_validator"),
    ]
    after = [("articles", "0008_rerender_raw_html"), ("faq", "0009_rerender_raw_html")]
    for html in rendered_again(before, after, raw, raw):
        assert html == "<h2>Skip here</h2>\n\n<div>Official</div>"


@TRANSACTIONAL
@pytest.mark.usefixtures("migrated_back")
def test_stored_text_keeps_its_marked_spanish_words():
    raw = 'Ask for an <span lang="es">abogado</span>.'
    stripped = "<p>Ask for an abogado.</p>"  # as rendered before
    before = [("articles", "0010_first_published_at"), ("faq", "0012_first_published_at")]
    after = [("articles", "0011_rerender_lang"), ("faq", "0013_rerender_lang")]
    for html in rendered_again(before, after, raw, stripped):
        assert html == '<p>Ask for an <span lang="es">abogado</span>.</p>'


@pytest.mark.django_db
def test_rendering_again_also_counts_the_reading_time_again():
    article = make_article(body="Short.")
    # Text stored without Article.save(), as a script or an old release would leave it.
    Article.objects.filter(pk=article.pk).update(body="word " * 2000)

    rerender_articles(apps, None)

    article.refresh_from_db()
    assert article.reading_minutes > 1 and "word word" in article.body_html
