"""Lines of Markdown as editors type and paste them, made into what python-markdown reads
(preprocessors of PortalExtension, portal/markdown_syntax.py): a list or table right under its
lead-in line, sub-items indented by 2 or 3 spaces, and lists as word processors paste them."""

import re

import markdown
from markdown.preprocessors import Preprocessor


class ListAfterText(Preprocessor):
    """A list may start right under its lead-in line, as editors type it ("Officers should
    not:" then "- ask about status"), as in CommonMark. Python-markdown wants a blank line
    first and printed the list as one paragraph with its hyphens. Only a bullet or "1." starts
    one there (CommonMark's rule): a line that begins "2019." in wrapped text is still text.
    Runs once fenced code and raw HTML are set aside (placeholder lines), so it never touches
    them; nor after a block that is a list, quote, table, heading or a placeholder."""

    ITEM = re.compile(r" {0,3}(?:[-*+]|1\.)[ \t]+\S")
    ANY_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}\.)[ \t]+\S")
    NOT_TEXT = re.compile(rf" {{0,3}}[>|<#{markdown.util.STX}]|(?: {{4}}|\t)")

    def run(self, lines):
        out, text, previous = [], None, None
        for index, line in enumerate(lines):
            if not line.strip():
                text = None
            else:
                # Not under a table's header row ("Name | Role" over "- | -").
                if text and "|" not in previous and self.starts(lines, index):
                    out.append("")
                    text = None
                text, previous = self.still_text(text, line), line
            out.append(line)
        return out

    def starts(self, lines, index):
        return self.ITEM.match(lines[index])

    @classmethod
    def still_text(cls, text, line):
        """Whether a block is still text with `line` added: not a list, quote, table, heading,
        code or placeholder. `text` is None at the block's start. Kept up line by line: asked
        afresh of the whole block, a long paragraph took a minute."""
        if text is None:
            text = not cls.NOT_TEXT.match(line)
        return text and not cls.ANY_ITEM.match(line)


class TableAfterText(ListAfterText):
    """A table may start right under its lead-in line too, as in GitHub's Markdown ("Some
    records are kept back:" over "| Reason | Law |"): it showed as lines of raw pipes. A table
    starts at a row with a pipe over a delimiter row with one ("| --- | :-: |")."""

    DELIMITER_ROW = re.compile(r" {0,3}(?=.*\|)\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *")

    def starts(self, lines, index):
        below = lines[index + 1] if index + 1 < len(lines) else ""
        return "|" in lines[index] and self.DELIMITER_ROW.fullmatch(below)


class NestedItems(Preprocessor):
    """A sub-item indented by 2 or 3 spaces nests, as on GitHub and in most editors:
    python-markdown nests only one indented by 4, and made it its parent's sibling without a
    word. An item indented 2 or more spaces past the item above it is that item's child, and
    gets python-markdown's 4 spaces a level; a paragraph or code after a blank line moves with
    the item it is indented under. A list indented by 4s is left exactly as it was, and so is
    anything not under a list item (code indented by 4)."""

    ITEM = re.compile(r" *(?:[-*+]|\d{1,9}\.) +\S")

    def run(self, lines):
        out, items, blank = [], [], True  # items: (indent typed, indent given) of open items
        for line in lines:
            indent = len(line) - len(line.lstrip(" "))
            # 8 past the item above it, python-markdown reads it as code (and so does this).
            item = self.ITEM.match(line) and indent < (items[-1][0] + 8 if items else 4)
            if line.strip() and (item or blank):
                # It closes the items it isn't indented under.
                while items and indent < items[-1][0] + 2:
                    items.pop()
                if item:
                    items.append((indent, items[-1][1] + 4 if items else indent))
                    line = " " * items[-1][1] + line.lstrip(" ")
                elif items and items[-1][0] != items[-1][1]:
                    line = " " * self.under(indent, *items[-1]) + line.lstrip(" ")
            blank = not line.strip()
            out.append(line)
        return out

    @staticmethod
    def under(indent, typed, given):
        """The indent of a block indented `indent` under an item moved from `typed` to `given`:
        its text 2 past the item's (4 in python-markdown), and code 4 past that."""
        return given + 4 + (4 if indent >= typed + 6 else 0)


class PastedLists(Preprocessor):
    """Lists as word processors paste them, which ran into one paragraph: bullets "•", "·",
    "◦", "▪" (Word's and Google Docs'), Word's "o" sub-bullet (a tab after it), "1)" numbers,
    and "-" with a no-break space after it (autocorrect's) become Markdown's "- " and "1."
    items. Pasting loses the indents, so an unindented bullet's level is the order its character
    first appeared in the list (Word's are •, o, ▪). A list starts where a typed one would
    (ListAfterText): under text, only a bullet or "1)"; so "It passed in\n2019) …" is text."""

    BULLET = re.compile(r"( *)([•·◦▪●○■])[ \u00a0]+(?=\S)")
    # Tabs are spaces by now (tab_length 4): "o\t" reaches a tab stop, "o bien" doesn't.
    SUB_BULLET = re.compile(r"( *)(o)( +)(?=\S)")
    NUMBER = re.compile(r" {0,3}(\d{1,9})(\))[ \u00a0]+\S")
    # Anchored: searched anywhere, a long run of spaces took seconds (each start tried anew).
    NBSP_ITEM = re.compile(r"^( *(?:[-*+]|\d{1,9}\.))\u00a0+(?=\S)")

    def run(self, lines):
        out, bullets, numbered = [], None, False
        text = previous = None  # as in ListAfterText
        for line in lines:
            if not line.strip():
                text, numbered = None, False
                out.append(line)
                continue
            starts_list = text is None or text and "|" not in previous
            if bullet := self.bullet(line, bullets is not None, starts_list):
                indent, mark, rest = bullet
                bullets = bullets or []
                if not indent:
                    if mark not in bullets:
                        bullets.append(mark)
                    indent = "    " * bullets.index(mark)
                line = f"{indent}- {rest}"
            elif text is None:
                bullets = None
            number = self.NUMBER.match(line)
            if number and (numbered or text is None or number[1] == "1" and starts_list):
                line = f"{line[: number.start(2)]}.{line[number.end(2) :]}"
                numbered = True
            line = self.NBSP_ITEM.sub(r"\1 ", line, count=1)
            text, previous = ListAfterText.still_text(text, line), line
            out.append(line)
        return out

    def bullet(self, line, in_list, starts_list):
        """(indent, bullet, text) of a pasted bullet item: in a pasted list, or where a list may
        start (not indented as code); an "o" only in a pasted list."""
        match = self.BULLET.match(line)
        if in_list and not match:
            sub = self.SUB_BULLET.match(line)
            match = sub if sub and (len(sub[1]) + 1 + len(sub[3])) % 4 == 0 else None
        if match and (in_list or starts_list and len(match[1]) < 4):
            return match[1], match[2], line[match.end() :]
        return None
