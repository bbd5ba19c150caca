"""Render stored explainers again: raw HTML loses ids the page layout uses and the site's own
classes."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0007_markdown_nesting_validator")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
