"""PostgreSQL full-text backend, shaped by measurements on large archives (`make bench-search`).

`search_document` keeps two stored vectors with their own GIN indexes: `head` (title A + summary
B, small) and `vector` (head + body C, used for matching so nothing is missed). Ranking every
match's body vector costs ~8 µs a row, so ranking starts from the small one:
  1. documents whose title + summary hold every word (found through `head`), by ts_rank_cd on
     `head`; the best RERANK of those re-ranked by ts_rank_cd on the full vector;
  2. other matches only when those are fewer than the page: at most TIER2_SCAN of them, by how
     many of the words their title + summary hold, the best RERANK re-ranked the same way.
In a Spanish search, rows whose title + summary hold the reader's own Spanish words come first
in each tier (own_words_text); in any other, rows in English (Query.english_first). The count is
capped (the page shows "More than 1,000") and ts_headline runs for the shown rows only; tier 1
rows show their highlighted summary, where the words are, instead of a body passage.
"""

from django.db import connection, transaction

from .documents import ENGLISH, MARK_END, MARK_START
from .query import Query, words

CONFIG = "portal_english"  # english stemming after unaccent (see the migration)
RERANK = 100  # each re-ranked row reads its TOASTed body vector: ~0.1 ms when not cached
TIER2_SCAN = 2000
HEADLINE_CHARS = 3000


_HEAD = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B')"
)
UPSERT = f"""
    INSERT INTO search_document
        (kind, object_id, published_at, topic_ids, language, title, summary, body, head, vector)
    SELECT k, o, p, t, la, ti, su, bo, h, h || setweight(to_tsvector('{CONFIG}', %s), 'C')
    FROM (SELECT %s k, %s::bigint o, %s::timestamptz p, %s::integer[] t, %s la,
                 %s ti, %s su, %s bo, {_HEAD} h) AS doc
    ON CONFLICT (kind, object_id) DO UPDATE SET
        published_at = excluded.published_at, topic_ids = excluded.topic_ids,
        language = excluded.language,
        title = excluded.title, summary = excluded.summary, body = excluded.body,
        head = excluded.head, vector = excluded.vector
"""


def _lexeme(token):
    return "'" + token.replace("'", "''") + "'"


def _term(query, term):
    """The word, or it and the words that may stand for it ('cops' | 'police')."""
    alternatives = [_lexeme(form) for form in query.forms(term)]
    return "(" + " | ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]


def _parts(query: Query):
    if query.any_word:
        return ["(" + " & ".join(_term(query, t) for t in group) + ")" for group in query.groups()]
    parts = [_term(query, term) for term in query.terms]
    parts += ["(" + " <-> ".join(_lexeme(w) for w in phrase) + ")" for phrase in query.phrases]
    if query.prefix:
        forms = [_lexeme(query.prefix) + (":*" if query.expand_prefix else "")]
        forms += [_lexeme(stem) for stem in query.prefix_stems]
        parts.append("(" + " | ".join(forms) + ")")
    return parts


def tsquery_text(query: Query):
    """to_tsquery input built only from quoted word tokens: no reader text is an operator."""
    return (" | " if query.any_word else " & ").join(_parts(query))


def any_part_text(query: Query):
    """The same words, any of them: partial credit when ranking tier 2 by title + summary."""
    return " | ".join(_parts(query))


def plain_words(text):
    """The text as the words query.parse() finds in what readers type, for the vectors.

    PostgreSQL's own parser reads "U.S." as the token "u.s", "I-205" as the number -205 and
    drops anything shaped like <tag>, so a reader's "U.S." ("u") or "I-205" ("205") would never
    match. The stored text, used for highlighting, stays as written.
    """
    return " ".join(words(text))


def upsert(documents):
    rows = [
        [plain_words(d.body), d.kind, d.object_id, d.published_at, d.topic_ids, d.language,
         d.title, d.summary, d.body, plain_words(d.title), plain_words(d.summary)]
        for d in documents
    ]  # fmt: skip
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(UPSERT, rows)


def bulk_insert(documents, first_id):
    upsert(documents)


def remove(kind, object_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_document WHERE kind = %s AND object_id = ANY(%s)",
            [kind, list(object_ids)],
        )


def clear():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_document")


def optimize():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")


def vacuum():
    """After a rebuild, outside any transaction: sets hint bits and the visibility map, so the
    first searches don't pay for them (first queries after a bulk load were 2-5x slower)."""
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_document")


def size_bytes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_document')")
        return cursor.fetchone()[0]


Q = f"to_tsquery('{CONFIG}', %s)"


def _filters(kinds, topic_id, now, without):
    # The index holds only pieces marked published (indexable() in documents.py): this is the
    # time half of articles.models.is_public.
    sql, params = " AND d.published_at <= %s", [now]
    if kinds:
        sql += " AND d.kind = ANY(%s)"
        params.append(list(kinds))
    if topic_id is not None:
        sql += " AND %s = ANY(d.topic_ids)"
        params.append(int(topic_id))
    if without is not None:
        # On the full vector (a row with those words in its body only is left out too), through
        # its GIN index: the rows to leave out, not every candidate's TOASTed vector.
        sql += f" AND d.id NOT IN (SELECT id FROM search_document WHERE vector @@ {Q})"
        params.append(tsquery_text(without))
    return sql, params


def own_words_text(query: Query):
    """In a Spanish search, the words of the Spanish map as typed, any of them; else "".

    ts_rank_cd doesn't weigh rarity, so pages repeating "police" came before the one Spanish
    entry holding the reader's own "policía", which SQLite's bm25 ranks first for being rare.
    """
    return " | ".join(_lexeme(t) for t in query.terms if t in query.translated)


def _first(query: Query, row="d"):
    """ORDER BY's first key and its parameters: in a Spanish search, title + summary holding
    the reader's own words (own_words_text); in any other, pages in English."""
    if own := own_words_text(query):
        return f"{row}.head @@ {Q} DESC, ", [own]
    if query.english_first:
        return f"{row}.language = '{ENGLISH}' DESC, ", []
    return "", []


def _rerank(cursor, tsq, first, ids):
    """The first RERANK ids re-ordered: by rank on title + summary, then on the full vector
    (body included). Body rank alone would put a page that repeats a word below one whose
    title is that word; SQLite's bm25 weights the title the same way."""
    if ids:
        key, key_params = first
        cursor.execute(
            f"SELECT d.id FROM search_document d, {Q} q, unnest(%s::bigint[])"
            f" WITH ORDINALITY AS c(id, n) WHERE d.id = c.id ORDER BY {key}"
            "ts_rank_cd(d.head, q) DESC, ts_rank_cd(d.vector, q) DESC, c.n",
            [tsq, ids[:RERANK], *key_params],
        )
        ids[:RERANK] = [row[0] for row in cursor.fetchall()]
    return ids


def _tier1(cursor, tsq, first, where, params, wanted):
    """Title + summary hold every word: ids ranked on the small vector, which is stored in the
    row itself (the body vector is TOASTed and costs a read per row), and how many there are."""
    key, key_params = first
    cursor.execute(
        f"SELECT d.id, count(*) OVER () FROM search_document d, {Q} q WHERE d.head @@ q{where}"
        f" ORDER BY {key}ts_rank_cd(d.head, q) DESC, d.published_at DESC, d.id DESC LIMIT %s",
        [tsq, *params, *key_params, max(wanted, RERANK)],
    )
    rows = cursor.fetchall()
    return [row[0] for row in rows], rows[0][1] if rows else 0


def _tier2(cursor, query, tsq, first, where, params, needed):
    """Other matches, at most TIER2_SCAN of them, pre-ranked by how many of the words their
    title + summary hold (no TOAST read), the best re-ranked on the full vector."""
    key, key_params = _first(query, row="c")
    cursor.execute(
        "SELECT c.id FROM (SELECT d.id, d.head, d.language, d.published_at"
        f" FROM search_document d, {Q} q WHERE d.vector @@ q AND NOT d.head @@ q{where} LIMIT %s)"
        f" c, {Q} qa ORDER BY {key}ts_rank(c.head, qa) DESC, c.published_at DESC, c.id DESC"
        " LIMIT %s",
        [tsq, *params, TIER2_SCAN, any_part_text(query), *key_params, max(RERANK, needed)],
    )
    return _rerank(cursor, tsq, first, [row[0] for row in cursor.fetchall()])


def search(query: Query, *, kinds, topic_id, now, offset, limit, cap, without=None):
    """(match count capped at cap + 1, [(kind, object_id, title, summary, snippet)]).

    `kinds` None means every kind; rows the query `without` matches are left out.
    """
    tsq, first = tsquery_text(query), _first(query)
    where, params = _filters(kinds, topic_id, now, without)
    wanted = offset + limit
    with transaction.atomic(), connection.cursor() as cursor:
        # With literal query words the planner picks a sequential scan for common words,
        # several times slower than the GIN index (measured with `make bench-search`).
        cursor.execute("SET LOCAL enable_seqscan = off")
        ids, head_total = _tier1(cursor, tsq, first, where, params, wanted)
        if head_total > cap:
            total = cap + 1  # common words: tier 1 alone passes the cap, no count needed
        else:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_document d"
                f" WHERE d.vector @@ {Q}{where} LIMIT %s) s",
                [tsq, *params, cap + 1],
            )
            total = cursor.fetchone()[0]
        if not total or offset >= total:
            return total, []
        ids = _rerank(cursor, tsq, first, ids)
        in_head = ids[offset:wanted]
        if len(ids) < wanted:
            ids += _tier2(cursor, query, tsq, first, where, params, wanted - len(ids))
        page = ids[offset:wanted]
        if not page:
            return total, []
        whole = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
        part = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15"
        # ts_headline re-parses the text (~0.5 ms per body): bodies only where the words are
        # not all in the title + summary (tier 2) or there is no summary to show instead.
        cursor.execute(
            f"SELECT d.id, d.kind, d.object_id, ts_headline('{CONFIG}', d.title, q, %s),"
            f" ts_headline('{CONFIG}', d.summary, q, %s),"
            f" CASE WHEN d.summary <> '' AND d.id = ANY(%s) THEN ''"
            f" ELSE ts_headline('{CONFIG}', left(d.body, {HEADLINE_CHARS}), q, %s) END,"
            f" left(d.body, {HEADLINE_CHARS + 1})"
            f" FROM search_document d, {Q} q WHERE d.id = ANY(%s)",
            [whole, whole, in_head, part, tsq, page],
        )
        rows = {}
        for pk, kind, object_id, title, summary, snippet, body in cursor.fetchall():
            rows[pk] = (kind, object_id, title, summary, _clipped(snippet, body))
    return total, [rows[pk] for pk in page if pk in rows]


def _clipped(fragment, body):
    """The passage with "…" where it starts or ends inside the body, as SQLite's snippet()
    writes it: ts_headline returns a bare run of words that may begin and end mid-sentence.

    Compared word by word, since the passage's spacing need not be the body's. `body` is one
    character longer than what ts_headline read, to tell whether the text went on.
    """
    shown = words(fragment)
    if not shown:
        return fragment
    text = words(body[:HEADLINE_CHARS])
    starts = text[: len(shown)] == shown
    ends = len(body) <= HEADLINE_CHARS and text[len(text) - len(shown) :] == shown
    return ("" if starts else "…") + fragment.strip() + ("" if ends else "…")
