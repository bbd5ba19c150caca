"""Askers' names and emails, and searches without results, are removed after a set time."""

import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from faq.emails import notify_askers
from faq.models import FaqEntry, SubmittedQuestion
from portal.models import ZeroResultSearch
from tests.factories import make_faq, make_question

pytestmark = pytest.mark.django_db


def closed(days_ago, state="answered", **fields):
    return make_question(
        name="Dana",
        email="dana@example.org",
        state=state,
        closed_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def personal(question):
    question.refresh_from_db()
    return question.name, question.email


def still_open(days_ago, state="in_review"):
    return make_question(
        name="Sam",
        email="sam@example.org",
        state=state,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_removes_names_and_emails_only_from_questions_closed_long_ago(capsys):
    expired = [closed(91), closed(200, state="rejected"), closed(95, state="spam")]
    recent = closed(89)
    open_for_months = still_open(300)

    call_command("purge_asker_data")

    for question in expired:
        assert personal(question) == ("", "")
        assert question.personal_data_removed_at is not None
        assert question.question  # the question itself stays, for the FAQ's record
    assert personal(recent) == ("Dana", "dana@example.org")
    assert personal(open_for_months) == ("Sam", "sam@example.org")
    assert "3 question(s)" in capsys.readouterr().out


def test_a_question_nobody_closes_loses_its_name_and_email_after_a_year(settings):
    forgotten = [still_open(366), still_open(400, state="new")]
    waiting = still_open(364, state="new")
    answered_recently_after_a_long_wait = closed(
        10, created_at=timezone.now() - datetime.timedelta(days=500)
    )

    call_command("purge_asker_data", verbosity=0)

    for question in forgotten:
        assert personal(question) == ("", "")
        assert question.personal_data_removed_at is not None
        assert question.state != "answered"  # still in the queue, just without the details
    assert personal(waiting) == ("Sam", "sam@example.org")
    # Closed recently: the closed-question clock decides, not its age.
    assert personal(answered_recently_after_a_long_wait) == ("Dana", "dana@example.org")

    settings.FAQ_OPEN_QUESTION_DAYS = 30
    call_command("purge_asker_data", verbosity=0)
    assert personal(waiting) == ("", "")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_an_asker_waiting_for_the_answer_email_keeps_it_until_the_email_goes(settings):
    draft = make_faq(status=FaqEntry.Status.DRAFT)
    # Answered by a draft 200 days ago, and nobody has published it since.
    waiting = closed(200, faq_entry=draft, created_at=days_ago(201))
    call_command("purge_asker_data", verbosity=0)
    assert personal(waiting) == ("Dana", "dana@example.org")

    draft.status = FaqEntry.Status.PUBLISHED
    draft.published_at = days_ago(0)
    draft.save()
    assert notify_askers() == 1
    # Told just now: the clock runs from the email, not from when the draft was saved.
    call_command("purge_asker_data", verbosity=0)
    assert personal(waiting) == ("Dana", "dana@example.org")

    SubmittedQuestion.objects.filter(pk=waiting.pk).update(notified_at=days_ago(91))
    call_command("purge_asker_data", verbosity=0)
    assert personal(waiting) == ("", "")


def test_an_answer_email_that_never_goes_keeps_the_address_no_longer_than_a_year():
    draft = make_faq(status=FaqEntry.Status.DRAFT)
    forgotten_draft = closed(300, faq_entry=draft, created_at=days_ago(366))
    # Nothing to wait for: answered without an entry, or by an entry but with no email to send.
    without_entry = closed(91, created_at=days_ago(100))
    no_email = make_question(name="Dana", state="answered", faq_entry=draft, closed_at=days_ago(91))

    call_command("purge_asker_data", verbosity=0)

    for question in [forgotten_draft, without_entry, no_email]:
        assert personal(question) == ("", ""), question


def test_dry_run_changes_nothing():
    question = closed(120)
    call_command("purge_asker_data", dry_run=True, verbosity=0)
    assert personal(question) == ("Dana", "dana@example.org")


def test_days_come_from_the_setting_or_the_option(settings):
    question = closed(40)
    settings.FAQ_PERSONAL_DATA_DAYS = 60
    call_command("purge_asker_data", verbosity=0)
    assert personal(question) == ("Dana", "dana@example.org")
    settings.FAQ_PERSONAL_DATA_DAYS = 30
    call_command("purge_asker_data", verbosity=0)
    assert personal(question) == ("", "")
    other = closed(10)
    call_command("purge_asker_data", days=7, verbosity=0)
    assert personal(other) == ("", "")


def test_closing_starts_and_reopening_stops_the_clock(moderator):
    reopened = make_question(email="dana@example.org")
    reopened.move_to(SubmittedQuestion.State.REJECTED, moderator)
    assert reopened.closed_at is not None
    reopened.move_to(SubmittedQuestion.State.IN_REVIEW, moderator)
    assert reopened.closed_at is None
    still_closed = make_question(email="sam@example.org")
    still_closed.move_to(SubmittedQuestion.State.SPAM, moderator)
    call_command("purge_asker_data", days=0, verbosity=0)
    assert personal(reopened) == ("", "dana@example.org")
    assert personal(still_closed) == ("", "")


def test_searches_without_results_are_deleted_once_nobody_has_made_them_for_that_long(capsys):
    today = timezone.localdate()
    searches = [
        ("old gap", 3, 91), ("recent gap", 3, 90), ("new gap", 3, 0),
        # Made once: gone after a week (it may be one reader's search for a person).
        ("maria gonzalez", 1, 8), ("jose ramirez", 1, 7),
    ]  # fmt: skip
    for query, count, days_ago in searches:
        ZeroResultSearch.objects.create(
            query=query, count=count, last_seen=today - datetime.timedelta(days=days_ago)
        )

    call_command("purge_asker_data", dry_run=True)
    assert "2 search(es) without results would be deleted" in capsys.readouterr().out
    assert ZeroResultSearch.objects.count() == 5

    call_command("purge_asker_data")
    assert set(ZeroResultSearch.objects.values_list("query", flat=True)) == {
        "recent gap",
        "new gap",
        "jose ramirez",
    }
    assert "deleted 2 search(es)" in capsys.readouterr().out


def test_a_day_count_out_of_range_is_refused_before_anything_is_removed():
    # It would put the cut-off in the future and remove every closed question's details.
    recent = closed(1)
    for days in ["-1", "99999999999"]:
        with pytest.raises(CommandError, match="whole number of days"):
            call_command("purge_asker_data", "--days", days)
    assert personal(recent) == ("Dana", "dana@example.org")


def test_expired_rate_limit_and_page_files_are_deleted_and_live_ones_kept(rf, tmp_path, capsys):
    # The file cache deletes an expired file only when its key is read again, and a passed
    # rate-limit window never is: the file named from a reader's hashed address would stay for
    # weeks, against the form's "for up to a day".
    from django.core.cache import caches
    from django.test import override_settings

    from portal.ratelimit import RateLimit
    from tests.helpers.caches import file_caches

    with override_settings(CACHES=file_caches(tmp_path)):
        reader = rf.post("/faq/ask/", REMOTE_ADDR="192.0.2.9")
        RateLimit(reader, "faq-ask", 5, 1).hit()  # a one-second window
        RateLimit(reader, "faq-suggest", 240, 3600).hit()  # still counting
        caches["default"].set("page", "<html>an answer since deleted</html>", 1)
        caches["default"].set("live-page", "<html>", 600)
        time.sleep(1.1)
        call_command("purge_asker_data")
        left = sorted(path.parent.name for path in tmp_path.rglob("*.djcache"))
    assert left == ["counters", "pages"]  # the live count and the live page
    assert "and 2 expired cache file(s)" in capsys.readouterr().out


def test_an_hourly_run_with_nothing_to_remove_prints_nothing(capsys):
    # Each line cron prints is a mail to the operator: 24 a day saying "0".
    call_command("purge_asker_data")
    assert capsys.readouterr().out == ""
    call_command("purge_asker_data", verbosity=2)
    assert "Removed name and email from 0 question(s)" in capsys.readouterr().out


def test_requests_to_be_forgotten_are_done_again_after_a_restore(client, moderator, settings):
    # A backup made before the requests brings the details back, and an answer email still due
    # would go to the reader who asked to be forgotten.
    removed = make_question(name="Vera", email="v@example.org")
    regretted = make_question(question="Detained at 12 Elm St, A-number 123456789. What now?")
    kept = make_question(name="Sam", email="sam@example.org")
    backup = {q.pk: (q.question, q.name, q.email, q.created_at) for q in (removed, regretted, kept)}
    client.force_login(moderator)
    client.post(
        "/admin/faq/submittedquestion/?state__exact=all",
        {"action": "remove_personal_data", "_selected_action": [removed.pk], "apply": "yes"},
    )
    client.post(
        f"/admin/faq/submittedquestion/{regretted.pk}/delete/",
        {"post": "yes", "delete_reason": "asker"},
    )
    assert not SubmittedQuestion.objects.filter(pk=regretted.pk).exists()
    record = settings.ERASURE_LOG.read_text()
    assert "v@example.org" not in record and "Vera" not in record and "Elm" not in record

    # The restore: every row as the backup had it.
    for pk, (text, name, email, created_at) in backup.items():
        SubmittedQuestion.objects.update_or_create(
            pk=pk, defaults={"question": text, "name": name, "email": email,
                             "created_at": created_at},
        )  # fmt: skip

    call_command("reapply_erasures", dry_run=True)
    assert SubmittedQuestion.objects.get(pk=removed.pk).email == "v@example.org"
    call_command("reapply_erasures")

    assert personal(removed) == ("", "")
    assert not SubmittedQuestion.objects.filter(pk=regretted.pk).exists()
    assert personal(kept) == ("Sam", "sam@example.org")
    # A question that took a deleted one's id after the restore is someone else's: left alone.
    make_question(pk=regretted.pk, question="A new question", email="new@example.org")
    call_command("reapply_erasures")
    assert SubmittedQuestion.objects.get(pk=regretted.pk).email == "new@example.org"


def test_a_question_deleted_for_another_reason_comes_back_with_a_restore(
    client, moderator, settings
):
    # A test question, or one deleted by mistake: only an asker's request is recorded, so a
    # restore from a backup can still bring this one back, and reapply_erasures leaves it.
    question = make_question(question="Can I vote by mail?", email="m@example.org")
    backup = {"question": question.question, "email": question.email,
              "created_at": question.created_at}  # fmt: skip
    client.force_login(moderator)
    client.post(
        "/admin/faq/submittedquestion/?state__exact=all",
        {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes",
         "delete_reason": "other"},
    )  # fmt: skip
    assert not SubmittedQuestion.objects.exists()
    assert not settings.ERASURE_LOG.exists()

    SubmittedQuestion.objects.create(pk=question.pk, **backup)  # the restore
    call_command("reapply_erasures")
    assert personal(question) == ("", "m@example.org")


def test_a_removal_the_record_cannot_take_is_done_and_the_moderator_told(
    client, moderator, settings, tmp_path, caplog
):
    (tmp_path / "not-a-folder").write_text("")
    settings.ERASURE_LOG = tmp_path / "not-a-folder" / "erasures.log"
    question = make_question(name="Vera", email="v@example.org")
    client.force_login(moderator)
    response = client.post(
        "/admin/faq/submittedquestion/?state__exact=all",
        {"action": "remove_personal_data", "_selected_action": [question.pk], "apply": "yes"},
        follow=True,
    )
    assert personal(question) == ("", "")  # the request itself is done
    assert "couldn&#x27;t be added to the record of erasures" in response.content.decode()
    assert "erasure record not written" in caplog.text and "v@example.org" not in caplog.text


def test_every_text_a_reader_gives_is_classed_personal_or_not():
    # The purge, the erasures, their replay after a restore and the moderators-only admin all
    # read SubmittedQuestion.PERSONAL_FIELDS: a new field left out of it (a phone number, say)
    # would be kept forever and shown to every staff member, and no other test would notice.
    not_personal = {"question", "fingerprint", "state", "internal_note"}
    texts = {
        field.name
        for field in SubmittedQuestion._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField))
    }
    assert texts == {*SubmittedQuestion.PERSONAL_FIELDS, *not_personal}
