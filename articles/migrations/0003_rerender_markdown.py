"""Render stored explainers again: table-of-contents names are now plain text, every h1 in a
body becomes an h2, and headings no longer take ids the page layout uses."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0002_editor_and_moderator_groups")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
