"""Data migrations: content stored before a rendering change is rendered again."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from articles.models import Article
from faq.models import FaqEntry
from portal import rerender
from portal.rerender import rerender_articles
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article, make_faq

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


@TRANSACTIONAL
@pytest.mark.usefixtures("migrated_back")
def test_stored_images_are_offered_to_phones_narrower_and_show_their_caption(settings):
    uploads = settings.MEDIA_ROOT / "uploads"
    uploads.mkdir(parents=True)
    Image.new("RGB", (1600, 1200)).save(uploads / f"{'f' * 32}.jpg")
    text = f'![A march](/media/uploads/{"f" * 32}.jpg "Photo: Ana Ruiz")'
    before = [
        ("articles", "0024_rerender_pasted_lists_footnotes_links"),
        ("faq", "0026_rerender_pasted_lists_footnotes_links"),
    ]
    after = [
        ("articles", "0025_rerender_images_and_links"),
        ("faq", "0027_rerender_images_and_links"),
    ]
    for html in rendered_again(before, after, text, "<p>as rendered before</p>"):
        assert f'srcset="/media/uploads/{"f" * 32}-800w.jpg 800w, ' in html
        assert html.endswith("<figcaption>Photo: Ana Ruiz</figcaption></figure>")
    assert (uploads / f"{'f' * 32}-800w.jpg").exists()


RERENDERS = {rerender.rerender_articles, rerender.rerender_answers, rerender.rerender_pages}


@pytest.mark.django_db
def test_rendering_again_reaches_pages_about_the_site_too():
    from articles.models import Page

    page = Page.objects.create(title="About us", slug="about", body="## Who we are")
    Page.objects.filter(pk=page.pk).update(body_html="<p>as rendered before</p>")

    rerender.rerender_pages(apps, None)

    page.refresh_from_db()
    assert page.body_html == '<h2 id="who-we-are">Who we are</h2>'


@pytest.mark.django_db
def test_rendering_again_also_counts_the_reading_time_again():
    article = make_article(body="Short.")
    # Text stored without Article.save(), as a script or an old release would leave it.
    Article.objects.filter(pk=article.pk).update(body="word " * 2000)

    rerender_articles(apps, None)

    article.refresh_from_db()
    assert article.reading_minutes > 1 and "word word" in article.body_html


@TRANSACTIONAL
def test_rendering_again_commits_every_batch_so_saves_never_wait_for_the_whole_table(
    monkeypatch,
):
    monkeypatch.setattr(rerender, "BATCH", 2)
    for n in range(5):
        make_faq(answer=f"Answer {n}.")
    FaqEntry.objects.update(answer_html="stale")
    in_transaction, commits = [], []
    real_render, real_commit = rerender.rendered_answer, connection.commit

    def render(text):
        in_transaction.append(connection.in_atomic_block)
        return real_render(text)

    def commit():
        commits.append(1)
        real_commit()

    monkeypatch.setattr(rerender, "rendered_answer", render)
    monkeypatch.setattr(connection, "commit", commit)
    rerender.rerender_answers(apps, None)

    # Five rows two at a time: three commits, with every rendering outside them (SQLite's
    # write lock is held for the writes alone). In an atomic migration: one, at the end.
    assert len(commits) == 3
    assert in_transaction == [False] * 5
    assert all(e.answer_html.startswith("<p>Answer") for e in FaqEntry.objects.all())
    loader = MigrationExecutor(connection).loader
    for (app, name), migration in loader.disk_migrations.items():
        runs = [getattr(op, "code", None) for op in migration.operations]
        if RERENDERS & set(runs):
            assert migration.atomic is False, f"{app}.{name}"


@TRANSACTIONAL
def test_rendering_again_never_writes_over_an_answer_saved_meanwhile(monkeypatch):
    # Another worker's save lands between the batch's read and its write: the page must show
    # the saved (corrected) text, not the old text rendered again.
    entry = make_faq(answer="Old text.")
    real_render = rerender.rendered_answer

    def render(text):
        if text == "Old text.":
            saved = FaqEntry.objects.get(pk=entry.pk)
            saved.answer = "Corrected text."
            saved.save()
        return real_render(text)

    monkeypatch.setattr(rerender, "rendered_answer", render)
    rerender.rerender_answers(apps, None)

    entry.refresh_from_db()
    assert entry.answer == "Corrected text." and entry.answer_html == "<p>Corrected text.</p>"


# Columns added in a release must take a row that the previous release's code inserts, since
# during a rolling deploy old app servers run against the migrated database for a minute. A
# Python `default=` alone doesn't do: Django drops it from the database after adding the column.
OUR_APPS = ["articles", "faq", "portal"]


@pytest.mark.django_db
def test_every_column_added_after_the_first_release_is_nullable_or_has_a_database_default():
    loader = MigrationExecutor(connection).loader
    first = {app: loader.project_state(loader.graph.root_nodes(app)[0]) for app in OUR_APPS}
    missing = []
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            old = first[app].models.get((app, model._meta.model_name))
            old_fields = set(old.fields) if old else None
            for field in model._meta.concrete_fields:
                if old_fields is None or field.name in old_fields:
                    continue  # in the first release, or a model added whole later
                if not field.null and field.db_default is models.NOT_PROVIDED:
                    missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_the_code_before_corrections_still_adds_pieces_to_todays_database():
    # The INSERT an app server still running the older release makes: its models lack every
    # column added since (corrections, public_slug, language, preview_key).
    old = (
        MigrationExecutor(connection)
        .loader.project_state(
            [
                ("articles", "0013_last_reviewed_not_ahead"),
                ("faq", "0016_moderators_may_delete_questions"),
            ]
        )
        .apps
    )
    old.get_model("articles", "Article").objects.create(
        title="Added by an old server", slug="old-server", summary="s", body="b", body_html="b"
    )
    old.get_model("faq", "FaqEntry").objects.create(
        question="Added by an old server?", slug="old-server", answer="a", answer_html="a"
    )
    article = Article.objects.get(slug="old-server")
    assert article.corrections == "" and article.public_slug == "" and article.preview_key
    entry = FaqEntry.objects.get(slug="old-server")
    assert entry.language == "en" and entry.preview_key != article.preview_key
