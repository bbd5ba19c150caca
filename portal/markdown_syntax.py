"""The portal's python-markdown extension (PortalExtension): the syntax editors type beyond
python-markdown's own (lists and tables as word processors paste them and sub-items indented by
2, in portal/markdown_typed.py; bare addresses), and what it does to the tree before sanitizing
(one h1, tables that scroll, images sized and captioned, footnotes without ids, notes for the
preview). portal/markdown.py renders and sanitizes with it."""

import re
import string
import xml.etree.ElementTree as etree

import markdown
from django.utils.translation import gettext
from markdown.blockprocessors import SetextHeaderProcessor
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .markdown_images import ImageCaptions, ImageSize
from .markdown_typed import ListAfterText, NestedItems, PastedLists, TableAfterText
from .search.query import words

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}  # a body's: the page title is its one h1
# The box each table scrolls in (TableScroll below), and the only values role and tabindex may
# take on any element: the box's.
TABLE_BOX = {"class": "table-scroll", "role": "region", "tabindex": "0"}
# Raw HTML that python-markdown holds aside while it builds the tree, as STX…ETX placeholders.
STASHED = re.compile(f"{markdown.util.STX}[^{markdown.util.ETX}]*{markdown.util.ETX}")


class DemoteH1(Treeprocessor):
    """The page title is the only h1. A body that opens with its one h1 repeating the piece's
    title (md.piece_title), as a document pasted whole does, leaves that line out: readers see
    the title already. Kept, it showed the title twice and made every section its subsection,
    which also hid the table of contents. Compared with the title, so no other opening line
    ("#MeToo began in 2006", an answer's "# No.") is ever lost. Where the title isn't known (the
    preview), such an opening line is named (md.title_line) for a note.

    Otherwise any h1 ("# ", "#Title", "===") becomes h2. A body whose first heading is an h1 is
    written from "# " parts: every heading moves down a level with them, so "# Part" over
    "## Section" keeps its outline. A stray h1 further down ("#hashtag" at a line's start, a
    quoted statute's heading) is only demoted."""

    def run(self, root):
        h1s = list(root.iter("h1"))
        if len(h1s) == 1 and len(root) and root[0] is h1s[0]:
            line = STASHED.sub("", "".join(h1s[0].itertext())).strip()
            title = self.md.piece_title
            if title is None:
                self.md.title_line = line
            elif words(line) == words(title):  # whatever the case, accents or punctuation
                root.remove(h1s[0])
                return
        first = next((e for e in root if e.tag in {"h1", *HEADINGS}), None)
        if first is not None and first.tag == "h1":
            for heading in [e for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5"}]:
                heading.tag = f"h{int(heading.tag[1]) + 1}"
        for heading in root.iter("h1"):
            heading.tag = "h2"


class TableScroll(Treeprocessor):
    """Each table in a box that scrolls sideways on a phone. The box can take the focus, so
    keyboard users can scroll it too, and is named after the table's columns, so a page's
    tables can be told apart. The first cell of each row is the row's header: moving along a
    row, a screen reader says which row ("Who signs it?") as well as which column."""

    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(parent):
                if child.tag == "table":
                    box = etree.Element("div", {**TABLE_BOX, "aria-label": table_name(child)})
                    mark_headers(child)  # after naming: the name lists the columns alone
                    box.tail, child.tail = child.tail, "\n"
                    box.append(child)
                    parent[index] = box


def mark_headers(table):
    for cell in table.iter("th"):
        cell.set("scope", "col")
    for body in table.iter("tbody"):
        for row in body.iter("tr"):
            first = row[0] if len(row) > 1 else None
            if first is not None and first.tag == "td" and "".join(first.itertext()).strip():
                first.tag = "th"
                first.set("scope", "row")


def table_name(table):
    columns = [
        " ".join(STASHED.sub("", "".join(cell.itertext())).split()) for cell in table.iter("th")
    ]
    columns = [column for column in columns if column]
    if not columns:
        return gettext("Table")
    return gettext("Table: %(columns)s") % {"columns": ", ".join(columns)}


class PlainFootnotes(Treeprocessor):
    """Without ids (FAQ answers, which can appear several times on one page; the preview), the
    notes are a plain numbered list under the text and each marker a plain "[1]": a link to
    "#fn:1" would lead nowhere. Runs after the footnotes extension's own (50, 15)."""

    LINKS = {"footnote-ref", "footnote-backref"}

    def is_note_link(self, element):
        # The extension's own links only: raw HTML may use the class on other text.
        href = element.get("href") or ""
        return element.tag == "a" and element.get("class") in self.LINKS and href.startswith("#fn")

    def run(self, root):
        for parent in list(root.iter()):
            for link in [child for child in parent if self.is_note_link(child)]:
                if link.get("class") == "footnote-ref":
                    parent.text = (parent.text or "") + (link.text or "")
                parent.remove(link)
            if parent.tag == "sup" or parent.tag == "li" and parent.get("id"):
                parent.attrib.pop("id", None)
            # The no-break space before a note's (removed) link back.
            parent.text = parent.text and parent.text.replace(NBSP_PLACEHOLDER, "")
            parent.tail = parent.tail and parent.tail.replace(NBSP_PLACEHOLDER, "")


def trimmed(url, trailing):
    """`url` without the punctuation that ends a sentence after it, nor closing brackets it
    didn't open; in one pass (trimmed a character at a time, a run of ")" took seconds)."""
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in trailing or url[end - 1] == ")" and opened < closed):
        closed -= url[end - 1] == ")"
        end -= 1
    return url[:end]


class FootnoteIds(Treeprocessor):
    """A note labelled with a space ("[^my note]") got the id "fn:my note": no HTML id holds a
    space, so the sanitizer dropped it, and its links led nowhere (and failed the form). The
    spaces become "-", in the ids and in the links to them."""

    def run(self, root):
        for element in root.iter():
            for attribute, prefix in (("id", "fn"), ("href", "#fn")):
                value = element.get(attribute) or ""
                if value.startswith(prefix) and re.search(r"\s", value):
                    element.set(attribute, re.sub(r"\s+", "-", value))


class LetteredBacklinks(Treeprocessor):
    """A note the text refers to twice ended in two links back side by side, "↩︎↩︎", both
    titled "Jump back to footnote 1 in the text": which led where? Each now carries a letter,
    a, b, c in the text's order, as encyclopedias mark them. Runs after FootnoteIds (13)."""

    def run(self, root):
        for note in root.iter("li"):
            links = [
                link
                for link in note.iter("a")
                if link.get("class") == "footnote-backref"
                and (link.get("href") or "").startswith("#fnref")
            ]
            if len(links) < 2:
                continue
            for letter, link in zip(string.ascii_lowercase, links, strict=False):  # past z: none
                etree.SubElement(link, "sup").text = letter
                link.set("title", f"{link.get('title')} ({letter})")
                if link is not links[-1]:
                    link.tail = " " + (link.tail or "")


# The class of a link whose text is its address: printed, it isn't followed by the address
# again (static/css/site.css, @media print).
SHOWN_ADDRESS = "url"


class ShownAddresses(Treeprocessor):
    """A bare address (BareLinks), an <https://…> autolink or [https://…](https://…) shows its
    address already: on paper, where links are followed by their address, it showed twice.
    Runs after the footnotes' processors, and drops their links' classes, which readers' pages
    don't keep (left to the sanitizer, they changed the order of the links' attributes)."""

    def run(self, root):
        for link in root.iter("a"):
            href = link.get("href")
            if link.get("class") in PlainFootnotes.LINKS:
                del link.attrib["class"]
            elif href and "".join(link.itertext()).strip() == href and not link.get("class"):
                link.set("class", SHOWN_ADDRESS)


class BareLinks(InlineProcessor):
    """A bare address in the text ("More help: https://…") is a link: a phone reader had to
    select and copy it. Not in code, nor in a link's text (a Markdown link's, or a raw <a>'s);
    punctuation that ends a sentence around it stays text, and so does a closing ")" the
    address didn't open ("(see https://example.org/a)", but "…/wiki/Bail_(law)" keeps its own).
    """

    ANCESTOR_EXCLUDES = ("a",)
    # Not through quotes or brackets around it, nor python-markdown's placeholders (STX…ETX).
    PATTERN = r"(?<![\w@/:.-])https?://[^\s<>\[\]\"'“”‘’\x02\x03]+"
    TRAILING = tuple(".,:;!?*_~")
    RAW_HTML = re.compile(markdown.util.HTML_PLACEHOLDER % r"(\d+)")
    LOOK_BACK = 20

    def handleMatch(self, m, data):
        url = trimmed(m[0], self.TRAILING)
        if url.endswith("//") or self.in_raw_link(data[: m.start()]):
            return None, None, None
        link = etree.Element("a", {"href": url})
        link.text = markdown.util.AtomicString(url)
        return link, m.start(), m.start() + len(url)

    def in_raw_link(self, before):
        """Whether a raw <a> is open at the end of `before`: the nearest raw <a> or </a> says.
        Raw tags in the text are held aside twice, as inline placeholders for raw-HTML ones. It
        looks back past a few other placeholders at most: reading them all for every address
        took 20 seconds for a paragraph of 2,000 raw links."""
        held, end = self.md.treeprocessors["inline"].stashed_nodes, len(before)
        for _looked in range(self.LOOK_BACK):
            end = before.rfind(markdown.util.INLINE_PLACEHOLDER_PREFIX, 0, end)
            placeholder = markdown.util.INLINE_PLACEHOLDER_RE.match(before, max(end, 0))
            if end < 0 or not placeholder:
                return False
            raw = self.RAW_HTML.fullmatch(str(held.get(placeholder[1], "")))
            tag = self.md.htmlStash.rawHtmlBlocks[int(raw[1])].lower() if raw else ""
            if re.match(r"</?a[\s>]", tag):
                return not tag.startswith("</")
        return False


class DashedHeadings(SetextHeaderProcessor):
    """Notes each line a "---" right under it made a heading (for the preview): an editor who
    meant a dividing line got a heading, in the table of contents."""

    def run(self, parent, blocks):
        line, underline = blocks[0].split("\n")[:2]
        if underline.startswith("-"):
            self.parser.md.dashed_headings.append(line.strip())
        super().run(parent, blocks)


class CellsPastHeader(TableProcessor):
    """Notes the text of cells past the header's last column (for the preview): a table drops
    them, as GitHub's does, so an extra cell pasted in one row vanished unsaid."""

    def _build_row(self, row, parent, align):
        super()._build_row(row, parent, align)
        extra = [cell.strip() for cell in self._split_row(row)[len(align) :]]
        self.parser.md.cells_past_header.extend(cell for cell in extra if cell)


class BoldLines(Treeprocessor):
    """Notes each paragraph that is only a short run of bold text over more text (for the
    preview): it looks like a heading, but isn't one for screen readers or the table of
    contents. Not a sentence in bold ("**Don't sign anything.**"), nor bold text in a list,
    quote or table, nor a bold line that ends the text (it heads nothing)."""

    def run(self, root):
        for paragraph in list(root)[:-1]:
            [*children] = paragraph
            text = "".join(paragraph.itertext()).strip()
            if (
                paragraph.tag == "p"
                and len(children) == 1
                and children[0].tag == "strong"
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
                and len(text) <= 80
                and not text.endswith((".", "!"))
            ):
                self.md.bold_lines.append(" ".join(STASHED.sub("", text).split()))


class PortalExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # What the preview notes, also when an empty text runs no processor at all.
        md.title_line, md.bold_lines, md.dashed_headings = None, [], []
        md.cells_past_header = []
        md.piece_title = None  # render_with_toc's title, for DemoteH1
        md.parser.blockprocessors.register(DashedHeadings(md.parser), "setextheader", 60)
        tables = md.parser.blockprocessors["table"]  # replaced, with the "tables" settings
        md.parser.blockprocessors.register(CellsPastHeader(md.parser, tables.config), "table", 75)
        # After fenced code (25) and raw HTML (20) are set aside.
        md.preprocessors.register(PastedLists(md), "pasted_lists", 16)
        md.preprocessors.register(ListAfterText(md), "list_after_text", 15)
        md.preprocessors.register(TableAfterText(md), "table_after_text", 14)
        md.preprocessors.register(NestedItems(md), "nested_items", 13)
        # After links, <…> autolinks and raw HTML (160-90) are read; before emphasis (60).
        md.inlinePatterns.register(BareLinks(BareLinks.PATTERN, md), "bare_links", 85)
        # Before the table of contents (priority 5) reads the headings.
        md.treeprocessors.register(BoldLines(md), "bold_lines", 7)  # after inline Markdown (20)
        md.treeprocessors.register(FootnoteIds(md), "footnote_ids", 13)  # after the notes'
        md.treeprocessors.register(LetteredBacklinks(md), "lettered_backlinks", 12)
        md.treeprocessors.register(ShownAddresses(md), "shown_addresses", 11)
        md.treeprocessors.register(DemoteH1(md), "demote_h1", 6)
        md.treeprocessors.register(TableScroll(md), "table_scroll", 4)
        md.treeprocessors.register(ImageSize(md), "image_size", 3)
        md.treeprocessors.register(ImageCaptions(md), "image_captions", 2)
