"""Render stored answers again: every h1 becomes an h2, and headings no longer take ids the
page layout uses."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0002_faq_roles")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
