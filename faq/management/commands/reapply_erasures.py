from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from faq import erasures
from faq.models import SubmittedQuestion

# What a question edited to take personal details out reads after a restore brought back its
# earlier text (the edit itself isn't in the record).
EDIT_UNDONE = _(
    "[A moderator edited this question to take personal details out. A restore from a backup "
    "brought back the earlier text, so it was removed.]"
)


class Command(BaseCommand):
    help = (
        "After restoring a backup, before the app servers and the email retry start: remove "
        "again the askers' names and emails, and delete again the questions, that were removed "
        "or deleted at their request since the backup was made (the record in ERASURE_LOG), "
        "and clear the text of questions edited since to take personal details out. "
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
        # A text edited to take personal details out, back as it was before the edit: its
        # edited words are in no record, so the whole text goes.
        edits = erasures.edited()
        rows = SubmittedQuestion.objects.filter(pk__in={pk for pk, _ in edits})
        cleared = [
            pk
            for pk, created_at, text in rows.values_list("pk", "created_at", "question")
            if (pk, created_at) in edits
            and erasures.text_hash(text) != edits[(pk, created_at)]
            and text != str(EDIT_UNDONE)
            and pk not in deleted
        ]
        if not dry_run:
            SubmittedQuestion.objects.filter(pk__in=removed).forget_personal_data()
            SubmittedQuestion.objects.filter(pk__in=deleted).delete()
            for question in SubmittedQuestion.objects.filter(pk__in=cleared):
                question.question = str(EDIT_UNDONE)
                question.save(update_fields=["question", "fingerprint", "updated_at"])
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{len(actions)} request(s) in the record: {len(removed)} name and email removal(s) "
            f"and {len(deleted)} deletion(s) {verb} done again."
        )
        if edits:
            self.stdout.write(
                f"{len(edits)} question(s) edited to take personal details out: {len(cleared)} "
                f"{verb} back as before the edit, and their text removed."
            )
