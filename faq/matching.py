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
