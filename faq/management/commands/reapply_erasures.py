from django.core.management.base import BaseCommand

from faq import erasures
from faq.models import SubmittedQuestion


class Command(BaseCommand):
    help = (
        "After restoring a backup, before the app servers and the email retry start: remove "
        "again the askers' names and emails, and delete again the questions, that were removed "
        "or deleted at their request since the backup was made (the record in ERASURE_LOG). "
        "A question counts only if its id and its arrival time both match, so one that took a "
        "reused id is left alone. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        actions = erasures.recorded()
        rows = SubmittedQuestion.objects.filter(pk__in={pk for pk, _ in actions})
        due = {erasures.REMOVED: [], erasures.DELETED: []}
        personal = SubmittedQuestion.PERSONAL_FIELDS
        for pk, created_at, *details in rows.values_list("pk", "created_at", *personal):
            action = actions.get((pk, created_at))
            if action == erasures.DELETED or (action == erasures.REMOVED and any(details)):
                due[action].append(pk)
        removed, deleted = due[erasures.REMOVED], due[erasures.DELETED]
        if not dry_run:
            SubmittedQuestion.objects.filter(pk__in=removed).forget_personal_data()
            SubmittedQuestion.objects.filter(pk__in=deleted).delete()
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{len(actions)} request(s) in the record: {len(removed)} name and email removal(s) "
            f"and {len(deleted)} deletion(s) {verb} done again."
        )
