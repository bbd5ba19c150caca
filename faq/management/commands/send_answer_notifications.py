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
            if verbosity:
                self.stdout.write(f"{count} answer email(s) pending.")
            return
        sent = notify_askers()
        pending = SubmittedQuestion.objects.awaiting_notification().count()
        # Quiet when there was nothing to do: cron mails whatever a command prints, and this
        # runs every few minutes.
        if verbosity and (sent or pending or verbosity > 1):
            self.stdout.write(f"Sent {sent} answer email(s); {pending} still pending.")
