"""`make load`: mixed reader traffic, the ceiling benchmark and the two-server check (#6).

For each database (SQLite with the workers' shared file cache; PostgreSQL with Redis): a
fresh database with the demo content, gunicorn with 3 sync workers on 127.0.0.1, then
  1. wrk, 50 connections for LOAD_SECONDS (60): home, article, topic, FAQ and search pages
     and 2% question submissions through the real form; rows counted before and after;
  2. wrk -t2 -c50 for BENCH_SECONDS (15) each: a constant 20 KB page (the ceiling), the
     cached article page, the same page rendered uncached, the constant page after one
     query, and the floor (one query and the empty layout: see load/urls.py).
Then two servers sharing PostgreSQL and Redis: publish/unpublish on one, read on the other.
Loopback only; every step is bounded. Prints Markdown tables for the README.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from load import scaleout  # noqa: E402
from load.server import Gunicorn, base_env, form_fields, manage  # noqa: E402

LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
BENCH_SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "50"))
POSTGRES_URL = os.environ.get(
    "LOAD_POSTGRES_URL", "postgres://portal:portal@127.0.0.1:5432/portal_prod_load"
)
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/2")
RUN_ID = uuid.uuid4().hex[:8]
LOAD_AT_START = os.getloadavg()[0]
WORK = Path(tempfile.mkdtemp(prefix="portal-load-"))


def say(text):
    print(text, flush=True)


def postgres_ready():
    """Recreate the load database; False when no PostgreSQL answers."""
    import psycopg

    parts = urlsplit(POSTGRES_URL)
    name = parts.path.lstrip("/")
    try:
        maintenance = parts._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=3) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        say(f"== PostgreSQL SKIPPED ({type(error).__name__}: {error})".strip())
        return False
    return True


def redis_ready():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def prepare(database_url, **extra):
    env = base_env(
        database_url,
        DJANGO_SETTINGS_MODULE="load.settings",
        STATIC_ROOT=WORK / "static",
        CACHE_KEY_PREFIX=f"load-{RUN_ID}",
        # Every load client is 127.0.0.1: widen the per-address limit so it doesn't turn the
        # 2% submissions into 429s. The honeypot, start time and CSRF checks stay on.
        FAQ_ASK_LIMIT=10**9,
        **extra,
    )
    manage(env, "collectstatic", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--no-accounts")
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": scaleout.ADMIN_PASSWORD},
        "createsuperuser",
        "--no-input",
        "--username=admin",
        "--email=admin@example.org",
    )
    return env


def count_questions(env):
    code = "from faq.models import SubmittedQuestion as Q; print(Q.objects.count())"
    return int(manage(env, "shell", "--no-imports", "-c", code).stdout.split()[-1])


def wrk(url, script, seconds, *args, threads=2):
    command = ["wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", script, url]
    if args:
        command += ["--", *args]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=True
    ).stdout
    result = json.loads(re.search(r"^WRKRESULT (.*)$", output, re.M).group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def page_list(server):
    """Every public page the sitemap lists, by kind."""
    lines = []
    for loc in re.findall(r"<loc>([^<]+)</loc>", server.get("/sitemap.xml")[1]):
        path = urlsplit(loc).path
        kind = {"articles": "article", "topics": "topic", "faq": "faq_entry"}.get(
            path.strip("/").split("/")[0]
        )
        if kind and path.count("/") == 3:
            lines.append(f"{kind} {path}")
    pages = WORK / "pages.txt"
    pages.write_text("\n".join(lines) + "\n")
    return pages, [line.split()[1] for line in lines if line.startswith("article ")]


def mixed_load(server, env):
    pages, _ = page_list(server)
    visitor = server.session()
    form = form_fields(visitor.get("/faq/ask/")[1], hidden_only=True)
    time.sleep(float(os.environ.get("FAQ_MIN_FILL_SECONDS", "3")) + 0.5)  # a person's pace
    before = count_questions(env)
    result = wrk(
        server.url("/"),
        str(BASE_DIR / "load/mix.lua"),
        LOAD_SECONDS,
        str(pages),
        form["csrfmiddlewaretoken"][0],
        visitor.cookie("csrftoken"),
        form["started"][0],
        RUN_ID,
    )
    time.sleep(2)  # requests wrk gave up on at the deadline may still be finishing
    result["rows"] = count_questions(env) - before
    return result


def benchmark(server, article):
    results = {}
    for name, path in [
        ("ceiling: constant 20 KB view", "/bench/constant/"),
        ("article page, cached", article),
        ("article page, uncached", f"/bench/uncached{article}"),
        ("one query, constant page", "/bench/query/"),
        ("floor: one query and the empty layout, uncached", "/bench/floor/"),
    ]:
        server.get(path)  # warm: the cached run measures hits
        results[name] = wrk(server.url(path), str(BASE_DIR / "load/report.lua"), BENCH_SECONDS)
    return results


def ms(microseconds):
    return f"{microseconds / 1000:.1f} ms"


def report(mixes, benches, scale):
    say(
        f"\n## Results (run {RUN_ID}, {os.cpu_count()} cores, load average "
        f"{LOAD_AT_START:.2f} at start, {os.getloadavg()[0]:.2f} at end)\n"
    )
    if mixes:
        say(f"Mixed traffic, {CONNECTIONS} connections, {LOAD_SECONDS} s, 3 sync workers:\n")
        say(
            "| Database / cache | req/s | p50 | p99 | errors | timeouts (>2 s) | 4xx | 5xx "
            "| questions sent / thanked / rows |"
        )
        say("|---|---|---|---|---|---|---|---|---|")
    for name, r in mixes.items():
        say(
            f"| {name} | {r['rps']:.0f} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | "
            f"{r['errors']} | {r['timeouts']} | {r['s4xx']} | {r['s5xx']} | "
            f"{r['asks_sent']} / {r['asks_thanked']} / {r['rows']} |"
        )
    for name, results in benches.items():
        ceiling = next(iter(results.values()))["rps"]
        say(f"\nCeiling comparison ({name}), wrk -t2 -c{CONNECTIONS} -d{BENCH_SECONDS}s:\n")
        say("| Page | req/s | p50 | p99 | errors + timeouts | of ceiling |")
        say("|---|---|---|---|---|---|")
        for page, r in results.items():
            say(
                f"| {page} | {r['rps']:.0f} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | "
                f"{r['errors'] + r['timeouts'] + r['non_2xx_3xx']} | {r['rps'] / ceiling:.0%} |"
            )
    if scale:
        say("\nTwo app servers, one PostgreSQL, one Redis:\n")
        for line in scale[1]:
            say(f"- {line}")


def forget_redis_keys():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    for key in client.scan_iter(match=f"load-{RUN_ID}:*", count=500):
        client.delete(key)


def main():
    try:
        return run()
    finally:
        if redis_ready():
            forget_redis_keys()  # only this run's keys: others may share the Redis database


def run():
    mixes, benches, scale, ok = {}, {}, None, True
    runs = [("SQLite / file cache", f"sqlite:///{WORK / 'load.sqlite3'}", {})]
    if postgres_ready():
        extra = {"REDIS_URL": REDIS_URL} if redis_ready() else {}
        runs.append((f"PostgreSQL / {'Redis' if extra else 'file cache'}", POSTGRES_URL, extra))
    for name, url, extra in runs:
        say(f"== {name}: preparing")
        env = prepare(url, CACHE_DIR=WORK / f"cache-{len(mixes)}", **extra)
        with Gunicorn(env, workers=3) as server:
            if LOAD_SECONDS:
                say(f"== {name}: mixed traffic for {LOAD_SECONDS}s")
                mixes[name] = result = mixed_load(server, env)
                lost = result["asks_thanked"] - result["rows"]
                ok &= result["s5xx"] == 0 and lost <= 0 and result["asks_thanked"] > 0
                ok &= result["errors"] == 0  # connection errors; timeouts are reported, not failed
            if BENCH_SECONDS:
                say(f"== {name}: ceiling comparison")
                benches[name] = pages = benchmark(server, page_list(server)[1][0])
                # A benchmark page that errs or answers anything but 2xx/3xx is a bug too.
                ok &= all(r["errors"] == 0 and r["non_2xx_3xx"] == 0 for r in pages.values())
        if "REDIS_URL" in extra:
            say("== two app servers sharing PostgreSQL and Redis")
            scale = scaleout.check(env)
            ok &= scale[0]
    report(mixes, benches, scale)
    say("\nRESULT: " + ("PASS (no errors, no 5xx, no lost questions)" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
