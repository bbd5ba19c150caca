from django import template

from faq.models import SubmittedQuestion

register = template.Library()


@register.simple_tag
def new_question_count():
    return SubmittedQuestion.objects.filter(state=SubmittedQuestion.State.NEW).count()
