from django.core.management.base import BaseCommand

from faq.emails import notify_askers
from faq.models import SubmittedQuestion


class Command(BaseCommand):
    help = (
        "Email askers whose question is answered by a published FAQ entry and who haven't been "
        "told yet: retries failed sends and catches entries published on a schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count pending emails; send nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            count = SubmittedQuestion.objects.awaiting_notification().count()
            message = f"{count} answer email(s) pending."
        else:
            count = notify_askers()
            pending = SubmittedQuestion.objects.awaiting_notification().count()
            message = f"Sent {count} answer email(s); {pending} still pending."
        if verbosity:
            self.stdout.write(message)
