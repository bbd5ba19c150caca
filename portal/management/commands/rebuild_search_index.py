from django.core.management.base import BaseCommand

from portal import search
from portal.search.documents import installed_kinds


class Command(BaseCommand):
    help = (
        "Bring the search index up to date with every published article and FAQ entry, in "
        "small batches, while the site runs. Not needed in normal use: edits update the index "
        "as they happen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be indexed."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            count = sum(kind.indexable().count() for kind in installed_kinds())
            self.stdout.write(f"Would index {count} documents.")
            return
        # Batch by batch, each committed: the site keeps running meanwhile (refresh()).
        count = search.refresh()
        search.backend().vacuum()
        if verbosity:
            self.stdout.write(f"Indexed {count} documents.")
