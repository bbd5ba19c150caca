"""Data-migration steps that render stored Markdown again (RunPython), for after a change to
portal/markdown.py: pages show the HTML stored at save, so old text keeps old rendering until
then. A migration runs one with `migrations.RunPython(rerender_articles, ...)` and sets
`atomic = False`: each batch of rows is then its own transaction, so an editor's save or a
reader's question waits for one batch, not for every piece (seconds per thousand pieces). The
search index keeps the text it was given (it is built from the HTML): after deploying such a
migration, run `manage.py rebuild_search_index`, since a migration can't use the live models it
needs."""

from django.db import transaction

from .markdown import reading_minutes, render_markdown, render_with_toc

BATCH = 200


def _in_batches(queryset, fields, update):
    """update(row) for each row of `queryset` (read with `fields`), committed per batch."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            for row in queryset.filter(pk__in=pks[start : start + BATCH]).only("pk", *fields):
                update(row)


def rerender_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")

    def update(article):
        # As Article.save() does; historical models in a migration don't have its methods.
        body_html, toc = render_with_toc(article.body)
        Article.objects.filter(pk=article.pk).update(
            body_html=body_html, toc=toc, reading_minutes=reading_minutes(body_html)
        )

    _in_batches(Article.objects.all(), ["body"], update)


def rerender_answers(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")

    def update(entry):
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))

    _in_batches(FaqEntry.objects.all(), ["answer"], update)
