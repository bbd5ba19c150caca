"""Render stored explainers again: a heading "Corrections" gets an id of its own, as the page's
corrections box now uses "corrections"."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0015_public_slug")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
