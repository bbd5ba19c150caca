"""SQLite: a second, small FTS5 table of titles and summaries, and an index on publish time.

Ranking starts from documents whose title and summary hold every word; in the main table FTS5
reads each common word's whole position list (bodies included) to find them, in this one only
the short fields' (benchmark in README). Scheduled rows are excluded by id, found through the
publish-time index. PostgreSQL already has its small `head` vector (0002).
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE search_head USING fts5(
        title, summary, tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    "INSERT INTO search_head (rowid, title, summary) SELECT rowid, title, summary FROM search_fts",
    "CREATE INDEX search_document_published_at ON search_document (published_at)",
]
DROP = [
    "DROP INDEX IF EXISTS search_document_published_at",
    "DROP TABLE IF EXISTS search_head",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_editors_see_zero_result_searches")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _run(schema_editor, CREATE),
            lambda apps, schema_editor: _run(schema_editor, DROP),
        )
    ]
