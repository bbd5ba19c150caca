"""A reader's question arrives while something else is going on: it is stored once, and never
lost to a server error."""

from django.core import mail
from django.db.models.signals import pre_save

from articles.models import Article
from faq.models import SubmittedQuestion
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article
from tests.test_questions import QUESTION, ask


# Real commits: both databases check the question's link to its explainer only at commit.
@TRANSACTIONAL
def test_a_question_about_an_explainer_deleted_as_it_is_sent_is_kept_without_it(client, settings):
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    article = make_article(slug="detainers", sources=1)

    # An editor deletes the explainer after the form found it, as the question is stored.
    # The delete shares the question's transaction here, so it is undone with it when the
    # link fails its check, and made again before the question is stored once more.
    def delete_the_explainer(sender, instance, **kwargs):
        Article.objects.filter(pk=article.pk).delete()

    pre_save.connect(delete_the_explainer, sender=SubmittedQuestion, dispatch_uid="test-delete")
    try:
        response = ask(client, action="send", article="detainers")
    finally:
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-delete")
    assert response.status_code == 302 and response["Location"] == "/faq/ask/thanks/"
    question = SubmittedQuestion.objects.get()
    assert question.question == QUESTION and question.article is None
    assert not Article.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks and "copy" not in thanks
    assert len(mail.outbox) == 1  # one alert, for the question that was stored
