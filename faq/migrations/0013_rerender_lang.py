"""Render stored answers again: raw <span lang="…"> is kept (it was stripped), and a lang
attribute that isn't a language tag is dropped."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0012_first_published_at")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
