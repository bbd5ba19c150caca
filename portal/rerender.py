"""Data-migration steps that render stored Markdown again (RunPython), for after a change to
portal/markdown.py: pages show the HTML stored at save, so old text keeps old rendering until
then. A migration runs one with `migrations.RunPython(rerender_articles, ...)` (and
`rerender_pages`, `rerender_answers`: every kind of piece) and sets
`atomic = False`: each batch of rows is then its own transaction, so an editor's save or a
reader's question waits for one batch, not for every piece (seconds per thousand pieces). The
search index keeps the text it was given (it is built from the HTML): after deploying such a
migration, run `manage.py rebuild_search_index`, since a migration can't use the live models it
needs."""

from django.db import transaction

from .markdown import rendered_answer, rendered_article, rendered_page

BATCH = 200


def _in_batches(queryset, fields, changes):
    """Each row's new values (changes(row), a dict), read with `fields` and written a batch at
    a time, each batch its own short transaction; rendering happens outside it, so SQLite's
    write lock is held for the writes alone. A row whose text was saved meanwhile is left as
    that save rendered it: written over, the page would show the old text again."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = queryset.filter(pk__in=pks[start : start + BATCH]).only("pk", *fields)
        updates = [(row, changes(row)) for row in rows]
        with transaction.atomic():
            for row, values in updates:
                as_read = {field: getattr(row, field) for field in fields}
                queryset.filter(pk=row.pk, **as_read).update(**values)


def rerender_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")

    _in_batches(
        Article.objects.all(),
        ["body", "title"],
        lambda article: rendered_article(article.body, article.title),
    )


def rerender_answers(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    _in_batches(
        FaqEntry.objects.all(),
        ["answer"],
        lambda entry: rendered_answer(entry.answer),
    )


def rerender_pages(apps, schema_editor):
    """Pages about the site: with rerender_articles, in the articles app's migration."""
    Page = apps.get_model("articles", "Page")
    _in_batches(
        Page.objects.all(),
        ["body", "title"],
        lambda page: {"body_html": rendered_page(page.body, page.title)},
    )
