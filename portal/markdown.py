"""The one place Markdown becomes HTML: rendered once at save, sanitized with an allow-list."""

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdown.blockprocessors import SetextHeaderProcessor
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.extensions.toc import slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from PIL import Image

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub",
    "span", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    # Raw HTML editors reach for, harmless: removed, a caption ran into the next paragraph.
    "caption", "details", "figcaption", "figure", "kbd", "mark", "summary", "tfoot",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    # On any tag: a passage in another language, e.g. <span lang="es">orden judicial</span>,
    # is read out by screen readers in that language's voice; a title (an <abbr>'s expansion).
    "*": {"lang", "title"},
    "a": {"href"},
    "ol": {"start"},  # steps 3–5 after a paragraph, numbered as the editor typed them
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "div": {"class", "role", "tabindex", "aria-label"},
    # Only headings keep their id, so table-of-contents anchors survive sanitizing, and a
    # footnote's marker and note theirs (FOOTNOTE_ID), so each links to the other.
    **{tag: {"id"} for tag in HEADINGS},
    "sup": {"id"},
    "li": {"id"},
}
# "fn:1" and "fnref:1" ("fnref2:1" for a second marker): a heading's id has no ":" (slugify).
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")
# The box each table scrolls in (TableScroll below), and the only values role and tabindex may
# take on any element: the box's.
TABLE_BOX = {"class": "table-scroll", "role": "region", "tabindex": "0"}
# Raw HTML can't borrow the site's own classes (to look like a notice, or hide text) either.
ALLOWED_VALUES = {
    "class": {TABLE_BOX["class"], "footnote"},  # and the box footnotes are listed in
    "role": {TABLE_BOX["role"]},
    "tabindex": {TABLE_BOX["tabindex"]},
    "loading": {"lazy"},
    "decoding": {"async"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}  # tel: hotlines, a tap away on a phone
# Raw HTML that python-markdown holds aside while it builds the tree, as STX…ETX placeholders.
STASHED = re.compile(f"{markdown.util.STX}[^{markdown.util.ETX}]*{markdown.util.ETX}")
WORDS_PER_MINUTE = 220
# Ids the article page itself uses (templates/base.html, articles/article_detail.html and its
# FAQ block, whose entries are "faq-<slug>"): a heading called "Main" must not take id="main"
# from the skip link's target.
LAYOUT_IDS = {
    "main", "site-search-q", "toc-heading", "sources-heading", "related-heading",
    "article-faq-heading", "corrections", "corrections-heading",
}  # fmt: skip
LAYOUT_ID_PREFIX = "faq-"


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
    NBSP_ITEM = re.compile(r"( *(?:[-*+]|\d{1,9}\.))\u00a0+(?=\S)")

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


class DemoteH1(Treeprocessor):
    """The page title is the only h1. A body that opens with its one h1 ("# Sanctuary cities"
    over "## …" sections, as a document pasted from a word processor does) opens with its own
    title: readers see the piece's title already, so that line is left out (and named in the
    preview), and the sections stay sections. Kept, it showed the title twice and made every
    section its subsection, which also hid the table of contents.

    Otherwise any h1 ("# ", "#Title", "===") becomes h2. A body whose first heading is an h1 is
    written from "# " parts: every heading moves down a level with them, so "# Part" over
    "## Section" keeps its outline. A stray h1 further down ("#hashtag" at a line's start, a
    quoted statute's heading) is only demoted."""

    def run(self, root):
        self.md.title_line = None
        h1s = list(root.iter("h1"))
        if len(h1s) == 1 and len(root) and root[0] is h1s[0]:
            self.md.title_line = "".join(h1s[0].itertext()).strip()
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


class ImageSize(Treeprocessor):
    """Images load as the reader reaches them: on a slow phone connection a 277 KB photo far
    down an explainer held its loading up for 6 seconds. An uploaded image's width and height
    are written out, so the text below it doesn't jump when it arrives."""

    def run(self, root):
        for image in root.iter("img"):
            image.set("loading", "lazy")
            image.set("decoding", "async")
            if not image.get("width") and (size := upload_size(image.get("src", ""))):
                image.set("width", str(size[0]))
                image.set("height", str(size[1]))


def upload_size(src):
    """(width, height) of the uploaded image at `src` ("/media/uploads/<name>"), or None."""
    from .uploads import UPLOAD_NAME, uploads_folder  # it imports the models, which import us

    prefix = f"{settings.MEDIA_URL}{uploads_folder()}/"
    name = src.removeprefix(prefix)
    if not src.startswith(prefix) or not UPLOAD_NAME.fullmatch(name):
        return None
    return _stored_size(f"{uploads_folder()}/{name}")


# An upload's name is random and its file never rewritten, so each size is read once per
# process: not on every keystroke of the live preview, nor once per piece from object storage in
# a re-render. A file that can't be read now (missing where `migrate` runs, a storage hiccup)
# gets no size, and is tried again next time.
SIZES_KEPT = 4096
_sizes = {}


def _stored_size(path):
    from .uploads import BAD_IMAGE_ERRORS

    if path not in _sizes:
        try:
            with default_storage.open(path) as file, Image.open(file) as image:
                size = image.size
        except BAD_IMAGE_ERRORS:  # deleted, or not an image after all
            return None
        if len(_sizes) >= SIZES_KEPT:
            _sizes.clear()
        _sizes[path] = size
    return _sizes[path]


class PlainFootnotes(Treeprocessor):
    """Without ids (FAQ answers, which can appear several times on one page; the preview), the
    notes are a plain numbered list under the text and each marker a plain "[1]": a link to
    "#fn:1" would lead nowhere. Runs after the footnotes extension's own (50, 15)."""

    LINKS = {"footnote-ref", "footnote-backref"}

    def run(self, root):
        for parent in list(root.iter()):
            for link in [child for child in parent if child.get("class") in self.LINKS]:
                if link.get("class") == "footnote-ref":
                    parent.text = (parent.text or "") + (link.text or "")
                parent.remove(link)
            if parent.tag == "sup" or parent.tag == "li" and parent.get("id"):
                parent.attrib.pop("id", None)
            # The no-break space before a note's (removed) link back.
            parent.text = parent.text and parent.text.replace(NBSP_PLACEHOLDER, "")
            parent.tail = parent.tail and parent.tail.replace(NBSP_PLACEHOLDER, "")


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
        url = m[0]
        while url.endswith(self.TRAILING) or url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
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
                self.md.bold_lines.append(text)


class PortalExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # What the preview notes, also when an empty text runs no processor at all.
        md.title_line, md.bold_lines, md.dashed_headings = None, [], []
        md.parser.blockprocessors.register(DashedHeadings(md.parser), "setextheader", 60)
        # After fenced code (25) and raw HTML (20) are set aside.
        md.preprocessors.register(PastedLists(md), "pasted_lists", 16)
        md.preprocessors.register(ListAfterText(md), "list_after_text", 15)
        md.preprocessors.register(TableAfterText(md), "table_after_text", 14)
        md.preprocessors.register(NestedItems(md), "nested_items", 13)
        # After links, <…> autolinks and raw HTML (160-90) are read; before emphasis (60).
        md.inlinePatterns.register(BareLinks(BareLinks.PATTERN, md), "bare_links", 85)
        # Before the table of contents (priority 5) reads the headings.
        md.treeprocessors.register(BoldLines(md), "bold_lines", 7)  # after inline Markdown (20)
        md.treeprocessors.register(DemoteH1(md), "demote_h1", 6)
        md.treeprocessors.register(TableScroll(md), "table_scroll", 4)
        md.treeprocessors.register(ImageSize(md), "image_size", 3)


def heading_id(value, separator):
    slug = slugify(value, separator)
    if free_id(slug):
        return slug
    # "faq-…" stays taken with a suffix: the table of contents would link to an id that
    # sanitizing then strips from the heading.
    return f"{slug}-section" if free_id(f"{slug}-section") else f"section-{slug}"


def free_id(value):
    return (
        value not in LAYOUT_IDS
        and not value.startswith(LAYOUT_ID_PREFIX)
        and not FOOTNOTE_ID.fullmatch(value)
    )


def _markdown(heading_ids):
    """heading_ids: give headings ids and collect a table of contents (articles). FAQ answers
    get none: one answer can appear several times on a page (/faq/, the ask form)."""
    # abbr: "*[FOIA]: Freedom of Information Act" once marks each FOIA in the text (<abbr>);
    # def_list: a term, then ": its definition" (<dl>), for a glossary; footnotes: "text[^1]"
    # and "[^1]: the note" (a numbered list under the text); md_in_html: Markdown inside raw
    # HTML marked markdown="1" (<details markdown="1">), sanitized with the rest.
    extensions = [
        "tables", "sane_lists", "fenced_code", "abbr", "def_list", "footnotes", "md_in_html",
    ]  # fmt: skip
    md = markdown.Markdown(
        extensions=[*extensions, PortalExtension(), *(["toc"] if heading_ids else [])],
        extension_configs={
            "toc": {"toc_depth": "2-3", "permalink": False, "slugify": heading_id},
            # Column alignment as align="…": a style attribute would not survive sanitizing.
            "tables": {"use_align_attribute": True},
            # "[1]", as in an encyclopedia: easier to tap than a lone "1", and "Amendment[1]"
            # stays the word "Amendment" to search. "↩" as text, not an emoji on phones.
            "footnotes": {"SUPERSCRIPT_TEXT": "[{}]", "BACKLINK_TEXT": "&#8617;&#65038;"},
        },
        output_format="html",
    )
    if not heading_ids:
        md.treeprocessors.register(PlainFootnotes(md), "plain_footnotes", 14)
    return md


def _sanitize(html, heading_ids):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES if heading_ids else WITHOUT_IDS,
        attribute_filter=_allowed_value,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# FAQ answers keep no id, not even one written as raw HTML.
WITHOUT_IDS = {tag: names - {"id"} for tag, names in ALLOWED_ATTRIBUTES.items()}


LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def _allowed_value(tag, attribute, value):
    if attribute == "id":  # a raw <h2 id="main"> would take the skip link's target
        allowed = free_id(value) if tag in HEADINGS else FOOTNOTE_ID.fullmatch(value)
        return value if allowed else None
    if attribute == "lang":  # a language tag (es, es-MX, zh-Hant), not any text
        return value if LANGUAGE_TAG.fullmatch(value) else None
    if attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    allowed = ALLOWED_VALUES.get(attribute)
    return value if allowed is None or value in allowed else None


class NestedTooDeep(ValueError):
    """Lists or quotes nested deeper than python-markdown can follow (it recurses)."""


def _convert(md, text):
    try:
        return md.convert(text or "")
    except RecursionError:
        raise NestedTooDeep from None


TOO_DEEP = _("Lists or quotes in this text are nested too deeply to show. Flatten them.")


OUTSIDE_IMAGES = _(
    "Readers' browsers only show images stored on this site, so upload these instead (drag "
    'them into the editor, or use "Insert an image"): %(sources)s'
)
NO_DESCRIPTION = _(
    "Describe each image for readers who can't see it: write what it shows between the "
    "brackets of ![…](…). Not described yet: %(sources)s"
)
DEAD_LINKS = _(
    "Readers' browsers can't safely follow these links, so their addresses were removed: "
    "%(links)s. Use an address that starts with https://, mailto: or tel:."
)
NOWHERE_LINKS = _(
    "These links would lead nowhere, since an address without https://, mailto: or tel: in "
    "front is looked for under the page it is on: %(links)s. Start a website's address with "
    "https://, an email address with mailto:, a phone number with tel:, and one of this site's "
    "pages with / (/articles/its-address/)."
)
# The address an editor most likely meant, for an address without a scheme.
EMAIL_LIKE = re.compile(r"[^/\s@]+@[^/\s@]+\.[^/\s@]+")
PHONE_LIKE = re.compile(r"\+?[\d\s().-]{7,}")
DOMAIN_LIKE = re.compile(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}(?=[/:?#]|$)", re.I)
# What an uploaded image's description says until the editor writes one (editor_views.upload).
DESCRIPTION_PLACEHOLDER = _("Describe the image")
IMG_TAG = re.compile(r"<img [^>]*>")
IMG_SRC = re.compile(r'\bsrc="([^"]*)"')
IMG_ALT = re.compile(r'\balt="([^"]*)"')
# A link the sanitizer took the address from (javascript:, ftp:, a typo such as "htps:"). Not
# <abbr>; and not a title that happens to say href= (attribute values are quoted).
LINK_WITHOUT_ADDRESS = re.compile(r"<a((?:\s[^>]*)?)>(.*?)</a>", re.S)


def _images(rendered):
    """(address, description) of each image in sanitized HTML."""
    for tag in IMG_TAG.findall(rendered):
        src, alt = IMG_SRC.search(tag), IMG_ALT.search(tag)
        yield html.unescape(src[1] if src else ""), html.unescape(alt[1] if alt else "")


LINK = re.compile(r'<a\s[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _links(rendered):
    """(address, text) of each link in sanitized HTML (attribute values come double-quoted)."""
    for href, text in LINK.findall(rendered):
        yield html.unescape(href).strip(), " ".join(html.unescape(strip_tags(text)).split())


def meant_address(href):
    """What a link's address without a scheme ("www.example.org", "help@example.org",
    "1-855-435-7693") was most likely meant to be; None when it can't be told ("x/")."""
    if EMAIL_LIKE.fullmatch(href):
        return f"mailto:{href}"
    if PHONE_LIKE.fullmatch(href):
        return "tel:" + re.sub(r"[^\d+]", "", href)
    if DOMAIN_LIKE.match(href):
        return f"https://{href}"
    return None


def links_leading_nowhere(rendered):
    """Links whose address is relative to the page they sit on ("www.example.org", no
    https://): every page shows the text under another address, and every one is a 404."""
    for href, text in _links(rendered):
        if href and not SCHEME.match(href) and not href.startswith(("/", "#", "?")):
            yield text or href, href


def _dead_links(rendered):
    """The text of each link in sanitized HTML whose address the sanitizer removed."""
    for attributes, text in LINK_WITHOUT_ADDRESS.findall(rendered):
        if not re.search(r'\shref="', attributes) and (name := strip_tags(text).strip()):
            yield name


def is_on_this_site(src):
    """Whether a browser loads this address from this site: a path ("/media/…") or a URL
    under SITE_URL. Browsers drop tabs and newlines from addresses and read "\\" as "/", so
    "/\\tracker.example/x.png" is another site's, as "//tracker.example/x.png" is."""
    path = re.sub(r"[\t\n\r]", "", src).strip().replace("\\", "/")
    if path.startswith(settings.SITE_URL + "/"):
        path = path[len(settings.SITE_URL) :]
    return path.startswith("/") and not path.startswith("//")


def outside_images(rendered):
    """Image addresses in sanitized HTML that the public pages' policy (img-src 'self') blocks."""
    return [src for src, _alt in _images(rendered) if not is_on_this_site(src)]


def content_problems(rendered):
    """What the editor must fix about the text's images and links, as messages; empty when
    nothing."""
    problems = []
    if outside := outside_images(rendered):
        problems.append(
            ValidationError(
                OUTSIDE_IMAGES, code="outside_images", params={"sources": ", ".join(outside)}
            )
        )
    placeholder = str(DESCRIPTION_PLACEHOLDER)
    if undescribed := [src for src, alt in _images(rendered) if alt.strip() in {"", placeholder}]:
        problems.append(
            ValidationError(
                NO_DESCRIPTION, code="no_description", params={"sources": ", ".join(undescribed)}
            )
        )
    if dead := list(_dead_links(rendered)):
        links = ", ".join(f"“{html.unescape(text)}”" for text in dead)
        problems.append(ValidationError(DEAD_LINKS, code="dead_links", params={"links": links}))
    if nowhere := list(links_leading_nowhere(rendered)):
        links = "; ".join(
            gettext("“%(text)s” (%(address)s, perhaps %(meant)s)")
            % {"text": text, "address": href, "meant": meant}
            if (meant := meant_address(href))
            else gettext("“%(text)s” (%(address)s)") % {"text": text, "address": href}
            for text, href in nowhere
        )
        problems.append(
            ValidationError(NOWHERE_LINKS, code="nowhere_links", params={"links": links})
        )
    return problems


ANSWER_PLACE_LINKS = _(
    "An answer is shown on several pages (the FAQ, its own page, under explainers), so a link "
    "to a place on the page can't lead anywhere: %(links)s. Link to a page instead, such as "
    "/faq/its-address/ or /articles/its-address/#a-heading."
)
BODY_PLACE_LINKS = _(
    "These links lead to no heading of this explainer: %(links)s. Its headings can be linked "
    "to as: %(ids)s."
)
HEADINGS_LISTED = 30


def _place_links(rendered):
    """(text, fragment) of each link to a place on the same page; "#" and "#top" are the top."""
    for href, text in _links(rendered):
        if href.startswith("#") and href[1:].lower() not in {"", "top"}:
            yield text or href, href[1:]


def _validated(render, text):
    try:
        rendered = render(text)
    except NestedTooDeep:
        raise ValidationError(TOO_DEEP, code="nested_too_deep") from None
    return rendered, content_problems(rendered)


def validate_markdown(text):
    """For FAQ answers: a text the renderer can't show is a form error. An answer has no
    heading ids (it can appear several times on one page), so no link to a place on the page
    can work."""
    rendered, problems = _validated(render_markdown, text)
    if places := list(_place_links(rendered)):
        links = ", ".join(f"“{text}” (#{fragment})" for text, fragment in places)
        problems.append(
            ValidationError(ANSWER_PLACE_LINKS, code="place_links", params={"links": links})
        )
    if problems:
        raise ValidationError(problems)


def validate_body_markdown(text):
    """For explainers' bodies: as validate_markdown, and each link to a place on the page
    ("#what-a-detainer-is") leads to one of its headings or the page's own parts (#sources-heading,
    an FAQ entry shown under it: #faq-<slug>). A typo, another case, a heading id the layout
    had taken ("FAQ" is #section-faq) or a word processor's "#heading=h.3znysh7" led nowhere
    without a word."""
    rendered, problems = _validated(lambda text: render_with_toc(text)[0], text)
    ids = re.findall(r'\bid="([^"]*)"', rendered)
    missing = [
        (text, fragment, meant)
        for text, fragment in _place_links(rendered)
        if fragment not in ids
        # The layout's own ids are there too, unless a heading was meant ("#faq": #section-faq).
        and ((meant := _meant_heading(fragment, ids)) or free_id(fragment))
    ]
    if missing:
        links = ", ".join(
            f"“{text}” (#{fragment}, " + gettext("perhaps #%(id)s") % {"id": meant} + ")"
            if meant
            else f"“{text}” (#{fragment})"
            for text, fragment, meant in missing
        )
        headings = [id for id in ids if not FOOTNOTE_ID.fullmatch(id)]
        listed = ", ".join(f"#{id}" for id in headings[:HEADINGS_LISTED])
        problems.append(
            ValidationError(
                BODY_PLACE_LINKS,
                code="place_links",
                params={
                    "links": links,
                    "ids": (listed + (" …" if len(headings) > HEADINGS_LISTED else "")) or "-",
                },
            )
        )
    if problems:
        raise ValidationError(problems)


def _meant_heading(fragment, ids):
    """The heading id a link to a missing place most likely meant: another case, or the id a
    heading got because the layout had its own ("#faq" is #section-faq)."""
    for candidate in (fragment.lower(), heading_id(fragment, "-")):
        if candidate in ids:
            return candidate
    return None


def render_markdown(text: str) -> str:
    """Markdown -> sanitized HTML, headings without ids."""
    return _sanitize(_convert(_markdown(heading_ids=False), text), heading_ids=False)


REMOVED_TAGS = _(
    "These were read as HTML tags that readers' pages leave out, so they were removed: "
    "%(tags)s. Text between an opening and a closing tag stays. For a link, write "
    "[its text](its address)."
)


class _StartTags(HTMLParser):
    """The names of the tags in some HTML, as a browser (and the sanitizer) reads them: up to a
    space, "/" or ">" ("<tel:+18005551234>" is a tag), not in comments or attribute values."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)


TITLE_LINE_LEFT_OUT = _(
    "The first line, “%(line)s”, reads as the piece's title, so readers' pages leave it out: "
    "they show the Title field above the text instead."
)


BOLD_LINES = _(
    "These lines are only bold text, so they look like headings but aren't: %(lines)s. Write a "
    "heading as “## %(example)s”, so it is in the table of contents and a heading for screen "
    "readers."
)
DASHED_HEADINGS = _(
    "A “---” line right under a line of text makes that line a heading: %(lines)s. For a "
    "dividing line instead, leave a blank line above the “---”."
)


def _listed(lines, most=5):
    """The first few of `lines`, quoted: a long piece pasted whole may have dozens."""
    quoted = ", ".join(f"“{line}”" for line in lines[:most])
    return quoted + (" …" if len(lines) > most else "")


def render_preview(text: str) -> tuple[str, list[str]]:
    """render_markdown() for the admin's live preview, and what rendering left out or did
    unasked, said so nothing goes missing unsaid: raw HTML tags sanitizing removed (an <iframe>
    embed, <u>), an opening title line (DemoteH1), bold lines that look like headings
    (BoldLines) and lines a "---" made headings (DashedHeadings)."""
    md = _markdown(heading_ids=False)
    converted = _convert(md, text)
    tags = _StartTags()
    tags.feed(converted)
    tags.close()
    notes = []
    if removed := sorted(tags.names - ALLOWED_TAGS):
        notes.append(REMOVED_TAGS % {"tags": ", ".join(f"<{tag}>" for tag in removed)})
    if md.title_line is not None:
        notes.append(TITLE_LINE_LEFT_OUT % {"line": md.title_line})
    if md.bold_lines:
        notes.append(BOLD_LINES % {"lines": _listed(md.bold_lines), "example": md.bold_lines[0]})
    if md.dashed_headings:
        notes.append(DASHED_HEADINGS % {"lines": _listed(md.dashed_headings)})
    return _sanitize(converted, heading_ids=False), notes


def render_with_toc(text: str) -> tuple[str, list[dict]]:
    """Sanitized HTML plus the table of contents as [{"id", "name", "children"}], where
    "name" is plain text (the template escapes it)."""
    md = _markdown(heading_ids=True)
    body = _sanitize(_convert(md, text), heading_ids=True)
    return body, _toc_entries(md.toc_tokens)


def _toc_entries(tokens):
    return [
        {
            "id": token["id"],
            "name": html.unescape(token["name"]),
            "children": _toc_entries(token["children"]),
        }
        for token in tokens
    ]


def reading_minutes(html: str) -> int:
    words = len(strip_tags(html).split())
    return max(1, round(words / WORDS_PER_MINUTE))
