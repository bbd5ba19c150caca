import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal import search
from portal.search import bench


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic archive: generates N published articles into a "
        "THROWAWAY database (its name must contain 'bench'; it is emptied first), builds the "
        "index, and times the search view and a naive icontains baseline."
    )

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=100_000, help="Articles (default 100,000).")
        parser.add_argument("--rounds", type=int, default=3, help="Passes over the 50 queries.")
        parser.add_argument(
            "--baseline-queries", type=int, default=50,
            help="How many of the queries the slow icontains baseline runs (default all 50).",
        )  # fmt: skip
        parser.add_argument(
            "--reuse", action="store_true", help="Keep existing data; only measure again."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the target and stop.")

    def handle(self, *args, n, rounds, baseline_queries, reuse, dry_run, verbosity=1, **opts):
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in Path(name).name:
            raise CommandError(
                f"Refusing to touch {name!r}: point DATABASE_URL at a throwaway database "
                "whose name contains 'bench' (make bench does)."
            )
        self.stdout.write(f"Target: {connection.vendor} {name}")
        if dry_run:
            return
        settings.DEBUG = False  # no query log: time what production runs
        report = {"vendor": connection.vendor, "n": n, "cpus": os.cpu_count()}
        if not reuse:
            self.reset(name)
            seconds, _ = bench.timed(bench.generate, n, 2000, self.stdout.write)
            report["generate_s"] = round(seconds, 1)
            self.stdout.write(f"Generated {n:,} articles in {seconds:.1f} s; building index…")
            with transaction.atomic():
                seconds, count = bench.timed(search.rebuild, 2000)
            report["index_build_s"] = round(seconds, 1)
            self.analyze()
        report["index_mb"] = round(search.backend().size_bytes() / 2**20, 1)
        report["database_mb"] = round(bench.database_bytes() / 2**20, 1)
        self.stdout.write(f"Index: {report['index_mb']} MB; database {report['database_mb']} MB")

        queries = bench.queries(bench.Corpus().words)
        runs = bench.measure_view(queries, rounds)
        report["search_first_pass"] = bench.summary(runs[0])
        report["search_all_passes"] = bench.summary([s for run in runs for s in run])
        # Each query's median over the passes: damps pauses caused by other processes.
        per_query = [bench.statistics.median(times) for times in zip(*runs, strict=True)]
        report["search_per_query_median"] = bench.summary(per_query)
        slowest = sorted(zip(runs[0], queries, strict=True), reverse=True)[:5]
        report["slowest_first_pass"] = {q: round(s * 1000, 1) for s, q in slowest}
        self.stdout.write(f"Search view: {report['search_first_pass']}")

        if baseline_queries:
            subset = queries[:: max(1, len(queries) // baseline_queries)][:baseline_queries]
            report["baseline_queries"] = len(subset)
            report["baseline"] = bench.summary(bench.measure_naive(subset))
            ratio = report["baseline"]["median_ms"] / report["search_first_pass"]["median_ms"]
            report["speedup_median"] = round(ratio, 1)
            self.stdout.write(f"icontains baseline: {report['baseline']}")
        self.stdout.write(json.dumps(report, indent=2))

    def reset(self, name):
        connection.close()
        if connection.vendor == "sqlite":
            for suffix in ["", "-wal", "-shm"]:
                Path(name + suffix).unlink(missing_ok=True)
        else:
            import psycopg

            db = connection.settings_dict
            params = {"user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"]}
            params.update(port=db["PORT"] or None, dbname="postgres", autocommit=True)
            with psycopg.connect(**params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
        call_command("migrate", verbosity=0)

    def analyze(self):
        # What autovacuum does soon after a bulk load: statistics, hint bits, visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
