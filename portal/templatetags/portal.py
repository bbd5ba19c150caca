import html
import json

from django import template
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from portal import dates
from portal.markdown_help import examples_for
from portal.search.query import written_in_spanish

register = template.Library()

# Same escaping as Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org data block. Not executed script, so the strict CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def trusted_html(value):
    """Mark HTML safe that portal.markdown.render_markdown produced (sanitized at save)."""
    return mark_safe(value)


@register.filter
def plain_text(value):
    """Sanitized HTML as text for a meta description: tags and entities gone (striptags keeps
    the entities, so "&" would be escaped twice and show as "&amp;")."""
    return html.unescape(strip_tags(value))


@register.filter
def zoned(value):
    """A time with its zone ("Nov. 27, 2026, 4:33 p.m. CST"): portal.dates.zoned."""
    return dates.zoned(value) if value else ""


@register.filter
def reads_spanish(text):
    """Whether a reader's text reads as Spanish (query.written_in_spanish), so a page about it
    says what matters in Spanish too."""
    return written_in_spanish(text or "")


@register.filter
def bdi(text, lang=""):
    """Reader-typed text set apart in a sentence: isolated, so right-to-left words can't reorder
    the quotes around them, and in its language when we know it, so screen readers say it in
    that language's voice."""
    if lang:
        return format_html('<bdi lang="{}">{}</bdi>', lang, text)
    return format_html("<bdi>{}</bdi>", text)


@register.simple_tag(takes_context=True)
def lang_attribute(context, language=None):
    """` lang="…"` on text in `language` (by default the site's own) when the page is in
    another: a Spanish FAQ entry on an English page, or the site's English words around a
    Spanish entry on its own page (whose view sets `page_lang`). Screen readers then switch
    voice, and search engines see which text is which."""
    site = translation.get_language()
    language = language or site
    if language == (context.get("page_lang") or site):
        return ""
    return format_html(' lang="{}"', language)


@register.inclusion_tag("markdownx/help.html")
def markdown_help(field_name):
    """The formatting help under a Markdown editor (portal/markdown_help.py)."""
    return {"examples": examples_for(field_name)}
