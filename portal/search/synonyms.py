"""Everyday words readers type for the words explainers use: "cops" for "police", "4th" for
"fourth".

A word here is searched as itself or any of its alternatives, so a piece that uses the reader's
own word is still found. Every key is written the way query.words() gives it (lower case, no
accents); the backend stems the alternatives like any other word, so "police" also finds
"policing" and one form of each alternative is enough. An alternative of two words is a phrase.

Keep this list small and clear, like the Spanish one: an alternative must mean the same in a
civic explainer. Words with a second common meaning are left out ("march" is also a month,
"cell" also a jail cell, "fed" also "fed up", "house" also a legislature), and so are words an
office's name gives another meaning ("attorney general"). The explainers' own words mostly get no
alternatives: "police" already finds them, and widening "record" to "film" would rank pages
about police records among pages about filming the police. Numbers go both ways, since an
editor may write either form.
"""

ALTERNATIVES = {
    "cop": ("police",),
    "cops": ("police",),
    "attorney": ("lawyer",),
    "attorneys": ("lawyer",),
    "feds": ("federal",),
    "cellphone": ("phone",),
    "cellphones": ("phone",),
    "smartphone": ("phone",),
    "rally": ("protest",),
    "rallies": ("protest",),
    "demonstration": ("protest",),
    "demonstrations": ("protest",),
    "complain": ("complaint",),  # a different stem: "complain about a cop" found nothing
    "complained": ("complaint",),
    "complaining": ("complaint",),
    "287g": ("287 g",),  # a phrase: explainers write "287(g)", two words to the index
    # Not "record": its stem is also "records" (jail records, meeting records).
    "film": ("video",),
    "filming": ("video",),
    "filmed": ("video",),
}
_NUMBERS = {"1st": "first", "2nd": "second", "4th": "fourth", "5th": "fifth", "6th": "sixth"}
_NUMBERS |= {"8th": "eighth", "10th": "tenth", "13th": "thirteenth", "14th": "fourteenth"}
for _digits, _word in _NUMBERS.items():  # the amendments readers ask about
    ALTERNATIVES[_digits] = (_word,)
    ALTERNATIVES[_word] = (_digits,)


# Two words readers type for one: searched as the one ("cell" alone finds jail cells).
COMPOUNDS = {
    ("cell", "phone"): "cellphone",
    ("cell", "phones"): "cellphones",
    ("smart", "phone"): "smartphone",
}
# Names with a word of the map: "attorney general" is not any lawyer, nor is a power of
# attorney a lawyer's power.
OFFICES = {
    ("attorney", "general"),
    ("attorneys", "general"),
    ("district", "attorney"),
    ("district", "attorneys"),
    ("power", "of", "attorney"),
}

# For "Did you mean": words of the map are words we know ("laywer" -> "lawyer").
WORDS = frozenset(
    word
    for key, alternatives in ALTERNATIVES.items()
    for word in (key, *alternatives)
    if word.isalpha()
)


def forms(term):
    """The term and the words that may stand for it, the term first."""
    return (term, *ALTERNATIVES.get(term, ()))


def join_compounds(tokens):
    """`tokens` with each two-word compound as its one word: "cell phone" -> "cellphone"."""
    out = []
    for token in tokens:
        if out and (joined := COMPOUNDS.get((out[-1], token))):
            out[-1] = joined
        else:
            out.append(token)
    return out


def in_office_names(tokens):
    """The words of `tokens` that are part of one of those names, so searched as typed."""
    runs = [tuple(tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)]
    return {word for run in runs if run in OFFICES for word in run}
