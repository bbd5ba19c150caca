"""Back up the database while the site keeps running (#6)."""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "SQLite: copy the live database with SQLite's online backup into backups/ and check "
        "the copy. PostgreSQL: print the pg_dump and pg_restore commands to use."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write (default: backups/db-<date>-<time>.sqlite3)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done.")

    def handle(self, *args, output=None, dry_run=False, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "postgresql":
            return self.postgres_guidance(stamp)
        if connection.vendor != "sqlite":
            raise CommandError(f"No backup method for {connection.vendor}.")
        target = Path(output) if output else settings.BASE_DIR / "backups" / f"db-{stamp}.sqlite3"
        if target.exists():
            raise CommandError(f"{target} already exists; choose another --output.")
        if dry_run:
            self.stdout.write(f"Would back up the SQLite database to {target}.")
            return
        self.backup_sqlite(target)
        if options["verbosity"] >= 1:
            size = target.stat().st_size
            self.stdout.write(self.style.SUCCESS(f"Backed up {size:,} bytes to {target}."))

    def backup_sqlite(self, target):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        if not connection.introspection.table_names():
            # A wrong DATABASE_URL opens (and creates) an empty file: don't call that a backup.
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} has no tables: "
                "is DATABASE_URL set as for the site?"
            )
        copy = sqlite3.connect(partial)
        partial.chmod(0o600)  # it holds askers' emails and password hashes
        try:
            # One step: in WAL mode the copy is a consistent snapshot and writers carry on;
            # a stepwise copy would restart whenever another worker writes.
            connection.connection.backup(copy)
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
        if result != "ok":
            partial.unlink()
            raise CommandError(f"The copy failed its integrity check: {result}")
        partial.rename(target)  # a finished file only ever appears under its final name

    def postgres_guidance(self, stamp):
        db = connection.settings_dict
        host = f"-h {db['HOST'] or 'localhost'} -p {db['PORT'] or 5432} -U {db['USER']}"
        name = db["NAME"]
        dump = f"backups/{name}-{stamp}.dump"
        self.stdout.write(
            "PostgreSQL is backed up with its own tools (the password comes from PGPASSWORD "
            "or ~/.pgpass; nothing here prints it):\n\n"
            # umask: the dump holds askers' emails and password hashes, like the SQLite copies.
            f"  (umask 077 && mkdir -p backups && pg_dump {host} --format=custom --no-owner "
            f"--file={dump} {name})\n\n"
            "Restore (stop the app servers first; --clean replaces what is there), then run "
            "manage.py migrate with the app servers' environment (it empties their page "
            "cache):\n\n"
            f"  pg_restore {host} --no-owner --clean --if-exists --dbname={name} {dump}\n\n"
            "Managed PostgreSQL services offer point-in-time recovery; turn it on as well."
        )
