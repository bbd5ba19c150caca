"""What the index holds for each kind of content, and how to get it from the models.

Rows exist only for items whose status is Published; the publish time is checked when searching,
so scheduled items appear on time with no cron job. Results are then loaded through each model's
`published()`, the one place that decides visibility.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps

from portal.params import CONTROL_CHARS, INVISIBLE_CHARS

# Private markers that snippet()/ts_headline put around matches; removed from indexed text so
# content can never forge a highlight.
MARK_START, MARK_END = "\x02", "\x03"
ENGLISH = "en"  # a piece's language, where its kind has one; the others are always in English
_TAG = re.compile(r"<[^>]*>")
# Tags that end a line of text; any other tag (a link, emphasis) sits inside a sentence.
_BLOCK = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|table|thead|tbody|tr|td|th|dl|dt|dd|hr|br)\b[^>]*>"
)
_IMAGE = re.compile(r"<img\b[^>]*>")
_HEADING = re.compile(r"(<h[1-6]\b[^>]*>)(.*?)(</h[1-6]>)", re.S)
_SPACE = re.compile(r"[ \t]+")
# How much of a body is indexed: many times the longest explainer. PostgreSQL can't index a
# text with more than 1 MB of distinct words (the publish failed), and SQLite's snippet() of a
# word repeated tens of thousands of times took seconds for every search that found it.
MAX_BODY_CHARS = 200_000
_BLANK_LINES = re.compile(r"\s*\n\s*")


def clean(text):
    # Invisible characters inside a word go first, so the word's halves join up again.
    return CONTROL_CHARS.sub(" ", INVISIBLE_CHARS.sub("", text or ""))


def _end_heading(match):
    # A heading becomes a sentence of its own, so a snippet doesn't run it into the next one.
    start, inner, end = match.groups()
    if not re.search(r"[.!?:;]\s*$", _TAG.sub("", inner)):
        inner += "."
    return start + inner + end


def html_to_text(markup):
    """Sanitized HTML (from portal.markdown) -> plain text, each block on a line of its own."""
    text = _BLOCK.sub("\n", _HEADING.sub(_end_heading, markup or ""))
    text = _IMAGE.sub(" ", text)  # an image between two words keeps them apart
    text = html.unescape(_SPACE.sub(" ", _TAG.sub("", text)))
    return _BLANK_LINES.sub("\n", clean(text)).strip()


@dataclass
class Document:
    kind: str
    object_id: int
    title: str
    summary: str
    body: str
    topic_ids: list[int]
    published_at: datetime
    language: str = ENGLISH


@dataclass(frozen=True)
class Kind:
    name: str  # stored in the index, and the ?type= value
    model_label: str
    title_field: str
    summary_field: str | None
    html_field: str
    list_defer: tuple = ()  # long fields result lists never show
    language_field: str | None = None  # what a piece is written in, when not always English

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def is_installed(self):
        try:
            self.model  # noqa: B018
        except LookupError:
            return False
        return True

    def document(self, obj):
        return Document(
            kind=self.name,
            object_id=obj.pk,
            title=clean(getattr(obj, self.title_field)),
            summary=clean(getattr(obj, self.summary_field)) if self.summary_field else "",
            body=html_to_text(getattr(obj, self.html_field))[:MAX_BODY_CHARS],
            topic_ids=sorted(topic.pk for topic in obj.topics.all()),
            published_at=obj.published_at,
            language=getattr(obj, self.language_field) if self.language_field else ENGLISH,
        )

    def indexable(self):
        """Everything marked Published, scheduled or not."""
        return self.model.objects.marked_published().prefetch_related("topics")

    def visible(self):
        return self.model.objects.published().prefetch_related("topics")


KINDS = {
    kind.name: kind
    for kind in [
        Kind(
            "article",
            "articles.Article",
            "title",
            "summary",
            "body_html",
            list_defer=("body", "body_html", "toc"),
        ),
        Kind(
            "faq",
            "faq.FaqEntry",
            "question",
            None,
            "answer_html",
            list_defer=("answer",),
            language_field="language",
        ),
    ]
}


def installed_kinds():
    return [kind for kind in KINDS.values() if kind.is_installed()]


def kind_for_model(model):
    label = model._meta.label
    return next((kind for kind in KINDS.values() if kind.model_label == label), None)
