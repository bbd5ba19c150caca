"""Full-text search over published articles and FAQ entries.

`search()` is what views call; `index_object()` / `refresh()` keep the index in step with content.
The backend (SQLite FTS5 or PostgreSQL full-text search) follows the database vendor, and nothing
above this module knows which one runs. See README "Search" for the design.
"""

import math
from dataclasses import dataclass
from importlib import import_module
from itertools import batched

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .documents import KINDS, MARK_END, MARK_START, installed_kinds, kind_for_model
from .query import MAX_ANY_TERMS, MAX_QUERY_CHARS, parse

__all__ = ["MAX_QUERY_CHARS", "search", "kind_names", "index_object", "refresh", "rebuild"]

PAGE_SIZE = 20
MIN_PREFIX = 3  # shorter beginnings match too many words to be useful
MAX_RESULTS = 1000  # counted exactly up to here, then shown as "More than 1,000"
MIN_SOME_WORDS = 3  # with two words, "two of them" would be "all of them" again
BACKENDS = {"sqlite": "portal.search.sqlite", "postgresql": "portal.search.postgres"}


def kind_names():
    return [kind.name for kind in installed_kinds()]


def backend(vendor=None):
    vendor = vendor or connection.vendor
    if vendor not in BACKENDS:
        raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    return import_module(BACKENDS[vendor])


def marked(text):
    """Escape stored text, then turn the private match markers into <mark>."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped just above; only our markers became tags


@dataclass
class Result:
    kind: str
    object: object
    title: str
    snippet: str

    @property
    def url(self):
        return self.object.get_absolute_url()

    @property
    def language(self):
        """What the title and snippet are written in: an FAQ entry's language (explainers are
        in the site's language)."""
        return getattr(self.object, "language", None)


class _Counted:
    """Stands in for the result list so Paginator knows the (capped) total."""

    def __init__(self, total):
        self.total = total

    def count(self):
        return self.total


def _load(hits):
    """Model instances for the hits, through each model's published(): the visibility rule."""
    by_kind = {}
    for kind, object_id, *_ in hits:
        by_kind.setdefault(kind, []).append(object_id)
    objects = {}
    for name, ids in by_kind.items():
        kind = KINDS[name]
        for obj in kind.visible().defer(*kind.list_defer).filter(pk__in=ids):
            objects[name, obj.pk] = obj
    results = []
    for kind, object_id, title, summary, snippet in hits:
        if (obj := objects.get((kind, object_id))) is None:
            continue  # the index is a step behind a change that bypassed signals
        if MARK_START not in snippet:
            # Words all in the title + summary (the backend sent no body passage), or a body
            # passage without them: the summary says best what the piece is about.
            snippet = summary or snippet
        results.append(Result(kind, obj, marked(title), marked(snippet)))
    return results


def _only_english(query):
    """A Spanish query less the words no English page holds (Query.only_english), or None.

    Words of English pages ("ICE", "sheriff") are not left out. A word near one of the map's
    ("santurio") is, since a right form the map lacks is as near ("votaron"), but it is not
    said to have "no English word": the results page offers "Did you mean" for it.
    """
    typed = query.typed_words
    if not query.in_spanish or all(w in query.translated for w in typed):
        return None  # no word to leave out: no need for the word list
    from . import spelling  # it imports models: not while portal.models imports this package

    misspelt = {w for w in typed if spelling.misspelt_spanish(w)}
    return query.only_english(spelling.english_words(), misspelt)


def search(text, *, kind=None, topic=None, page=1, per_page=PAGE_SIZE, any_word=False):
    """One page of ranked results as a Django Page of Result, with .paginator.count capped.

    `kind` is "article" or "faq" (None: both), `topic` a Topic. An empty or all-punctuation
    query gives an empty page. When no page has every word of three or more (and there is no
    filter), the pages with at least two of them are given instead, and `.some_of` lists the
    words (else it is empty). A Spanish query's results are followed by the pages that only its
    English words find, since the page says it searched in English too.
    """
    query = parse(text, any_word=any_word)
    kinds = [kind] if kind else None
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    number = min(number, math.ceil(MAX_RESULTS / per_page))
    total, hits, some_of = 0, [], []
    if query:
        options = {"kinds": kinds, "topic_id": topic.pk if topic else None, "cap": MAX_RESULTS}
        options["now"] = timezone.now()

        def run(q):
            return backend().search(q, offset=(number - 1) * per_page, limit=per_page, **options)

        def run_then(q, found, then):
            """q's page `found` (total, hits), followed by the hits of `then` that q doesn't
            find: the pages after q's last one."""
            total, hits = found
            if total > MAX_RESULTS:
                return found  # nothing past the cap is ever listed
            offset = max(0, (number - 1) * per_page - total)
            limit = per_page - len(hits)
            more, extra = backend().search(then, without=q, offset=offset, limit=limit, **options)
            return total + more, hits + extra

        total, hits = run(query)
        if not total and query.prefix and len(query.prefix) >= MIN_PREFIX:
            query.expand_prefix = True  # "immigra", "sanct": the reader is still typing
            total, hits = run(query)
        then = _only_english(query) if total and not any_word else None
        if then:
            # Its Spanish words found a Spanish entry, and the page says it also searched in
            # English: the English pages its English words find come after the entry.
            total, hits = run_then(query, (total, hits), then)
        if not total and (english := _only_english(query)):
            total, hits = run(english)
            if total:  # else no word is left out: all are tried again below, two at a time
                query = english
        searched = query
        if not total and not any_word and not kind and not topic:
            # A question typed as it would be asked ("can ICE enter my house?") rarely has all
            # its words in one page; the pages with two of them often answer it. (With a
            # filter, "Nothing matched" offers to search everything, where all may be.)
            some = parse(text, any_word=True)
            some.exact |= query.exact  # a quoted word stays exact
            if len(some.terms) >= MIN_SOME_WORDS:
                total, hits = run(some)
                if total:
                    searched, some_of = some, some.terms[:MAX_ANY_TERMS]  # what was searched
        if total and not hits and number > 1:  # past the last page: show the last one
            number = math.ceil(min(total, MAX_RESULTS) / per_page)
            total, hits = run(searched)
            if then:
                total, hits = run_then(searched, (total, hits), then)
    if not total:
        number = 1
    paginator = Paginator(_Counted(min(total, MAX_RESULTS)), per_page)
    results = Page(_load(hits), number, paginator)
    results.more = total > MAX_RESULTS
    results.query = query
    results.some_of = some_of
    return results


def index_object(obj):
    """Bring one article or FAQ entry's row up to date: stored if Published, else removed."""
    kind = kind_for_model(type(obj))
    if kind is None:
        return
    fresh = kind.indexable().filter(pk=obj.pk)
    if connection.in_atomic_block:
        # The piece's row before its index row, as a save and refresh() take them: a topic
        # added without a save would otherwise let refresh() read the piece before this
        # commits and then write that older state over this one.
        fresh = fresh.select_for_update(no_key=True)
    fresh = fresh.first()
    if fresh is None:
        backend().remove(kind.name, [obj.pk])
    else:
        backend().upsert([kind.document(fresh)])


def remove_object(model, pk):
    if kind := kind_for_model(model):
        backend().remove(kind.name, [pk])


def refresh(batch_size=200):
    """Bring every document up to date while the site runs; returns the number indexed.

    Batch by batch, each in its own short transaction, and without emptying the index first:
    searches keep finding everything meanwhile, and readers' questions and editors' saves wait
    for one batch at most, not for the whole index (one transaction over a large archive held
    SQLite's write lock, or PostgreSQL's TRUNCATE lock, past gunicorn's timeout). Documents no
    longer Published are removed at the end."""
    engine = backend()
    count = 0
    for kind in installed_kinds():
        ids = list(kind.indexable().order_by("pk").values_list("pk", flat=True))
        for batch in batched(ids, batch_size, strict=False):
            # Documents are made outside the transaction (most of the time goes there), so
            # writers waiting for SQLite's lock get in between batches.
            read = {
                o.pk: (o.updated_at, kind.document(o))
                for o in kind.indexable().filter(pk__in=batch)
            }
            with transaction.atomic():
                # A piece saved, or given other topics, since it was read indexed its newer
                # state itself: keep that. Its save or topic change locks the piece's row
                # before the index row (index_object), so this waits for it to commit, then
                # sees it. (NO KEY: a topic's link checks the row again at commit.)
                now = (
                    kind.model.objects.filter(pk__in=read)
                    .select_for_update(no_key=True)
                    .only("pk", "updated_at")
                    .prefetch_related("topics")
                )
                saved = {o.pk: (o.updated_at, sorted(t.pk for t in o.topics.all())) for o in now}
                engine.upsert(
                    [doc for pk, (at, doc) in read.items() if saved.get(pk) == (at, doc.topic_ids)]
                )
        stale = sorted(set(indexed_ids(kind.name)) - set(ids))
        for batch in batched(stale, batch_size, strict=False):
            with transaction.atomic():
                # Published since `ids` was read: its own save indexed it.
                now = kind.indexable().filter(pk__in=batch).select_for_update(no_key=True)
                published = set(now.values_list("pk", flat=True))
                engine.remove(kind.name, [pk for pk in batch if pk not in published])
        count += len(ids)
    engine.optimize()
    return count


def indexed_ids(kind_name):
    # Both backends keep one row per indexed item in search_document (as sync.py relies on).
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_id FROM search_document WHERE kind = %s", [kind_name])
        return [row[0] for row in cursor.fetchall()]


def rebuild(batch_size=500):
    """Empty the index and fill it from every Published item, in bulk; returns the number
    indexed. For an index nobody reads yet (a new database, the search benchmark): on a live
    site use refresh()."""
    engine = backend()
    engine.clear()
    count = 0
    for kind in installed_kinds():
        documents = []
        for obj in kind.indexable().order_by("pk").iterator(chunk_size=batch_size):
            documents.append(kind.document(obj))
            if len(documents) >= batch_size:
                engine.bulk_insert(documents, first_id=count + 1)
                count += len(documents)
                documents = []
        engine.bulk_insert(documents, first_id=count + 1)
        count += len(documents)
    engine.optimize()
    return count
