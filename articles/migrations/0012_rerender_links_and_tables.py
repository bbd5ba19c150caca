"""Render stored explainers again: tel: links are kept (they were stripped), table rows get
their first cell as a row header, and a heading starting "FAQ" gets an id its table-of-contents
link can reach."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0011_rerender_lang")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
