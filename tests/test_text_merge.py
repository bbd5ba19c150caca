"""Two people's edits of one long text are combined when they changed different lines
(paragraphs, in Markdown), and clash otherwise: the rule behind saving an explainer's body
from a page opened before someone else's save (tests/test_edit_merging.py)."""

from portal.text_merge import merge_lines

OPENED = "## Who decides\n\nThe council.\n\n## When\n\nIn spring.\n\n## How to take part\n\nSpeak."


def edit(text, old, new):
    assert old in text
    return text.replace(old, new)


def test_changes_to_different_paragraphs_are_both_kept():
    mine = edit(OPENED, "The council.", "The city council, by vote.")
    theirs = edit(OPENED, "Speak.", "Sign up, then speak for two minutes.")
    assert merge_lines(OPENED, mine, theirs) == edit(
        mine, "Speak.", "Sign up, then speak for two minutes."
    )


def test_changes_to_the_same_paragraph_clash():
    mine = edit(OPENED, "In spring.", "In April.")
    theirs = edit(OPENED, "In spring.", "In March.")
    assert merge_lines(OPENED, mine, theirs) is None


def test_the_same_change_made_by_both_is_no_clash():
    both = edit(OPENED, "In spring.", "In April.")
    assert merge_lines(OPENED, both, both) == both


def test_changes_to_neighbouring_lines_clash():
    # No unchanged line between them: which order the lines go in is a guess.
    mine = edit(OPENED, "## When", "## When it happens")
    theirs = edit(OPENED, "## When\n\n", "## When\nYearly.\n")
    assert merge_lines(OPENED, mine, theirs) is None


def test_paragraphs_added_in_different_places_are_both_kept():
    mine = edit(OPENED, "The council.\n", "The council.\n\nThe mayor signs it.\n")
    theirs = OPENED + "\n\n## Sources\n\nThe city charter."
    assert merge_lines(OPENED, mine, theirs) == mine + "\n\n## Sources\n\nThe city charter."


def test_paragraphs_added_in_the_same_place_clash():
    assert merge_lines(OPENED, OPENED + "\n\nMine.", OPENED + "\n\nTheirs.") is None


def test_a_deleted_paragraph_and_an_edit_elsewhere_are_both_kept():
    mine = edit(OPENED, "## When\n\nIn spring.\n\n", "")
    theirs = edit(OPENED, "The council.", "The city council.")
    assert merge_lines(OPENED, mine, theirs) == edit(mine, "The council.", "The city council.")


def test_deleting_a_paragraph_the_other_edited_clashes():
    mine = edit(OPENED, "## When\n\nIn spring.\n\n", "")
    theirs = edit(OPENED, "In spring.", "In April.")
    assert merge_lines(OPENED, mine, theirs) is None
