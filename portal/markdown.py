"""The one place Markdown becomes HTML: rendered once at save with the portal's python-markdown
extension (portal/markdown_syntax.py), then sanitized with an allow-list; and what the live
preview says rendering left out. What an editor must fix before saving (links that lead
nowhere, images from other sites) is judged from this HTML in portal/markdown_checks.py."""

import html
import re
from html.parser import HTMLParser

import markdown
import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from markdown.extensions.toc import slugify

from .markdown_images import IMAGE_SIZES
from .markdown_syntax import (
    HEADINGS,
    SHOWN_ADDRESS,
    TABLE_BOX,
    PlainFootnotes,
    PortalExtension,
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub",
    "span", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    # Raw HTML editors reach for, harmless: removed, a caption ran into the next paragraph.
    "caption", "details", "figcaption", "figure", "kbd", "mark", "summary", "tfoot",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    # On any tag: a passage in another language, e.g. <span lang="es">orden judicial</span>,
    # is read out by screen readers in that language's voice; a title (an <abbr>'s expansion).
    "*": {"lang", "title"},
    "a": {"href", "class"},
    "ol": {"start"},  # steps 3–5 after a paragraph, numbered as the editor typed them
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
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
# Raw HTML can't borrow the site's own classes (to look like a notice, or hide text) either.
CLASSES = {
    "div": {TABLE_BOX["class"], "footnote"},  # and the box footnotes are listed in
    "a": {SHOWN_ADDRESS},
}
ALLOWED_VALUES = {
    "role": {TABLE_BOX["role"]},
    "tabindex": {TABLE_BOX["tabindex"]},
    "loading": {"lazy"},
    "decoding": {"async"},
    "sizes": {IMAGE_SIZES},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}  # tel: hotlines, a tap away on a phone
WORDS_PER_MINUTE = 220
# Ids the article page itself uses (templates/base.html, articles/article_detail.html and its
# FAQ block, whose entries are "faq-<slug>"): a heading called "Main" must not take id="main"
# from the skip link's target.
LAYOUT_IDS = {
    "main", "site-search-q", "toc-heading", "sources-heading", "related-heading",
    "article-faq-heading", "corrections", "corrections-heading",
}  # fmt: skip
LAYOUT_ID_PREFIX = "faq-"


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
SRCSET_WIDTH = re.compile(r"[1-9]\d{0,4}w")


def _allowed_value(tag, attribute, value):
    if attribute == "id":  # a raw <h2 id="main"> would take the skip link's target
        allowed = free_id(value) if tag in HEADINGS else FOOTNOTE_ID.fullmatch(value)
        return value if allowed else None
    if attribute == "lang":  # a language tag (es, es-MX, zh-Hant), not any text
        return value if LANGUAGE_TAG.fullmatch(value) else None
    if attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    if attribute == "class":
        return value if value in CLASSES.get(tag, ()) else None
    if attribute == "srcset":  # like src, from this site only (img-src 'self'; no tracking)
        candidates = [candidate.split() for candidate in value.split(",")]
        allowed = all(
            len(parts) == 2 and is_on_this_site(parts[0]) and SRCSET_WIDTH.fullmatch(parts[1])
            for parts in candidates
        )
        return value if allowed else None
    allowed = ALLOWED_VALUES.get(attribute)
    return value if allowed is None or value in allowed else None


class CannotShow(ValueError):
    """A text the renderer can't show, or not in a reasonable time: str() says why, for the
    editor."""


class NestedTooDeep(CannotShow):
    """Lists or quotes nested deeper than python-markdown can follow (it recurses)."""


class Tangled(CannotShow):
    """Links, link addresses or tags nested or left open too deep (check_tangle)."""


TOO_DEEP = _("Lists or quotes in this text are nested too deeply to show. Flatten them.")
TANGLED = _(
    "This text has “%(mark)s” nested or left open %(count)d deep in one paragraph, too many to "
    "show in time. Close them sooner, or write “\\%(mark)s” for one meant as it is."
)
# What python-markdown reads as opening a link ("["), a link's address ("](") or a tag ("<"
# before a letter, "/", "!" or "?": not "< $30,000"), and what closes them. An escaped mark
# (\[) is text, and so is code, fenced or between backticks.
MARKS = re.compile(r"\\.|\]\(|[][)>]|<(?=[A-Za-z/!?])", re.S)
PAIRS = {"[": ("[", {"]", "]("}), "(": ("](", {")"}), "<": ("<", {">"})}
CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.S | re.M)
PARAGRAPHS = re.compile(r"\n[ \t]*\n")
DEEPEST = 200


def check_tangle(text):
    """python-markdown's time grows with the square of how deep those marks nest, or stay
    open, in a paragraph (Python-Markdown/markdown#798): 2,000 "[" took 2 s, as did 1,000 "["
    closed by 1,000 "]", and a 20 KB paste of them minutes, holding a server worker for each
    preview. Each run of one kind, from its first mark until all are closed, counts the square
    of its depth; the squares may add up to DEEPEST squared, about 0.02 s. Text as people write
    it nests them one or two deep."""
    squares, worst = 0, (0, "[")
    for paragraph in PARAGRAPHS.split(CODE.sub("", text)):
        marks = MARKS.findall(paragraph)
        for name, (opening, closing) in PAIRS.items():
            depth = deepest = 0
            for mark in marks:
                if mark == opening:
                    depth += 1
                    deepest = max(deepest, depth)
                elif mark in closing and depth:
                    depth -= 1
                if not depth and deepest:  # a run ended (or never closes: below)
                    squares += deepest * deepest
                    worst = max(worst, (deepest, name))
                    deepest = 0
            squares += deepest * deepest
            worst = max(worst, (deepest, name))
    if squares > DEEPEST**2:
        count, mark = worst
        raise Tangled(TANGLED % {"mark": mark, "count": count})


def _convert(md, text):
    check_tangle(text or "")
    try:
        return md.convert(text or "")
    except RecursionError:
        raise NestedTooDeep(TOO_DEEP) from None


def is_on_this_site(src):
    """Whether a browser loads this address from this site: a path ("/media/…") or a URL
    under SITE_URL. Browsers drop tabs and newlines from addresses and read "\\" as "/", so
    "/\\tracker.example/x.png" is another site's, as "//tracker.example/x.png" is."""
    path = re.sub(r"[\t\n\r]", "", src).strip().replace("\\", "/")
    if path.startswith(settings.SITE_URL + "/"):
        path = path[len(settings.SITE_URL) :]
    return path.startswith("/") and not path.startswith("//")


def render_markdown(text: str) -> str:
    """Markdown -> sanitized HTML, headings without ids."""
    return _sanitize(_convert(_markdown(heading_ids=False), text), heading_ids=False)


REMOVED_TAGS = _(
    "These were read as HTML tags that readers' pages leave out, so they were removed: "
    "%(tags)s. Text between an opening and a closing tag stays. For a link, write "
    "[its text](its address)."
)


class StartTags(HTMLParser):
    """The names of the tags in some HTML, as a browser (and the sanitizer) reads them: up to a
    space, "/" or ">" ("<tel:+18005551234>" is a tag), not in comments or attribute values; and
    their ids, in order (not an 'id="…"' in the text or in code)."""

    def __init__(self, html=""):
        super().__init__()
        self.names, self.ids = set(), []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.ids += [value for name, value in attrs if name == "id" and value is not None]


TITLE_LINE_LEFT_OUT = _(
    "If the first line, “%(line)s”, repeats an explainer's title, its page leaves it out and "
    "shows the Title field there instead."
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

CELLS_PAST_HEADER = _(
    "Readers won't see these table cells: their rows have more cells than the table's first "
    "row, which names the columns: %(lines)s. Add a column to the first row, or remove them."
)


def _listed(lines, most=5):
    """The first few of `lines`, quoted: a long piece pasted whole may have dozens."""
    quoted = ", ".join(f"“{line}”" for line in lines[:most])
    return quoted + (" …" if len(lines) > most else "")


def render_preview(text: str) -> tuple[str, list[str]]:
    """render_markdown() for the admin's live preview, and what rendering left out or did
    unasked, said so nothing goes missing unsaid: raw HTML tags sanitizing removed (an <iframe>
    embed, <u>), an opening title line (DemoteH1), bold lines that look like headings
    (BoldLines), lines a "---" made headings (DashedHeadings) and table cells past the last
    column (CellsPastHeader)."""
    md = _markdown(heading_ids=False)
    converted = _convert(md, text)
    tags = StartTags(converted)
    notes = []
    if removed := sorted(tags.names - ALLOWED_TAGS):
        notes.append(REMOVED_TAGS % {"tags": ", ".join(f"<{tag}>" for tag in removed)})
    if md.title_line is not None:
        notes.append(TITLE_LINE_LEFT_OUT % {"line": md.title_line})
    if md.bold_lines:
        notes.append(BOLD_LINES % {"lines": _listed(md.bold_lines), "example": md.bold_lines[0]})
    if md.dashed_headings:
        notes.append(DASHED_HEADINGS % {"lines": _listed(md.dashed_headings)})
    if md.cells_past_header:
        notes.append(CELLS_PAST_HEADER % {"lines": _listed(md.cells_past_header)})
    return _sanitize(converted, heading_ids=False), notes


def render_with_toc(text: str, title: str | None = None) -> tuple[str, list[dict]]:
    """Sanitized HTML plus the table of contents as [{"id", "name", "children"}], where
    "name" is plain text (the template escapes it). An opening line repeating `title` (the
    explainer's) is left out (DemoteH1)."""
    md = _markdown(heading_ids=True)
    md.piece_title = title
    body = _sanitize(_convert(md, text), heading_ids=True)
    return body, _toc_entries(md.toc_tokens)


def rendered_article(body, title):
    """What an explainer stores from its Markdown: at save (Article.save) and when a migration
    renders stored text again (portal/rerender.py), which can't use the model's methods."""
    body_html, toc = render_with_toc(body, title)
    return {"body_html": body_html, "toc": toc, "reading_minutes": reading_minutes(body_html)}


def rendered_page(body, title):
    """What a page about the site stores from its Markdown: an explainer's HTML, headings with
    ids (a privacy page's "#what-we-keep"), without the table of contents."""
    return rendered_article(body, title)["body_html"]


def rendered_answer(answer):
    """What an FAQ entry stores from its Markdown (as rendered_article)."""
    return {"answer_html": render_markdown(answer)}


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
