"""SQLite FTS5 backend: bm25 with column weights, snippet() for the shown rows only.

Two tables: `search_document` (small rows: kind, object id, publish time, topics) and the FTS5
table `search_fts` (title, summary, body) sharing its rowid. Filters read the small table, so a
common word never drags bodies through the join.
"""

from django.db import connection

from .documents import MARK_END, MARK_START
from .query import Query

WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
HEAD = "{title summary}"
SNIPPET_TOKENS = 32


def _quote(token):
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: Query):
    """FTS5 syntax built only from quoted tokens, so nothing a reader types is an operator."""
    if query.any_word:
        return " OR ".join(
            "(" + " AND ".join(_quote(t) for t in group) + ")" for group in query.groups()
        )
    parts = [_quote(term) for term in query.terms]
    parts += [_quote(" ".join(phrase)) for phrase in query.phrases]
    if query.prefix:
        forms = [_quote(query.prefix) + ("*" if query.expand_prefix else "")]
        forms += [_quote(stem) for stem in query.prefix_stems]
        parts.append("(" + " OR ".join(forms) + ")" if len(forms) > 1 else forms[0])
    return " AND ".join(parts)


def _db_time(value):
    return connection.ops.adapt_datetimefield_value(value)


def _topics(ids):
    return " " + "".join(f"{pk} " for pk in ids)


def upsert(documents):
    with connection.cursor() as cursor:
        for doc in documents:
            cursor.execute(
                "INSERT INTO search_document (kind, object_id, published_at, topic_ids)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (kind, object_id) DO UPDATE SET"
                " published_at = excluded.published_at, topic_ids = excluded.topic_ids"
                " RETURNING id",
                [doc.kind, doc.object_id, _db_time(doc.published_at), _topics(doc.topic_ids)],
            )
            rowid = cursor.fetchone()[0]
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [rowid])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [rowid, doc.title, doc.summary, doc.body],
            )


def bulk_insert(documents, first_id):
    """Fast path for rebuild() into an empty index: ids are assigned here, not looked up."""
    ids = range(first_id, first_id + len(documents))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_document (id, kind, object_id, published_at, topic_ids)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                (pk, d.kind, d.object_id, _db_time(d.published_at), _topics(d.topic_ids))
                for pk, d in zip(ids, documents, strict=True)
            ],
        )
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
            [(pk, d.title, d.summary, d.body) for pk, d in zip(ids, documents, strict=True)],
        )


def remove(kind, object_ids):
    with connection.cursor() as cursor:
        for object_id in object_ids:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND object_id = %s RETURNING id",
                [kind, object_id],
            )
            if row := cursor.fetchone():
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [row[0]])


def clear():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_document")
        cursor.execute("DELETE FROM search_fts")


def optimize():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def is_empty():
    with connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM search_document)")
        return bool(cursor.fetchone()[0])


def size_bytes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat"
            " WHERE name LIKE 'search_fts%%' OR name LIKE 'search_document%%'"
        )
        return cursor.fetchone()[0]


def _filters(kinds, topic_id, now):
    sql, params = " AND d.published_at <= %s", [_db_time(now)]
    if kinds:
        sql += " AND d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    if topic_id is not None:
        sql += " AND instr(d.topic_ids, %s) > 0"
        params.append(f" {int(topic_id)} ")
    return sql, params


def search(query: Query, *, kinds, topic_id, now, offset, limit, cap):
    """(match count capped at cap + 1, [(kind, object_id, title, summary, snippet)])."""
    expression = match_expression(query)
    where, params = _filters(kinds, topic_id, now)
    base = " FROM search_fts f JOIN search_document d ON d.id = f.rowid WHERE search_fts MATCH %s"
    weights = ", ".join(str(w) for w in WEIGHTS)
    ranked = (
        f"SELECT f.rowid {base}{where} {{extra}}"
        f" ORDER BY bm25(search_fts, {weights}), d.published_at DESC, d.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {base}{where} LIMIT %s)",
            [expression, *params, cap + 1],
        )
        total = cursor.fetchone()[0]
        if not total or offset >= total:
            return total, []
        # Tier 1: title or summary holds every word. Most queries fill the page from this small
        # set, so bm25 never runs over every body that mentions a common word.
        wanted = offset + limit
        cursor.execute(ranked.format(extra=""), [f"{HEAD} : ({expression})", *params, wanted])
        rowids = [row[0] for row in cursor.fetchall()]
        if len(rowids) < wanted:
            marks = ", ".join(["%s"] * len(rowids))
            cursor.execute(
                ranked.format(extra=f"AND f.rowid NOT IN ({marks})" if rowids else ""),
                [expression, *params, *rowids, wanted - len(rowids)],
            )
            rowids += [row[0] for row in cursor.fetchall()]
        page = rowids[offset:wanted]
        if not page:
            return total, []
        cursor.execute(
            "SELECT f.rowid, d.kind, d.object_id,"
            " highlight(search_fts, 0, %s, %s), highlight(search_fts, 1, %s, %s),"
            " snippet(search_fts, 2, %s, %s, '…', %s)"
            " FROM search_fts f JOIN search_document d ON d.id = f.rowid"
            " WHERE search_fts MATCH %s AND f.rowid IN (" + ", ".join(["%s"] * len(page)) + ")",
            [*(MARK_START, MARK_END) * 3, SNIPPET_TOKENS, expression, *page],
        )
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    return total, [rows[rowid] for rowid in page if rowid in rows]
