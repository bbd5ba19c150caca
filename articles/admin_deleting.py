"""Deleting an explainer or FAQ entry (refused to editors while readers see it, and its
confirmation page says what deleting ends) or a topic (refused while pieces use it)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Article, FormerSlug

UNPUBLISH_FIRST = _(
    "“%(piece)s” is published, so it wasn't deleted: readers can see it, and every link to it "
    "would lead to “page not found”. To take it down, unpublish it (set Status to Draft and "
    "save): links then say it was taken down, and it can be published again. A draft can be "
    "deleted."
)

TOPIC_IN_USE = _(
    "“%(topic)s” is used by %(explainers)s and %(entries)s, so it wasn't deleted: it would be "
    "taken off all of them, with no record of which. Move them to another topic first, or "
    "rename this one (its old address then leads to the new one)."
)
TOPIC_IN_USE_HELP = _(
    "A topic in use can't be deleted: move its pieces to another topic first, or rename it."
)


def plural(one, many):
    """A message with "%(count)d" in it, in the form that count takes."""
    return ngettext_lazy(one, many, "count")


EARLIER_ADDRESSES = plural(
    "So does the %(count)d earlier address that redirects to it.",
    "So do the %(count)d earlier addresses that redirect to it.",
)


def what_deleting_ends(piece):
    """What readers and askers lose when `piece` is deleted, in plain words: the delete page
    lists these rather than Django's rows ("Article_topics object (10)")."""
    earlier = FormerSlug.objects.filter(model=piece._meta.label_lower, object_id=piece.pk)
    counted = [(earlier, EARLIER_ADDRESSES)]
    if isinstance(piece, Article):
        counted += [
            (
                piece.sources,
                plural("Its %(count)d source is deleted.", "Its %(count)d sources are deleted."),
            ),
            (
                piece.faq_entries,
                plural(
                    "%(count)d FAQ entry no longer lists it as a related explainer.",
                    "%(count)d FAQ entries no longer list it as a related explainer.",
                ),
            ),
            (
                piece.submitted_questions,
                plural(
                    "%(count)d reader question asked about it no longer links to it.",
                    "%(count)d reader questions asked about it no longer link to it.",
                ),
            ),
        ]
    else:
        counted += [
            (
                piece.source_questions.exclude(notified_at=None),
                plural(
                    "%(count)d asker was emailed its address: that link stops working.",
                    "%(count)d askers were emailed its address: that link stops working.",
                ),
            ),
            (
                piece.source_questions.filter(state="answered", notified_at=None),
                plural(
                    "%(count)d reader question it answers goes back to “In review” (its asker "
                    "wasn't emailed yet).",
                    "%(count)d reader questions it answers go back to “In review” (their askers "
                    "weren't emailed yet).",
                ),
            ),
        ]
    counted.append(
        (
            piece.topics,
            plural(
                "Its %(count)d topic page no longer lists it.",
                "Its %(count)d topic pages no longer list it.",
            ),
        )
    )
    if piece.public_slug or earlier.exists():
        lines = [
            _(
                "Its address leads to “page not found”: links to it in search engines, other "
                "sites and emails stop working."
            )
        ]
    else:
        lines = [_("Readers never saw it, so no link to it stops working.")]
    for rows, message in counted:
        if count := rows.count():
            lines.append(message % {"count": count})
    lines.append(_("Its earlier versions are deleted: none can be put back."))
    lines.append(_("Images uploaded for it and used nowhere else are deleted a week later."))
    return lines


def explainers(topic):
    count = topic.articles.count()
    return plural("%(count)d explainer", "%(count)d explainers") % {"count": count}


def faq_entries(topic):
    count = topic.faq_entries.count()
    return plural("%(count)d FAQ entry", "%(count)d FAQ entries") % {"count": count}
