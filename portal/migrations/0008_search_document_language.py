"""The language of each indexed piece, so a search not read as Spanish lists pages in English
first in each tier (Query.english_first): "ICE" put a Spanish FAQ entry before the English one
with the same answer.

A column with a database default: an app server still running the older release indexes what it
saves as English until the next save. Existing FAQ rows take their entry's language here. On
SQLite a partial index finds the few rows not in English, which ranking reads for every search.
"""

from django.db import migrations

ADD = {
    "sqlite": [
        "ALTER TABLE search_document ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
        "CREATE INDEX search_document_not_english ON search_document (id)"
        " WHERE language <> 'en'",
    ],
    "postgresql": [
        "ALTER TABLE search_document ADD COLUMN language varchar(5) NOT NULL DEFAULT 'en'",
    ],
}
DROP = {
    "sqlite": [
        "DROP INDEX IF EXISTS search_document_not_english",
        "ALTER TABLE search_document DROP COLUMN language",
    ],
    "postgresql": ["ALTER TABLE search_document DROP COLUMN language"],
}


def add_language(apps, schema_editor):
    for statement in ADD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)
    entries = apps.get_model("faq", "FaqEntry")
    schema_editor.execute(
        "UPDATE search_document SET language = (SELECT e.language FROM"
        f" {entries._meta.db_table} e WHERE e.id = search_document.object_id)"
        f" WHERE kind = 'faq' AND object_id IN (SELECT id FROM {entries._meta.db_table}"
        " WHERE language <> 'en')",
        params=None,
    )


def drop_language(apps, schema_editor):
    for statement in DROP[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_revision"), ("faq", "0018_add_language")]

    operations = [migrations.RunPython(add_language, drop_language)]
