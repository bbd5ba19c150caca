from django import template

from articles.models import REVIEW_MONTHS, Article

register = template.Library()


@register.simple_tag
def explainers_due():
    """How many public explainers are due for review, for the admin's home page (faq_admin's
    entries_due counts FAQ entries). One query."""
    return Article.objects.due_for_review().count()


@register.simple_tag
def review_months():
    """How long a piece goes unchecked before it is due for review (REVIEW_AFTER), in the
    months editors are told."""
    return REVIEW_MONTHS
