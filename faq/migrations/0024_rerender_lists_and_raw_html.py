"""Render stored FAQ answers again: a list right under its lead-in line is a list, and figures,
captions, spanning table cells, details, <kbd> and <mark> written as raw HTML are kept, and
images load lazily, an upload with its width and height; a body written from "# " headings
keeps its outline one level down."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0023_db_defaults_for_rolling_deploys")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
