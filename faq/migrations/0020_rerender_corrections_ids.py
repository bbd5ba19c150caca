"""Render stored answers again: raw HTML can no longer take the ids of the page's corrections
box ("corrections", "corrections-heading")."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0019_public_slug")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
