"""Combining two people's edits of one long text, line by line, as a three-way merge does.

In Markdown a paragraph is usually one line, so two editors who changed different paragraphs
of an explainer both keep their change. Changes that touch the same or neighbouring lines
are a clash, unless they are the same change.
"""

from difflib import SequenceMatcher
from typing import NamedTuple


class Change(NamedTuple):
    start: int  # the changed lines of the opened text: lines[start:end]
    end: int
    lines: list  # what they became
    side: str


def changes(opened, edited, side):
    matcher = SequenceMatcher(None, opened, edited, autojunk=False)
    return [
        Change(i1, i2, edited[j1:j2], side)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def apply(opened, start, end, group, side):
    """Lines opened[start:end] with `side`'s changes in `group` applied."""
    result, at = [], start
    for change in group:
        if change.side == side:
            result += opened[at : change.start] + change.lines
            at = change.end
    return result + opened[at:end]


def merge_lines(opened, mine, theirs):
    """The text with both sets of changes to `opened`, or None when they clash."""
    base = opened.split("\n")
    every = sorted(
        changes(base, mine.split("\n"), "mine") + changes(base, theirs.split("\n"), "theirs"),
        key=lambda change: (change.start, change.end),
    )
    merged, at, i = [], 0, 0
    while i < len(every):
        # Changes that overlap or touch form one group; a line nobody changed separates groups.
        group, end = [every[i]], every[i].end
        i += 1
        while i < len(every) and every[i].start <= end:
            group.append(every[i])
            end = max(end, every[i].end)
            i += 1
        start = group[0].start
        ours = apply(base, start, end, group, "mine")
        if {change.side for change in group} == {"mine", "theirs"}:
            if ours != apply(base, start, end, group, "theirs"):
                return None
        elif group[0].side == "theirs":
            ours = apply(base, start, end, group, "theirs")
        merged += base[at:start] + ours
        at = end
    return "\n".join(merged + base[at:])
