"""Open reader questions that ask the same thing in other words.

When a story breaks, dozens of readers ask one question ("Is ICE at Lincoln Elementary?", "are
ice agents at lincoln school??"). The queue links each question to the open ones like it, so a
moderator can answer them together with one FAQ entry.

Two questions are alike when they arrived within a week of each other and share at least two
significant words (one, if either has only one) and at least half of the longer one's. Words are
compared as the search compares them: stop words left out, endings stemmed ("filming", "film"),
everyday words as the explainers' words ("cops", "police"), Spanish words as their English words
too. Reader questions are not in the search index (only published pieces are), so this runs in
Python, over the open questions near in time to those compared.
"""

from collections import Counter, defaultdict
from datetime import timedelta
from functools import lru_cache

import snowballstemmer

from portal.search.query import parse

from .models import SubmittedQuestion

# A story's wave of copies arrives within days: the open questions of a week either side are
# compared, the nearest in time first (at most this many on each side), so a backlog of months
# costs nothing and its oldest page, where the queue opens, still finds its copies.
WINDOW = timedelta(days=7)
COMPARED = 1000


# A queue page repeats them. Keyed by the words: a text a moderator edited is a new key (and
# that worker forgets the earlier ones, faq/admin_erasing.py).
@lru_cache(maxsize=20_000)
def meanings(text):
    """The significant words of `text`, each as the set of stems it may stand for."""
    query = parse(text, any_word=True)
    stemmer = snowballstemmer.stemmer("english")  # not shareable between threads
    found = []
    for term in query.terms:
        stems = frozenset(stemmer.stemWords(query.forms(term)))
        if not any(stems & seen for seen in found):  # "cops police" is one word of meaning
            found.append(stems)
    return tuple(found)


def _alike(shared, mine, theirs):
    return shared >= min(2, mine, theirs) and shared * 2 >= max(mine, theirs)


def alike_to(text):
    """Whether another text asks the same thing as `text`, by the words rule alone (no time
    window): for FAQ entries' questions, which have no arrival time to compare. `text` is
    read once, for the many it is compared with."""
    mine = meanings(text)

    def asks_the_same(other):
        theirs = meanings(other)
        if not mine or not theirs:
            return False
        their_stems = frozenset().union(*theirs)
        shared = sum(1 for stems in mine if stems & their_stems)
        return _alike(shared, len(mine), len(theirs))

    return asks_the_same


class OpenQuestions:
    """The open questions near in time to `questions` (a queue page's, or one), each indexed by
    its stems."""

    def __init__(self, questions):
        times = [question.created_at for question in questions]
        rows = []
        if times:
            first, last = min(times), max(times)
            near = self.compared().values_list("pk", "question", "created_at")
            rows = [
                *near.filter(created_at__range=(first, last)).order_by("created_at")[:COMPARED],
                *near.filter(created_at__gte=first - WINDOW, created_at__lt=first).order_by(
                    "-created_at"
                )[:COMPARED],
                *near.filter(created_at__gt=last, created_at__lte=last + WINDOW).order_by(
                    "created_at"
                )[:COMPARED],
            ]
        self.meanings = {pk: meanings(text) for pk, text, _ in rows}
        self.received = {pk: at for pk, _, at in rows}
        self.by_stem = defaultdict(set)
        for pk, words in self.meanings.items():
            for stems in words:
                for stem in stems:
                    self.by_stem[stem].add(pk)

    @staticmethod
    def compared():
        return SubmittedQuestion.objects.open()

    def like(self, question):
        """{id: words shared} of the open questions like `question` (not itself), most alike
        first."""
        mine = meanings(question.question)
        shared = Counter()
        for stems in mine:
            shared.update(set().union(*(self.by_stem.get(stem, ()) for stem in stems)))
        shared.pop(question.pk, None)
        # Within a week of this question, whatever the page's questions span: the count on the
        # queue's row and the list its link opens agree.
        return {
            pk: n
            for pk, n in shared.most_common()
            if abs(self.received[pk] - question.created_at) <= WINDOW
            and _alike(n, len(mine), len(self.meanings[pk]))
        }


class LinkedQuestions(OpenQuestions):
    """The questions already linked to an FAQ entry (answered by it, most often), near in time
    to `questions`: an answer started from one of a story's copies closes that copy, so the
    open questions alone never show that another moderator already began its answer."""

    @staticmethod
    def compared():
        return SubmittedQuestion.objects.filter(faq_entry__isnull=False)
