import datetime

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from faq.models import FaqEntry, SubmittedQuestion

register = template.Library()
State = SubmittedQuestion.State


@register.simple_tag
def entries_due():
    """How many public FAQ entries are due for review, for the admin's home page. One query."""
    return FaqEntry.objects.due_for_review().count()


@register.simple_tag
def queue_counts():
    """What the admin's home page tells moderators: new questions, those in review (taken up
    but not answered), and how many arrived today by the site's calendar. One query."""
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return SubmittedQuestion.objects.aggregate(
        new=Count("pk", filter=Q(state=State.NEW)),
        in_review=Count("pk", filter=Q(state=State.IN_REVIEW)),
        today=Count("pk", filter=Q(created_at__gte=today)),
    )
