"""Empty the search index once, so it is filled again with the plain text html_to_text() now
makes (inline markup no longer leaves a space before punctuation, headings end a sentence).
Refilled after `migrate` by portal.search.sync.fill_empty_index, with the current code."""

from django.db import migrations


def empty_index(apps, schema_editor):
    from portal import search

    search.backend().clear()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_sqlite_head_index"),
        ("articles", "0003_rerender_markdown"),
        ("faq", "0003_rerender_markdown"),
    ]

    operations = [migrations.RunPython(empty_index, migrations.RunPython.noop, elidable=True)]
