from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import BaseCommand

from faq.models import SubmittedQuestion
from portal.cache_files import delete_expired_files
from portal.models import ONE_OFF_DAYS, ZeroResultSearch

MAX_DAYS = 100 * 366  # more can't be counted back from today


def whole_days(text):
    # A negative count would put the cut-off in the future and wipe every closed question.
    if not text.isdigit() or int(text) > MAX_DAYS:
        raise ArgumentTypeError(
            f"must be a whole number of days from 0 to {MAX_DAYS}, not {text!r}"
        )
    return int(text)


class Command(BaseCommand):
    help = (
        "Remove askers' names and emails from reader questions closed (answered, rejected or "
        "spam) more than FAQ_PERSONAL_DATA_DAYS days ago (counted from the answer email, for "
        "askers who got one) or still open FAQ_OPEN_QUESTION_DAYS days after they arrived (an "
        "asker still waiting for the answer email counts as open), searches without results "
        "that nobody has made for FAQ_PERSONAL_DATA_DAYS days (made once: for a week), and the "
        "expired files of the file cache (CACHE_DIR), some named from readers' hashed "
        "addresses. Run it hourly; it prints only when it removed something (-v 2: always)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=whole_days,
            default=None,
            help="Override FAQ_PERSONAL_DATA_DAYS for this run (default: the setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        days = settings.FAQ_PERSONAL_DATA_DAYS if days is None else days
        open_days = settings.FAQ_OPEN_QUESTION_DAYS
        if dry_run:
            count = SubmittedQuestion.objects.personal_data_expired(days, open_days).count()
            searches = ZeroResultSearch.objects.expired(days).count()
            message = (
                f"{count} question(s) would have their name and email removed, "
                f"and {searches} search(es) without results would be deleted."
            )
        else:
            count = SubmittedQuestion.forget_expired_personal_data(days, open_days)
            searches = ZeroResultSearch.forget_old(days)
            files = delete_expired_files()
            message = (
                f"Removed name and email from {count} question(s) closed over {days} days ago "
                f"or still open {open_days} days after they arrived, deleted {searches} "
                f"search(es) without results last made over {days} days ago (or made once, "
                f"over {ONE_OFF_DAYS} days ago), and {files} expired cache file(s)."
            )
            if not (count or searches or files or verbosity > 1):
                return  # hourly from cron: a mail to the operator only when there is news
        if verbosity:
            self.stdout.write(message)
