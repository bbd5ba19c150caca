from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def explainers_due():
    """How many public explainers are due for review, for the admin's home page (faq_admin's
    entries_due counts FAQ entries). One query."""
    return Article.objects.due_for_review().count()
