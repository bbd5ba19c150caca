"""A reader wrote personal details into the question itself (a phone number, a case number, a
child's school): a moderator takes them out and keeps the question to answer. The earlier
text is kept nowhere, not even after a restore from an older backup."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from faq import erasures
from faq.admin_erasing import QuestionTextForm
from faq.management.commands.reapply_erasures import EDIT_UNDONE
from faq.models import SubmittedQuestion, fingerprint
from tests.factories import make_question

pytestmark = pytest.mark.django_db

TOLD = (
    "My husband Jose Ramirez was taken at Lincoln Elementary, his A-number is 123-456-789. "
    "Can ICE arrest parents at school pickup?"
)
EDITED = "My husband [removed] was taken at [removed]. Can ICE arrest parents at school pickup?"


def edit_url(question):
    return f"/admin/faq/submittedquestion/{question.pk}/edit-text/"


def shown_hash(page):
    return re.search(r'name="shown" value="([0-9a-f]{64})"', page)[1]


def test_a_moderator_takes_personal_details_out_and_keeps_the_question(client, moderator, settings):
    question = make_question(question=TOLD)
    client.force_login(moderator)
    change = client.get(f"/admin/faq/submittedquestion/{question.pk}/change/").content.decode()
    assert edit_url(question) in change and "Take personal details out of the text…" in change

    page = client.get(edit_url(question)).content.decode()
    assert "Jose Ramirez" in page  # the text to edit
    response = client.post(
        edit_url(question), {"question": EDITED, "shown": shown_hash(page)}, follow=True
    )
    assert "Its earlier text isn&#x27;t kept, not even in the history." in response.text

    question.refresh_from_db()
    assert question.question == EDITED
    assert question.fingerprint == fingerprint(EDITED)  # a repeat of it is a repeat of this
    history = " ".join(LogEntry.objects.values_list("change_message", flat=True))
    assert "Personal details taken out of the text." in history and "Ramirez" not in history
    record = settings.ERASURE_LOG.read_text()
    assert "Ramirez" not in record and erasures.text_hash(EDITED) in record


def test_a_restore_bringing_the_earlier_text_back_clears_it(client, moderator):
    question = make_question(question=TOLD)
    other = make_question(question=TOLD.replace("Jose", "Juan"))
    client.force_login(moderator)
    page = client.get(edit_url(question)).content.decode()
    client.post(edit_url(question), {"question": EDITED, "shown": shown_hash(page)})

    # The restore: the row as an older backup had it.
    SubmittedQuestion.objects.filter(pk=question.pk).update(question=TOLD)
    call_command("reapply_erasures", dry_run=True)
    assert SubmittedQuestion.objects.get(pk=question.pk).question == TOLD
    call_command("reapply_erasures")
    question.refresh_from_db()
    assert question.question == str(EDIT_UNDONE) and "Ramirez" not in question.question
    assert SubmittedQuestion.objects.get(pk=other.pk).question == other.question
    # A backup made after the edit has the edited text: left as it is, and so is a second run.
    SubmittedQuestion.objects.filter(pk=question.pk).update(question=EDITED)
    call_command("reapply_erasures")
    assert SubmittedQuestion.objects.get(pk=question.pk).question == EDITED


def test_an_edit_over_another_moderators_is_refused_and_shows_theirs(client, moderator):
    question = make_question(question=TOLD)
    client.force_login(moderator)
    page = client.get(edit_url(question)).content.decode()
    SubmittedQuestion.objects.filter(pk=question.pk).update(question=EDITED)  # theirs

    response = client.post(
        edit_url(question), {"question": TOLD + " Also my phone", "shown": shown_hash(page)}
    )
    assert "Another moderator changed this text meanwhile." in response.content.decode()
    assert SubmittedQuestion.objects.get(pk=question.pk).question == EDITED
    empty = client.post(edit_url(question), {"question": " ", "shown": shown_hash(page)})
    assert "This field is required." in empty.content.decode()


def test_only_moderators_edit_a_readers_words(client, editor):
    question = make_question(question=TOLD)
    client.force_login(editor)
    assert client.get(edit_url(question)).status_code == 403
    assert client.post(edit_url(question), {"question": EDITED}).status_code == 403
    assert SubmittedQuestion.objects.get(pk=question.pk).question == TOLD


def test_a_long_question_with_line_breaks_is_edited_as_the_browser_sends_it(client, moderator):
    # A browser sends each line break as two characters: counted so, a question near the
    # limit couldn't be saved shorter, and one sent back unchanged counted as edited.
    lines = ["The raid at the school, again:"] * 31  # 30 characters and a line break each
    told = "\n".join([*lines, "Call me at 312-555-0188."])
    assert len(told) <= 1000 < len(told.replace("\n", "\r\n"))
    question = make_question(question=told)
    client.force_login(moderator)
    page = client.get(edit_url(question)).content.decode()

    same = client.post(
        edit_url(question), {"question": told.replace("\n", "\r\n"), "shown": shown_hash(page)}
    )
    assert same.status_code == 302 and not LogEntry.objects.exists()  # "The text is unchanged."
    edited = told.replace("312-555-0188", "[removed]").replace("\n", "\r\n")
    client.post(edit_url(question), {"question": edited, "shown": shown_hash(page)})
    assert SubmittedQuestion.objects.get(pk=question.pk).question == edited.replace("\r\n", "\n")


def test_two_moderators_saving_at_once_cant_put_back_what_one_took_out(
    client, moderator, monkeypatch
):
    question = make_question(question=TOLD)
    client.force_login(moderator)
    page = client.get(edit_url(question)).content.decode()
    real_is_valid = QuestionTextForm.is_valid

    def is_valid(form):
        # The other moderator's edit lands after this request read the row.
        SubmittedQuestion.objects.filter(pk=question.pk).update(question=EDITED)
        return real_is_valid(form)

    monkeypatch.setattr(QuestionTextForm, "is_valid", is_valid)
    response = client.post(
        edit_url(question), {"question": TOLD + " Thanks.", "shown": shown_hash(page)}
    )
    assert "Another moderator changed this text meanwhile." in response.content.decode()
    assert SubmittedQuestion.objects.get(pk=question.pk).question == EDITED
