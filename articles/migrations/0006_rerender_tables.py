"""Render stored explainers again: every table now sits in a box keyboard users can scroll."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0005_blank_slug_made_from_title")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
