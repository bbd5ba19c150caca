"""Find published FAQ entries that may already answer a reader's question (deflection).

Deliberately simple for now: significant words matched against the question (worth more) and
the answer. The search work replaces the body with full-text ranking; keep the signature.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from .models import FaqEntry

MAX_WORDS = 10
STOP_WORDS = frozenset(
    """about above after again against also because been before being below between both
    could does doing down during each from further have having here hers herself himself
    into itself just more most myself only other ours ourselves over same should some such
    than that their theirs them themselves then there these they this those through under
    until very want what when where which while whom will with would your yours yourself
    yourselves anyone someone something know tell please thank thanks question""".split()
)
SUFFIXES = ("ing", "ed", "es", "s")


def significant_words(text):
    words = []
    for word in re.findall(r"[^\W\d_]{4,}", (text or "").casefold()):
        if word in STOP_WORDS:
            continue
        for suffix in SUFFIXES:  # crude stemming: "detainers" also finds "detainer"
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def similar_entries(text, limit=5):
    """Published entries sharing significant words with `text`, best first."""
    words = significant_words(text)
    if not words:
        return []
    score = sum(
        (
            Case(
                When(question__icontains=word, then=Value(3)),
                When(answer__icontains=word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in words
        ),
        start=Value(0),
    )
    any_word = Q()
    for word in words:
        any_word |= Q(question__icontains=word) | Q(answer__icontains=word)
    # One shared word is a coincidence; ask for a question-word match or several answer words.
    threshold = 3 if len(words) > 1 else 1
    return list(
        FaqEntry.objects.published()
        .filter(any_word)
        .annotate(match_score=score)
        .filter(match_score__gte=threshold)
        .only("question", "slug", "answer_html")
        .order_by("-match_score", "order", "question")[:limit]
    )
