"""Delete uploaded images that no article or FAQ entry uses any more.

Nothing else removes an upload: an image taken out of a piece's text, or left in a deleted piece
or an abandoned draft, would otherwise stay public at its address for good.
"""

import logging
from argparse import ArgumentTypeError
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.uploads import UPLOAD_NAME, original_of, uploads_folder
from portal.uploads_in_use import uploads_in_use

logger = logging.getLogger(__name__)

# An image uploaded into an editor is in no saved piece until the editor saves: a week covers a
# tab left open over a weekend or a holiday (deleted first, the save would publish a broken image).
GRACE_HOURS = 7 * 24
MAX_HOURS = 100 * 366 * 24  # more can't be counted back from now


def whole_hours(text):
    if not text.isdigit() or int(text) > MAX_HOURS:
        raise ArgumentTypeError(f"must be a whole number of hours from 0 to {MAX_HOURS}")
    return int(text)


def upload_name(address):
    """The file name in "/media/uploads/<name>", a full URL to it, or the name itself."""
    return unquote(urlsplit(address).path).rsplit("/", 1)[-1]


class Command(BaseCommand):
    help = (
        "Delete the images in the media storage's uploads folder that no article or FAQ entry, "
        "in any state, refers to, once they are older than the grace period (an image just "
        "put into an editor is in no saved piece yet). Name uploads to delete only those, at "
        "once. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "uploads",
            nargs="*",
            metavar="UPLOAD",
            help="Only these uploads, whatever their age: a file name or its address "
            "(/media/uploads/<name>). Refused while a piece still uses one.",
        )
        parser.add_argument(
            "--grace-hours",
            type=whole_hours,
            default=GRACE_HOURS,
            help=f"Keep uploads newer than this many hours (default: {GRACE_HOURS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args, uploads=(), grace_hours, dry_run=False, verbosity=1, **options):
        folder = uploads_folder()
        try:
            stored = self.stored(folder, verbosity)
        except Exception as error:  # object stores raise their own errors, not OSError
            raise storage_error(f"reading {folder}/", error) from error
        named = {upload_name(address) for address in uploads}
        if missing := named - stored:
            raise CommandError(f"No upload named {', '.join(sorted(missing))} in {folder}/.")
        used = uploads_in_use()
        # A narrow copy is kept and deleted with its upload, whatever the pieces' HTML names: a
        # piece rendered before the copy was made names only the upload.
        used.update({name: used[original_of(name)] for name in stored if original_of(name) in used})
        if still_used := {name: sorted(used[name]) for name in sorted(named) if name in used}:
            where = "; ".join(f"{name} by {', '.join(by)}" for name, by in still_used.items())
            raise CommandError(f"Still used, so kept: {where}. Take it out of the piece first.")
        named |= {name for name in stored if original_of(name) in named}

        unused = sorted((named or stored) - used.keys())
        cutoff = timezone.now() - timedelta(hours=grace_hours)
        try:
            old = [
                name
                for name in unused
                if named or default_storage.get_modified_time(f"{folder}/{name}") <= cutoff
            ]
        except Exception as error:
            raise storage_error(f"reading the age of files in {folder}/", error) from error

        if named:
            kept = ""
        else:
            in_use, recent = len(stored) - len(unused), len(unused) - len(old)
            kept = f"; kept {in_use} in use and {recent} newer than {grace_hours} hour(s)"
        if dry_run:
            for name in old:
                self.stdout.write(f"Would delete {folder}/{name}")
            self.stdout.write(f"Would delete {len(old)} upload(s){kept}.")
            return
        for done, name in enumerate(old):
            try:
                default_storage.delete(f"{folder}/{name}")
            except Exception as error:
                raise storage_error(f"deleting from {folder}/ ({done} deleted)", error) from error
            if verbosity >= 2:
                self.stdout.write(f"Deleted {folder}/{name}")
        if old:
            logger.info("Deleted %d unused upload(s)", len(old))
        if verbosity >= 1:
            self.stdout.write(f"Deleted {len(old)} upload(s){kept}.")

    def stored(self, folder, verbosity):
        """The names of the files directly in the uploads folder. Subfolders aren't entered (a
        link to a folder elsewhere would lead out of it); other names are left alone."""
        try:
            _folders, files = default_storage.listdir(folder)
        except FileNotFoundError:  # nothing uploaded yet
            return set()
        for name in files:
            if not UPLOAD_NAME.fullmatch(name) and verbosity >= 2:
                self.stdout.write(f"Left alone (not a name uploads are given): {folder}/{name}")
        return {name for name in files if UPLOAD_NAME.fullmatch(name)}


def storage_error(doing, error):
    # The error's type only in the log; its text (a path, the store's answer) for the operator.
    logger.error("Pruning uploads stopped by a storage error: %s", type(error).__name__)
    return CommandError(f"Storage error while {doing}: {type(error).__name__}: {error}")
