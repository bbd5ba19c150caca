"""What an editor must fix before saving a text, as form errors (validate_markdown for FAQ
answers, validate_body_markdown for explainers) and under the live preview (content_problems):
images from other sites or without a description, links that lead nowhere or lost their
address, links to places on the page that aren't there, and ids taken twice. Read from the
sanitized HTML portal/markdown.py renders, so they judge what readers would get."""

import html
import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .markdown import (
    FOOTNOTE_ID,
    CannotShow,
    StartTags,
    free_id,
    heading_id,
    is_on_this_site,
    render_markdown,
    render_with_toc,
)

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
    ids = StartTags(rendered).ids
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
