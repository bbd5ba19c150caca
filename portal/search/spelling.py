""" "Did you mean …?" for a search that found nothing: "sanctury" -> "sanctuary".

Suggestions come from the words readers see in the titles and summaries of public pieces (and
topic names) and the words of the everyday and Spanish maps, written out in full, not the
index's stems: "sanctuari" is not a word to offer. Each app process builds that word list once
per content version (portal.cache), and again when a scheduled piece goes live, from the most
recent pieces only, so an archive of any size
costs the same, and only a search that found nothing, or a Spanish one with words the map
doesn't know, asks for it. The words of the pieces in English also tell a Spanish search which
of its words an English page may hold ("ICE", "sheriff"), though the Spanish map doesn't know
them.
"""

import difflib
import threading
import time

from articles.models import Topic
from portal.cache import content_version_or_none, next_publish_from_db

from . import spanish, synonyms
from .documents import ENGLISH, installed_kinds
from .query import STOP_WORDS, Query, words

RECENT_PIECES = 5000  # of each kind: the words of what readers are reading now
MIN_WORD = 4  # shorter words have too many near neighbours to guess between
SHORT_WORD = 3  # but the last word typed in haste may miss a letter: "dor" -> "door"
CLOSENESS = 0.8  # difflib's ratio: "sanctury"/"sanctuary" 0.94, "police"/"policy" 0.83

_lock = threading.Lock()
_vocabulary = {
    "version": None,
    "words": frozenset(),
    "by_letter": {},
    "english": frozenset(),
    # A scheduled piece going live saves nothing, so the content version stays: the lists are
    # built again once its publish time has passed (0: nothing scheduled).
    "rebuild_at": 0.0,
}
# The Spanish map's one-word keys by first letter, to tell a misspelt one.
_SPANISH_BY_LETTER = {}
for _key in sorted(spanish.TO_ENGLISH):
    if " " not in _key:
        _SPANISH_BY_LETTER.setdefault(_key[0], []).append(_key)


def _words_of_public_pieces():
    """(every word of the public pieces' titles and summaries and of the topic names, those of
    the pieces written in English)."""
    english = set(words(" ".join(Topic.objects.values_list("name", flat=True))))
    other = set()
    for kind in installed_kinds():
        fields = [kind.title_field] + ([kind.summary_field] if kind.summary_field else [])
        language = [kind.language_field] if kind.language_field else []
        recent = kind.model.objects.published().order_by("-published_at", "-pk")[:RECENT_PIECES]
        for row in recent.values_list(*fields, *language):
            in_english = not language or row[-1] == ENGLISH
            (english if in_english else other).update(words(" ".join(row[: len(fields)])))
    return english | other, english


def vocabulary():
    """The words, and the same grouped by first letter (a misspelling rarely starts with the
    wrong one, and comparing with one letter's words keeps it quick)."""
    _refresh()
    return _vocabulary["words"], _vocabulary["by_letter"]


def english_words():
    """The words of the public pieces written in English and of the everyday words' map, of
    any length ("ICE"): words an English page holds, though no Spanish map has them."""
    _refresh()
    return _vocabulary["english"]


def _refresh():
    version = content_version_or_none()
    with _lock:
        built = bool(_vocabulary["by_letter"])
        if version is None and built:
            return  # the cache is down: the lists as last built, at worst a change behind
        scheduled_passed = 0 < _vocabulary["rebuild_at"] <= time.time()
        if _vocabulary["version"] != version or not built or scheduled_passed:
            found, english = _words_of_public_pieces()
            # The words the maps search for are words we know: "detaned" -> "detained".
            english |= synonyms.WORDS | set(spanish.TO_ENGLISH.values())
            found |= english
            # Spanish words are searched as their English words too: "santuareo" -> "santuario".
            found |= {key for key in spanish.TO_ENGLISH if " " not in key}
            known = {w for w in found if len(w) >= SHORT_WORD and not w.isdigit()}
            known -= STOP_WORDS
            by_letter = {}
            for word in sorted(known):
                if len(word) >= MIN_WORD:
                    by_letter.setdefault(word[0], []).append(word)
            english = frozenset(english - STOP_WORDS)
            _vocabulary.update(
                version=version,
                words=frozenset(known),
                by_letter=by_letter,
                english=english,
                rebuild_at=next_publish_from_db(),
            )


def misspelt_spanish(word):
    """Whether `word` is most likely a Spanish word of the map misspelt ("santurio", "permizo"),
    so "Did you mean" can offer the word rather than the page leave it out."""
    if len(word) < MIN_WORD or word in spanish.TO_ENGLISH:
        return False
    return bool(difflib.get_close_matches(word, _SPANISH_BY_LETTER.get(word[0], []), 1, CLOSENESS))


# Letters written so only in English ("detention"): not in a misspelt Spanish word.
ENGLISH_LETTERS = ("tion", "th", "ph", "sh", "w")


def _short_typo(word, candidate):
    """Whether `candidate` is `word` of three letters with one letter more inside it ("dor",
    "door"; "jal", "jail"): not at its end, where it makes another word ("car", "card") or a
    plural ("gun", "guns"). Short words without a vowel are abbreviations (TPS, DHS, CBP)."""
    return (
        len(candidate) == len(word) + 1
        and candidate[-1] == word[-1]
        and not set(word).isdisjoint("aeiouy")
    )


def _closest(word, query, by_letter, english, beside_english):
    """The known word nearest `word`, or `word`; `beside_english`: another word of the search
    is an English word of the site."""
    close = difflib.get_close_matches(word, by_letter.get(word[0], []), 5, CLOSENESS)
    if len(word) < MIN_WORD:
        close = [c for c in close if _short_typo(word, c)]
    if not query.in_spanish:
        # An English search gets English words: a Spanish one ("santuareo" -> "santuario")
        # only when no English word is near, none is beside it ("cellular phone" is not
        # "celular") and the word is not spelled as English ("detention", not "detencion").
        in_english = [c for c in close if c in english]
        spanish_too = not beside_english and not any(part in word for part in ENGLISH_LETTERS)
        close = in_english or (close if spanish_too else [])
    return close[0] if close else word


def suggestion(query: Query):
    """The searched words with each unknown one replaced by the closest known word, or "" when
    none was replaced."""
    if query.phrases or not (searched := query.searched_words):
        return ""
    known, by_letter = vocabulary()
    english = english_words()
    beside_english = any(w in english for w in searched)
    corrected = []
    for i, word in enumerate(searched):
        shortest = SHORT_WORD if i == len(searched) - 1 and word.isalpha() else MIN_WORD
        # A Spanish word of the map is spelled right: it was searched as its English word too.
        if len(word) < shortest or word in known or word in query.translated:
            corrected.append(word)
            continue
        corrected.append(_closest(word, query, by_letter, english, beside_english))
    return " ".join(corrected) if corrected != searched else ""
