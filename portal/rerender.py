"""Data-migration steps that render stored Markdown again (RunPython), for after a change to
portal/markdown.py: pages show the HTML stored at save, so old text keeps old rendering until
then. A migration runs one with `migrations.RunPython(rerender_articles, ...)`. The search
index keeps the text it was given (it is built from the HTML): after deploying such a migration,
run `manage.py rebuild_search_index`, since a migration can't use the live models it needs."""

from .markdown import reading_minutes, render_markdown, render_with_toc


def rerender_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        # As Article.save() does; historical models in a migration don't have its methods.
        body_html, toc = render_with_toc(article.body)
        Article.objects.filter(pk=article.pk).update(
            body_html=body_html, toc=toc, reading_minutes=reading_minutes(body_html)
        )


def rerender_answers(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for entry in FaqEntry.objects.only("pk", "answer").iterator():
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))
