"""Turn what a reader typed into a small, safe query plan that both backends render.

Reader input is never query syntax (FTS5 reads `"`, AND, NEAR( or * as operators and fails on
unbalanced ones): we keep only runs of letters and digits, so `"`, AND/OR/NOT, NEAR(, *, -,
parentheses, emoji and NUL bytes are plain text or nothing. Double quotes around words make a
phrase; the last word outside quotes may be the beginning of a word. Each backend quotes the
terms in its own syntax.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from itertools import combinations

from . import spanish, synonyms

MAX_QUERY_CHARS = 300  # longer input is cut, so 10 KB of text costs no more than a sentence
MAX_TERMS = 12
MAX_ANY_TERMS = 8  # "at least two of" becomes pairs: 8 words, 28 pairs
MAX_TERM_CHARS = 64  # PostgreSQL refuses lexemes past 2 KB; real words are far shorter

_WORD = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')

# PostgreSQL's English stop words, so both backends ignore the same filler words.
ENGLISH_STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own s same she should so some such t than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)
# Contractions typed without the apostrophe ("cant", "dont"), so they are as empty as "can't".
CONTRACTIONS = frozenset(
    """arent cant couldnt didnt doesnt dont hadnt hasnt havent im isnt ive mustnt shouldnt
    theyll theyre theyve wasnt werent weve wont wouldnt youll youre youve
    whats thats hows whos wheres theres heres whens whys hes shes""".split()
)
# Typed on phones for filler words: "can cops take ur phone", "warrant vs detainer". Not "u":
# the "U visa" is one of the subjects.
TEXTING = frozenset("ur pls plz vs versus".split())
# Said to us, not searched for: "please help urgent agents at my door asap" listed pages with
# "please" and "urgent" first. Not "help", "know" or "right": "Know your rights".
FILLER = frozenset("please urgent urgently asap hurry".split())
STOP_WORDS = ENGLISH_STOP_WORDS | CONTRACTIONS | TEXTING | FILLER | spanish.STOP_WORDS

# "can't" is split at the apostrophe into "can" + "t", as the index splits it; but some halves
# are not stop words ("isn"), and some are words of their own ("won", "haven"). So a contraction
# whose apostrophe-less form is a stop word is dropped whole before the text is split.
_CONTRACTION = re.compile(r"\b([a-z]+)['’ʼ](t|m|re|ve|ll|d)\b")


def fold(text):
    """Lower case without accents: 'José' -> 'jose'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text):
    """Lower-cased, accent-free runs of letters and digits; absurdly long ones dropped."""
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_TERM_CHARS]


def _without_contractions(text):
    def drop(match):
        return " " if match[1] + match[2] in STOP_WORDS else match[0]

    return _CONTRACTION.sub(drop, fold(text))


def _words_with_english(text):
    """(word, the Spanish map's English word for it or "") for each word typed."""
    return spanish.with_english(synonyms.join_compounds(words(_without_contractions(text))))


def _significant(text):
    """(words to search for, with their English words or "", {Spanish word: English word},
    whether it reads as Spanish)."""
    pairs = _words_with_english(text)
    in_spanish = any(english or w in spanish.STOP_WORDS for w, english in pairs)
    in_spanish = in_spanish or spanish.looks_spanish(text, [w for w, _ in pairs])
    stop = STOP_WORDS | spanish.ALSO_ENGLISH | spanish.ENGLISH_TOO if in_spanish else STOP_WORDS
    kept = [(w, english) for w, english in pairs if english or w not in stop]
    return kept, {w: english for w, english in kept if english}, in_spanish


# English common words that are Spanish common words too ("me paró", "a mi hijo", "no sé", "he
# visto"): they say nothing about which language a question is in.
BOTH_LANGUAGES = frozenset("a he me no".split())


def _language_counts(text):
    """(words typed, Spanish words we know among them: in the map or Spanish common words,
    English common words among them, less those common in both)."""
    pairs = _words_with_english(text)
    common = spanish.STOP_WORDS | spanish.ALSO_ENGLISH
    known = sum(1 for w, english_word in pairs if english_word or w in common)
    english_only = ENGLISH_STOP_WORDS - BOTH_LANGUAGES
    english = sum(1 for w, english_word in pairs if not english_word and w in english_only)
    return len(pairs), known, english


def mostly_spanish(text):
    """Whether at least half the words typed are Spanish we know, so the page may mark the
    query lang="es" where it repeats it. One Spanish common word ("de facto sanctuary policy")
    makes the search drop Spanish function words, but the query is still English and a screen
    reader should say it in English."""
    typed, known, _ = _language_counts(text)
    return bool(typed) and known * 2 >= typed


def written_in_spanish(text):
    """Whether a reader's question reads as Spanish: at least two Spanish words we know and more
    of them than English common words. Unlike a search, a question in prose has many words the
    map doesn't know ("¿Cómo saco una licencia de manejo sin papeles?" has three of eight), so
    "at least half" would miss most of them."""
    _, known, english = _language_counts(text)
    return known >= 2 and known > english


@dataclass
class Query:
    """AND of `terms`, `phrases` and `prefix`, the last word typed.

    The last word first matches as a whole word (so "police" doesn't find "policy"); when that
    finds nothing, search() asks again with `expand_prefix`, where it may be a word's beginning.
    """

    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    prefix: str = ""
    any_word: bool = False  # at least two of the terms (or the only one): "similar questions"
    expand_prefix: bool = False
    # Spanish words typed (or phrases) -> the English word from the Spanish map, searched too
    translated: dict[str, str] = field(default_factory=dict)
    in_spanish: bool = False  # Spanish words were typed: the last one is a whole word
    common_only: bool = False  # words were typed, all too common to search for ("what is")
    untranslated: list[str] = field(default_factory=list)  # left out by only_english()
    misspelt: list[str] = field(default_factory=list)  # left out too, near a word of the map
    exact: set[str] = field(default_factory=set)  # quoted, "attorney general", "house bill"

    def __bool__(self):
        return bool(self.terms or self.phrases or self.prefix)

    @property
    def prefix_stems(self):
        """Shorter forms of the prefix that may be how the stemmer stored the word.

        Stemmers cut endings, so 'immigra' (the start of 'immigration') never prefixes the stored
        stem 'immigr'. Matching a few of the prefix's own beginnings exactly covers that.

        Not in a Spanish query: there the last word is a whole Spanish word, not an English one
        being typed, and cutting it back finds a different English word ("policía" -> "polici",
        the stem of "policy"). Words of the Spanish map never get here: they are terms.
        """
        p = self.prefix if self.expand_prefix and not self.in_spanish else ""
        cuts = [p[:k] for k in range(max(4, len(p) - 3), len(p))]
        # Not a cut the stemmer cuts again: "lawe" (from "lawer") would be "law", every page.
        return [cut for cut in cuts if not cut.endswith(("e", "s"))]

    @property
    def english_first(self):
        """Whether pages in English come before the others in each tier of results: in a
        search not read as Spanish, a Spanish entry came first ("ICE"), before the English one
        with the same answer. (A Spanish search's pages holding its own Spanish words come
        first on PostgreSQL instead: postgres.own_words_text.)"""
        return not self.in_spanish

    @property
    def typed_words(self):
        """The single words searched: the terms and the last word typed."""
        return self.terms + [self.prefix] if self.prefix else self.terms

    def only_english(self, keep=frozenset(), misspelt=frozenset()):
        """This Spanish query with only the words an English page may hold: those the map has
        an English word for, and those in `keep` (English words the site uses, such as "ICE").
        The others are most likely Spanish words it doesn't know ("tocar"), which no English
        explainer holds; they are listed in `untranslated`, or in `misspelt` if they are in
        `misspelt` (near a word of the map: "santurio", but also "votaron", a form it lacks).
        None when no word would be left out."""
        if not self.in_spanish:
            return None
        typed = self.typed_words
        left_out = [t for t in typed if t not in self.translated and t not in keep]
        if not left_out:
            return None
        kept = [t for t in typed if t not in left_out]  # whole words, even the last one
        if not kept:
            return None  # nothing an English page holds: no search to make
        return replace(
            self,
            terms=kept,
            prefix="",
            untranslated=[t for t in left_out if t not in misspelt],
            misspelt=[t for t in left_out if t in misspelt],
        )

    @property
    def searched_words(self):
        """What is searched for, as the reader may read it back."""
        shown = self.terms + [" ".join(phrase) for phrase in self.phrases]
        return shown + [self.prefix] if self.prefix else shown

    @property
    def english_words(self):
        """The English words searched as well as the Spanish ones typed, for the page to say."""
        return list(dict.fromkeys(self.translated[t] for t in self.terms if t in self.translated))

    def forms(self, term):
        """The term and the words that may stand for it, unless it is to be searched as typed:
        a Spanish word's English word and that word's alternatives, or the term's own
        alternatives (synonyms.py). Spanish words are searched as typed too, with the map's
        other words of that English word ("detenida": "detenido"), so a Spanish FAQ entry is
        found by them."""
        if term in self.exact:
            return (term,)
        if english := self.translated.get(term):
            spanish_words = spanish.SAME_MEANING.get(english, ())
            return tuple(dict.fromkeys((term, *spanish_words, *synonyms.forms(english))))
        return synonyms.forms(term)

    def groups(self):
        """What must match, as alternatives of words that must all appear."""
        if not self.any_word or len(self.terms) < 2:
            return [self.terms]

        # Two words of one meaning ("cops police", "attorneys lawyers") are not two of the
        # reader's words.
        def meaning(term):
            return {form.removesuffix("s") for form in self.forms(term)}

        pairs = [
            [a, b]
            for a, b in combinations(self.terms[:MAX_ANY_TERMS], 2)
            if not meaning(a) & meaning(b)
        ]
        return pairs or [self.terms[:1]]


def parse(text, any_word=False):
    """A Query from what the reader typed (`any_word`: a question for "similar questions")."""
    text = (text or "").replace("\x00", " ")[:MAX_QUERY_CHARS]
    query = Query(any_word=any_word)
    if any_word:  # a question in prose: quotes are just punctuation
        query.exact = synonyms.as_typed(words(text))
        kept, query.translated, query.in_spanish = _significant(text)
        query.terms = list(dict.fromkeys(w for w, _ in kept))[:MAX_TERMS]
        query.common_only = not query and bool(words(text))
        return query
    for phrase in _PHRASE.findall(text):
        tokens = words(phrase)
        if len(tokens) == 1:
            query.terms.extend(t for t in tokens if t not in STOP_WORDS)
            query.exact.update(tokens)  # "cops" in quotes is just that word
        elif tokens:
            query.phrases.append(tokens)
    outside = _PHRASE.sub(" ", text)
    query.exact |= synonyms.as_typed(words(outside))
    ends_in_phrase = text.rstrip().endswith('"') and text.count('"') % 2 == 0
    kept, query.translated, query.in_spanish = _significant(outside)
    # A word of the Spanish map is a whole word, never the beginning of one; nor is a word
    # with alternatives ("cops"): it was typed in full.
    if kept and not ends_in_phrase and not kept[-1][1] and kept[-1][0] not in synonyms.ALTERNATIVES:
        query.prefix = kept.pop()[0]
    tokens = [w for w, _ in kept]
    seen = set()
    query.terms = [t for t in query.terms + tokens if not (t in seen or seen.add(t))]
    budget = MAX_TERMS - (1 if query.prefix else 0)
    query.phrases = query.phrases[:budget]
    query.terms = query.terms[: max(0, budget - len(query.phrases))]
    query.common_only = not query and bool(words(text))
    return query
