"""SQLite FTS5 backend: bm25 with column weights, snippet() for the shown rows only.

Three tables share one rowid: `search_document` (kind, object id, publish time, topics),
`search_fts` (title, summary, body: matching, tier 2, snippets) and `search_head` (title,
summary: tier 1). Ranking reads the small table first, like the PostgreSQL backend:
  1. documents whose title + summary hold every word, by bm25 over `search_head`;
  2. other matches only when those are fewer than the page, by bm25 over `search_fts`, among
     the TIER2_CANDIDATES most recently indexed.
In each tier, pages in English come first when the query isn't read as Spanish
(Query.english_first).
Without a type or topic filter no join is needed: scheduled rows are left out by id.
"""

from django.db import connection

from .documents import ENGLISH, MARK_END, MARK_START
from .query import Query

# Title, summary, body. bm25 favours short texts: at 10/4 a long headline holding the word lost
# to a two-word summary holding it; PostgreSQL (no length in ts_rank_cd) ranks the title first.
WEIGHTS = (10.0, 2.0, 1.0)
TIER2_CANDIDATES = 2000
FTS_TABLES = ("search_fts", "search_head")
SNIPPET_TOKENS = 32
# Pages not in English: few, found through a partial index (migration 0008).
NOT_ENGLISH = f"f.rowid IN (SELECT id FROM search_document WHERE language <> '{ENGLISH}')"


def _quote(token):
    return '"' + token.replace('"', '""') + '"'


def _term(query, term):
    """The word, or it and the words that may stand for it ("cops" OR "police")."""
    alternatives = [_quote(form) for form in query.forms(term)]
    return "(" + " OR ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]


def match_expression(query: Query):
    """FTS5 syntax built only from quoted tokens, so nothing a reader types is an operator."""
    if query.any_word:
        return " OR ".join(
            "(" + " AND ".join(_term(query, t) for t in group) + ")" for group in query.groups()
        )
    parts = [_term(query, term) for term in query.terms]
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


def _write(cursor, rows):
    """rows: (rowid, document) pairs, not yet in the FTS tables."""
    cursor.executemany(
        "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
        [(pk, d.title, d.summary, d.body) for pk, d in rows],
    )
    cursor.executemany(
        "INSERT INTO search_head (rowid, title, summary) VALUES (%s, %s, %s)",
        [(pk, d.title, d.summary) for pk, d in rows],
    )


def _unwrite(cursor, rowid):
    for table in FTS_TABLES:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [rowid])


def upsert(documents):
    with connection.cursor() as cursor:
        for doc in documents:
            cursor.execute(
                "INSERT INTO search_document (kind, object_id, published_at, topic_ids, language)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, object_id) DO UPDATE SET"
                " published_at = excluded.published_at, topic_ids = excluded.topic_ids,"
                " language = excluded.language RETURNING id",
                [
                    doc.kind,
                    doc.object_id,
                    _db_time(doc.published_at),
                    _topics(doc.topic_ids),
                    doc.language,
                ],
            )
            rowid = cursor.fetchone()[0]
            _unwrite(cursor, rowid)
            _write(cursor, [(rowid, doc)])


def bulk_insert(documents, first_id):
    """Fast path for rebuild() into an empty index: ids are assigned here, not looked up."""
    rows = list(zip(range(first_id, first_id + len(documents)), documents, strict=True))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_document (id, kind, object_id, published_at, topic_ids, language)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (
                    pk,
                    d.kind,
                    d.object_id,
                    _db_time(d.published_at),
                    _topics(d.topic_ids),
                    d.language,
                )
                for pk, d in rows
            ],
        )
        _write(cursor, rows)


def remove(kind, object_ids):
    with connection.cursor() as cursor:
        for object_id in object_ids:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND object_id = %s RETURNING id",
                [kind, object_id],
            )
            if row := cursor.fetchone():
                _unwrite(cursor, row[0])


def clear():
    with connection.cursor() as cursor:
        for table in ("search_document", *FTS_TABLES):
            cursor.execute(f"DELETE FROM {table}")


def optimize():
    with connection.cursor() as cursor:
        for table in FTS_TABLES:
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def vacuum():
    pass  # optimize() already merged the FTS5 segments


def size_bytes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_%'")
        return cursor.fetchone()[0]


def _scope(kinds, topic_id, now, without):
    """(join, where, params) restricting FTS table `f` to what readers may see now, less what
    the query `without` matches. The index holds only pieces marked published (indexable() in
    documents.py), so this is the time half of articles.models.is_public."""
    if not kinds and topic_id is None:
        join = ""
        where = " AND f.rowid NOT IN (SELECT id FROM search_document WHERE published_at > %s)"
        params = [_db_time(now)]
    else:
        join = " JOIN search_document d ON d.id = f.rowid"
        where, params = " AND d.published_at <= %s", [_db_time(now)]
    if kinds:
        where += " AND d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    if topic_id is not None:
        where += " AND instr(d.topic_ids, %s) > 0"
        params.append(f" {int(topic_id)} ")
    if without is not None:
        # Matched on the whole text: a row with those words in its body only is left out too.
        where += " AND f.rowid NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        params.append(match_expression(without))
    return join, where, params


def search(query: Query, *, kinds, topic_id, now, offset, limit, cap, without=None):
    """(match count capped at cap + 1, [(kind, object_id, title, summary, snippet)]).

    `kinds` None means every kind; rows the query `without` matches are left out.
    """
    expression = match_expression(query)
    join, where, params = _scope(kinds, topic_id, now, without)
    # Listed after the others when true (Query.english_first).
    later = NOT_ENGLISH if query.english_first else "0"
    first = f"{later}, " if query.english_first else ""  # "ORDER BY 0" would name a column
    wanted = offset + limit
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_fts f{join}"
            f" WHERE search_fts MATCH %s{where} LIMIT %s)",
            [expression, *params, cap + 1],
        )
        total = cursor.fetchone()[0]
        if not total or offset >= total:
            return total, []
        cursor.execute(
            f"SELECT f.rowid FROM search_head f{join} WHERE search_head MATCH %s{where}"
            f" ORDER BY {first}bm25(search_head, {WEIGHTS[0]}, {WEIGHTS[1]}), f.rowid DESC"
            " LIMIT %s",
            [expression, *params, wanted],
        )
        rowids = [row[0] for row in cursor.fetchall()]
        in_head = set(rowids)
        if len(rowids) < wanted:
            seen = ", ".join(["%s"] * len(rowids))
            weights = ", ".join(str(w) for w in WEIGHTS)
            cursor.execute(
                f"SELECT rowid FROM (SELECT f.rowid, {later} AS later,"
                f" bm25(search_fts, {weights}) AS score"
                f" FROM search_fts f{join} WHERE search_fts MATCH %s{where}"
                + (f" AND f.rowid NOT IN ({seen})" if rowids else "")
                + " ORDER BY f.rowid DESC LIMIT %s) ORDER BY later, score, rowid DESC LIMIT %s",
                [expression, *params, *rowids, TIER2_CANDIDATES, wanted - len(rowids)],
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
        rows = {}
        for rowid, kind, object_id, title, summary, snippet in cursor.fetchall():
            if rowid in in_head and summary:
                snippet = ""  # the words are in the title + summary: show the summary
            rows[rowid] = (kind, object_id, title, summary, snippet)
    return total, [rows[rowid] for rowid in page if rowid in rows]
