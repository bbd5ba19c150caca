"""The one place Markdown becomes HTML: rendered once at save with the portal's python-markdown
extension (portal/markdown_syntax.py), then sanitized with an allow-list; and what an editor must
fix before saving (links that lead nowhere, images from other sites)."""

import html
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdown.extensions.toc import slugify

from .markdown_syntax import HEADINGS, IMAGE_SIZES, TABLE_BOX, PlainFootnotes, PortalExtension

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
    "a": {"href"},
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
ALLOWED_VALUES = {
    "class": {TABLE_BOX["class"], "footnote"},  # and the box footnotes are listed in
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
EMAIL_LIKE = re.compile(r"[^/\s@]+@[^/\s@.]+(?:\.[^/\s@.]+)+")  # no backtracking on "a.a.a…/"
PHONE_LIKE = re.compile(r"\+?[\d\s().-]{7,}")
DOMAIN_LIKE = re.compile(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}(?=[/:?#]|$)", re.I)
# What an uploaded image's description says until the editor writes one (editor_views.upload).
DESCRIPTION_PLACEHOLDER = _("Describe the image")
IMG_TAG = re.compile(r"<img [^>]*>")
IMG_SRC = re.compile(r'\bsrc="([^"]*)"')
IMG_ALT = re.compile(r'\balt="([^"]*)"')


def _images(rendered):
    """(address, description) of each image in sanitized HTML."""
    for tag in IMG_TAG.findall(rendered):
        src, alt = IMG_SRC.search(tag), IMG_ALT.search(tag)
        yield html.unescape(src[1] if src else ""), html.unescape(alt[1] if alt else "")


# A link in sanitized HTML; not <abbr>, and not a title that happens to say href= (attribute
# values come double-quoted).
LINK = re.compile(r"<a((?:\s[^>]*)?)>(.*?)</a>", re.S)
HREF = re.compile(r'\shref="([^"]*)"')
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _links(rendered):
    """(address, text) of each link in sanitized HTML; the address None where the sanitizer
    took it (javascript:, ftp:, a typo such as "htps:")."""
    for attributes, text in LINK.findall(rendered):
        href = HREF.search(attributes)
        text = " ".join(html.unescape(strip_tags(text)).split())
        yield (html.unescape(href[1]).strip() if href else None), text


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
    return [text for href, text in _links(rendered) if href is None and text]


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
        links = ", ".join(f"“{text}”" for text in dead)
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
SAME_IDS = _(
    "Some HTML in this text gives a place on the page an id that a heading or a note already "
    "has: %(ids)s. Links to it would lead to the wrong place. Take the id out of the HTML."
)


def _place_links(rendered):
    """(text, fragment) of each link to a place on the same page; "#" and "#top" are the top."""
    for href, text in _links(rendered):
        if href and href.startswith("#") and href[1:].lower() not in {"", "top"}:
            yield text or href, href[1:]


def _validated(render, text):
    try:
        rendered = render(text)
    except CannotShow as error:
        raise ValidationError(str(error), code="cannot_show") from None
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
    ids = _StartTags(rendered).ids
    id_set = set(ids)
    if twice := sorted(id for id, count in Counter(ids).items() if count > 1):
        # Raw HTML taking an id the headings or notes get: their links lead to it instead.
        listed = ", ".join(f"#{id}" for id in twice[:HEADINGS_LISTED])
        problems.append(ValidationError(SAME_IDS, code="same_ids", params={"ids": listed}))
    missing = [
        (text, fragment, meant)
        for text, fragment in _place_links(rendered)
        if fragment not in id_set
        # The layout's own ids are there too, unless a heading was meant ("#faq": #section-faq).
        and ((meant := _meant_heading(fragment, id_set)) or free_id(fragment))
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
    tags = _StartTags(converted)
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
