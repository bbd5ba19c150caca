"""The full-text index: an FTS5 table on SQLite, stored tsvectors with GIN on PostgreSQL.

Raw SQL because neither fits a model (portal/search/sqlite.py and postgres.py read and write
these tables). The SQL is written out here, not imported, so later changes to the backends
never change what this migration did. An empty index over existing content fills itself after
`migrate` (portal.apps); `manage.py rebuild_search_index` refills it at any time.
"""

from django.db import migrations

SQLITE = [
    """CREATE TABLE search_document (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        object_id INTEGER NOT NULL,
        published_at TEXT NOT NULL,
        topic_ids TEXT NOT NULL DEFAULT ' ',
        UNIQUE (kind, object_id)
    )""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_document"]

POSTGRES = [
    # unaccent is a trusted extension: the database owner may create it without superuser.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION portal_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION portal_english"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    """CREATE TABLE search_document (
        id bigserial PRIMARY KEY,
        kind varchar(20) NOT NULL,
        object_id bigint NOT NULL,
        published_at timestamptz NOT NULL,
        topic_ids integer[] NOT NULL DEFAULT '{}',
        title text NOT NULL,
        summary text NOT NULL,
        body text NOT NULL,
        head tsvector NOT NULL,
        vector tsvector NOT NULL,
        UNIQUE (kind, object_id)
    )""",
    "CREATE INDEX search_document_head ON search_document USING gin (head)",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_english",
]


def _run(schema_editor, statements):
    for statement in statements[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_zero_result_search")]

    operations = [migrations.RunPython(create_index, drop_index)]
