"""Render stored explainers again: table-of-contents names are now plain text, every h1 in a
body becomes an h2, and headings no longer take ids the page layout uses."""

from django.db import migrations

from portal.markdown import render_with_toc


def rerender(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        body_html, toc = render_with_toc(article.body)
        Article.objects.filter(pk=article.pk).update(body_html=body_html, toc=toc)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editor_and_moderator_groups")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
