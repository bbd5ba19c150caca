"""Empty the PostgreSQL search index once, so it is filled again with vectors made from plain
words (portal.search.postgres.plain_words): "U.S." and "I-205" were stored as tokens no query
could reach. Refilled after `migrate` by portal.search.sync.fill_empty_index. SQLite's index
already splits text that way and is left alone."""

from django.db import migrations


def empty_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from portal import search

        search.backend().clear()


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_reindex_plain_text")]

    operations = [
        migrations.RunPython(empty_postgres_index, migrations.RunPython.noop, elidable=True)
    ]
