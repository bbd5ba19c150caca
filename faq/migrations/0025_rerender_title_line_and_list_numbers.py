"""Render stored FAQ answers again: an answer that opens with its one "# " heading leaves that
title line out, and a numbered list keeps the number it starts at ("3." after a paragraph)."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0024_rerender_lists_and_raw_html")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
