"""A reader's question arrives while something else is going on: it is stored once, and never
lost to a server error."""

import pytest
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import pre_save
from django.test import Client

from articles.models import Article
from faq.models import SubmittedQuestion
from portal.ratelimit import counters
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email_again, copies",
    [("dana@example.org", 1), ("Dana@Example.org", 1), ("dana@exmaple.org", 2)],
)
def test_a_double_click_with_an_email_stores_one_copy_while_the_first_is_being_stored(
    client, email_again, copies
):
    # The second click arrives as the first copy is being stored, before anyone else can see
    # it: here from inside its save, as it does from another worker while the first waits for
    # SQLite's write lock behind a moderator's bulk action, say.
    again = Client()  # the same browser: the same address
    seconds = []

    def click_again(sender, instance, **kwargs):
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-double-click")
        seconds.append(ask(again, action="send", name="Dana", email=email_again))
        if isinstance(counters(), LocMemCache):  # its values can be read back
            assert not any(b"example" in value for value in counters()._cache.values())

    pre_save.connect(click_again, sender=SubmittedQuestion, dispatch_uid="test-double-click")
    try:
        first = ask(client, action="send", name="Dana", email="dana@example.org")
    finally:
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-double-click")
    (second,) = seconds
    assert first.status_code == second.status_code == 302
    assert SubmittedQuestion.objects.count() == copies
    thanks = again.get(second["Location"]).content.decode()
    if copies == 1:  # the same address, whatever its case
        assert SubmittedQuestion.objects.get().email == "dana@example.org"
        assert "so we kept one copy. We will email you" in thanks
    else:  # another one, maybe a corrected one: it hears back too
        emails = set(SubmittedQuestion.objects.values_list("email", flat=True))
        assert emails == {"dana@example.org", "dana@exmaple.org"}
        assert "copy" not in thanks
