"""Data-migration steps that render stored Markdown again (RunPython), for after a change to
portal/markdown.py: pages show the HTML stored at save, so old text keeps old rendering until
then. A migration runs one with `migrations.RunPython(rerender_articles, ...)`."""

from .markdown import render_markdown, render_with_toc


def rerender_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        body_html, toc = render_with_toc(article.body)
        Article.objects.filter(pk=article.pk).update(body_html=body_html, toc=toc)


def rerender_answers(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for entry in FaqEntry.objects.only("pk", "answer").iterator():
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))
