"""Render stored explainers again: raw HTML loses ids the page layout uses and the site's own
classes."""

from django.db import migrations

from portal.markdown import render_with_toc


def rerender(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        body_html, toc = render_with_toc(article.body)
        Article.objects.filter(pk=article.pk).update(body_html=body_html, toc=toc)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_markdown_nesting_validator")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
