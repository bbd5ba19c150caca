"""The one place Markdown becomes HTML: rendered once at save, sanitized with an allow-list."""

import re

import markdown
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align", "scope"},
    "div": {"class"},
    # Only headings keep their id, so table-of-contents anchors survive sanitizing.
    **{tag: {"id"} for tag in HEADINGS},
}
URL_SCHEMES = {"https", "http", "mailto"}
WORDS_PER_MINUTE = 220


def _markdown():
    return markdown.Markdown(
        extensions=["tables", "toc", "sane_lists", "fenced_code"],
        extension_configs={"toc": {"toc_depth": "2-3", "permalink": False}},
        output_format="html",
    )


def _sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _demote_h1(text):
    # The page title is the only h1; a "# Heading" in the body becomes an h2.
    return re.sub(r"^# ", "## ", text, flags=re.MULTILINE)


def render_markdown(text: str) -> str:
    """Markdown -> sanitized HTML. Also used by the admin's live preview."""
    return _sanitize(_markdown().convert(_demote_h1(text or "")))


def render_with_toc(text: str) -> tuple[str, list[dict]]:
    """Sanitized HTML plus the table of contents as [{"id", "name", "children"}]."""
    md = _markdown()
    html = _sanitize(md.convert(_demote_h1(text or "")))
    return html, md.toc_tokens


def reading_minutes(html: str) -> int:
    words = len(strip_tags(html).split())
    return max(1, round(words / WORDS_PER_MINUTE))
