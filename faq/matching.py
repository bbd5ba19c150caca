"""Find published FAQ entries and explainers that may already answer a reader's question
(deflection).

Uses the site search (portal.search) in its "similar question" mode: entries that share at
least two of the question's significant words (or its only one), ranked like search results,
so the question weighs more than the answer and "filming" finds "film".
"""

from portal import search


def similar_entries(text, limit=5):
    """Published entries sharing significant words with `text`, best first."""
    page = search.search(text, kind="faq", any_word=True, per_page=limit)
    return [result.object for result in page]


def similar_explainers(text, limit=3):
    """Published explainers sharing significant words with `text`, best first."""
    page = search.search(text, kind="article", any_word=True, per_page=limit)
    return [result.object for result in page]


def entries_answering(texts, limit=5, asked=5):
    """Published entries that may answer a moderator's selection of reader questions: those
    similar to most of the first `asked` questions first, then the better ranked.

    A story's copies of one question (the "like it" list) agree on the same entries; a mixed
    selection gets the entries of each question in turn rather than those of the first alone.
    """
    votes = {}  # entry -> (questions it is similar to, best rank)
    for text in texts[:asked]:
        for rank, entry in enumerate(similar_entries(text, limit=limit)):
            count, best = votes.get(entry, (0, rank))
            votes[entry] = (count + 1, min(best, rank))
    ordered = sorted(votes, key=lambda entry: (-votes[entry][0], votes[entry][1]))
    return ordered[:limit]
