"""Everyday words readers type for the words explainers use: "cops" for "police", "4th" for
"fourth".

A word here is searched as itself or any of its alternatives, so a piece that uses the reader's
own word is still found. Every key is written the way query.words() gives it (lower case, no
accents); the backend stems the alternatives like any other word, so "police" also finds
"policing" and one form of each alternative is enough. An alternative of two words is a phrase.

Keep this list small and clear, like the Spanish one: an alternative must mean the same in a
civic explainer. Words with a second common meaning are left out ("march" is also a month,
"cell" also a jail cell, "fed" also "fed up"), and so are words an office's name gives another
meaning ("attorney general"); "house" is a home only in "my house" or "the house" (IN_CONTEXT).
The explainers' own words mostly get no alternatives: "police" already finds them, and widening
"record" to "film" would rank pages about police records among pages about filming the police.
Numbers go both ways, since an editor may write either form.
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
    # The agency readers name; the explainers mostly say what it does. Not "immigration" alone:
    # an immigration court or status is not ICE.
    "ice": ("immigration agent", "immigration officer", "immigration enforcement"),
    "kid": ("child", "children"),  # two stems: "children" is not stemmed to "child"
    "kids": ("child", "children"),
    # Only in a reader's own house (IN_CONTEXT): not "House of Representatives", "house bill".
    "house": ("home",),
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

# Words with a second meaning, searched with their alternatives only after one of the first
# words ("my house", "the house") and not before one of the second ("the House of
# Representatives").
IN_CONTEXT = {"house": (frozenset("my your our his her their the a".split()), frozenset({"of"}))}

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


def as_typed(tokens):
    """The words of `tokens` to search as typed: part of one of those names, or a word of
    IN_CONTEXT without the words around it that give it the map's meaning."""
    runs = [tuple(tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)]
    exact = {word for run in runs if run in OFFICES for word in run}
    for i, token in enumerate(tokens):
        if context := IN_CONTEXT.get(token):
            before, not_after = context
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if i == 0 or tokens[i - 1] not in before or after in not_after:
                exact.add(token)
    return exact
