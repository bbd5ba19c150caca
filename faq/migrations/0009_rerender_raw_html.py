"""Render stored answers again: raw HTML loses its ids (an answer can appear twice on a page)
and the site's own classes."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0008_markdown_nesting_validator")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
