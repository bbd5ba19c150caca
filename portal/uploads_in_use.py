"""Which uploaded images the site's pieces still use, so that the others can go (manage.py
prune_uploads): the one place that decides it."""

from collections import defaultdict

from django.db.models import TextField
from django.db.models.functions import Cast

from articles.models import Article, Page, Source
from faq.models import FaqEntry

from .models import Revision
from .uploads import mentioned_uploads, uploads_folder


def uploads_in_use():
    """The one place that decides which uploads are in use: {file name: the pieces that use it,
    as "article 12", "FAQ entry 3" or "page 2"}.

    Every article, FAQ entry and page about the site counts, whatever its state: a draft, a
    scheduled piece and one taken down (an editor may publish it again) keep their images; a
    deleted piece is gone, and so is its claim. Both the Markdown is read (what the editor wrote,
    even where the renderer drops it) and the rendered HTML (what readers' browsers load: raw
    HTML's entities decoded), and each source's link. So is each piece's kept versions' text:
    putting a version back (portal/revisions.py) must bring its images back with it. An upload
    is stored once, under the name its address shows, whatever it was re-encoded from."""
    used = defaultdict(set)
    pieces = [
        ("article", Article.objects.values_list("pk", "body", "body_html")),
        ("article", Source.objects.values_list("article_id", "url")),
        ("FAQ entry", FaqEntry.objects.values_list("pk", "answer", "answer_html")),
        ("page", Page.objects.values_list("pk", "body", "body_html")),
    ]
    for label, rows in pieces:
        for pk, *texts in rows.iterator():
            for text in texts:
                for name in mentioned_uploads(text):
                    used[name].add(f"{label} {pk}")
    versions = (
        Revision.objects.annotate(text=Cast("content", TextField()))
        .filter(text__contains=uploads_folder())  # most versions hold no image: not read here
        .values_list("content_type__model", "object_id", "content")
    )
    for model, pk, content in versions.iterator():
        # Its texts as written, not the JSON's escaped form ("\\" for a "\" in an address).
        for name in mentioned_uploads("\n".join(texts_in(content))):
            used[name].add(f"an earlier version of {VERSIONED[model]} {pk}")
    return used


def texts_in(value):
    """Every string in a version's content: its fields, and its sources' titles and links."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)


# ContentType.model -> label
VERSIONED = {"article": "article", "faqentry": "FAQ entry", "page": "page"}
