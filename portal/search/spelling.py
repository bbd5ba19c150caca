""" "Did you mean …?" for a search that found nothing: "sanctury" -> "sanctuary".

Suggestions come from the words readers see in the titles and summaries of public pieces (and
topic names) and the words of the everyday and Spanish maps, written out in full, not the
index's stems: "sanctuari" is not a word to offer.
Each app process builds that word list once per content version (portal.cache), from the most
recent pieces only, so an archive of any size costs the same, and only a search that found
nothing asks for it.
"""

import difflib
import threading

from articles.models import Topic
from portal.cache import content_version

from . import spanish, synonyms
from .documents import installed_kinds
from .query import STOP_WORDS, Query, words

RECENT_PIECES = 5000  # of each kind: the words of what readers are reading now
MIN_WORD = 4  # shorter words have too many near neighbours to guess between
CLOSENESS = 0.8  # difflib's ratio: "sanctury"/"sanctuary" 0.94, "police"/"policy" 0.83

_lock = threading.Lock()
_vocabulary = {"version": None, "words": frozenset(), "by_letter": {}}


def _words_of_public_pieces():
    found = set(words(" ".join(Topic.objects.values_list("name", flat=True))))
    for kind in installed_kinds():
        fields = [kind.title_field] + ([kind.summary_field] if kind.summary_field else [])
        recent = kind.model.objects.published().order_by("-published_at")[:RECENT_PIECES]
        for row in recent.values_list(*fields):
            found.update(words(" ".join(row)))
    found |= synonyms.WORDS
    # Spanish words are searched as their English words too: "santuareo" -> "santuario".
    found |= {key for key in spanish.TO_ENGLISH if " " not in key}
    return {w for w in found if len(w) >= MIN_WORD and not w.isdigit() and w not in STOP_WORDS}


def vocabulary():
    """The words, and the same grouped by first letter (a misspelling rarely starts with the
    wrong one, and comparing with one letter's words keeps it quick)."""
    version = content_version()
    with _lock:
        if _vocabulary["version"] != version:
            known = _words_of_public_pieces()
            by_letter = {}
            for word in sorted(known):
                by_letter.setdefault(word[0], []).append(word)
            _vocabulary.update(version=version, words=frozenset(known), by_letter=by_letter)
        return _vocabulary["words"], _vocabulary["by_letter"]


def suggestion(query: Query):
    """The searched words with each unknown one replaced by the closest known word, or "" when
    none was replaced (or the cache that versions the word list is away)."""
    if query.phrases or not (searched := query.searched_words):
        return ""
    try:
        known, by_letter = vocabulary()
    except Exception:  # the shared cache is down: search still works, without suggestions
        return ""
    corrected = []
    for word in searched:
        # A Spanish word of the map is spelled right: it was searched as its English word too.
        if len(word) < MIN_WORD or word in known or word in query.translated:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, by_letter.get(word[0], []), 1, CLOSENESS)
        corrected.append(close[0] if close else word)
    return " ".join(corrected) if corrected != searched else ""
