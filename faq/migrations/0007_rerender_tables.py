"""Render stored answers again: every table now sits in a box keyboard users can scroll."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0006_blank_slug_made_from_title")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
