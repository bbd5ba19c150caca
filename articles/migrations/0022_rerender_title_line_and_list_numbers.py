"""Render stored explainers again: a body that opens with its one "# " heading leaves that title
line out, and a numbered list keeps the number it starts at ("3." after a paragraph)."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0021_body_links_lead_somewhere")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
