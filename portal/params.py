"""Reading values from a query string or form before they reach the database or a page.

A slug parameter that can't be a slug (a NUL byte, which PostgreSQL rejects with an error, or a
page of text) is treated as absent rather than looked up.
"""

import re

SLUG = re.compile(r"[-\w]{1,200}")
# Control characters: never typed by a reader, and shown raw they can garble a heading.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters text pasted from PDFs, web pages and word processors carries inside
# words (soft hyphen, zero-width space, word joiner, byte-order mark): search found neither
# half of "sepa\u200brately" as "separately". Not the joiners some scripts need (U+200C/D), nor
# the direction marks right-to-left text needs.
INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u2060\ufeff]")
# Direction embeddings, overrides and isolates: invisible, they turn the rest of a line around,
# so what a moderator or reader sees ("…without a warrant?") isn't what is stored, and one left
# open reverses the words after it (a message, an email's line). Right-to-left text needs only
# the direction marks (U+200E/F, U+061C), which stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def slug_param(params, name):
    """The slug in params[name], or None when missing or malformed."""
    value = params.get(name, "")
    return value if SLUG.fullmatch(value) else None


def without_control_chars(text):
    """Text without control characters (tabs and line breaks stay), invisible ones or direction
    controls. XML (the feeds) can't carry control characters at all, and a page shows them as
    boxes; Word's line break (\x0b) becomes a space."""
    text = BIDI_CONTROLS.sub("", INVISIBLE_CHARS.sub("", text))
    return CONTROL_CHARS.sub("", text.replace("\x0b", " ").replace("\x0c", " "))


def text_param(params, name, max_chars):
    """The text in params[name], without control characters, trimmed to max_chars."""
    return without_control_chars(params.get(name, ""))[:max_chars].strip()
