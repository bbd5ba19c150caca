"""Synthetic archive and timings for `manage.py bench_search` (README "Benchmarks").

Articles get ~600-word bodies drawn from a Zipf-like vocabulary (weight 1/rank) of function
words, civic words at realistic ranks and made-up words, so common query words match tens of
thousands of documents, as in the issue's reference measurements.
"""

import datetime
import itertools
import random
import statistics
import time

from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from articles.models import Article, Status, Topic

FUNCTION_WORDS = """the of and to a in is that for it as with was on be by are this or from at
an not have but they which you their can his has more will one all would there been if about
who also when so may what some other into only its out do than them these could no time
people after first new two most over such even many where must because through""".split()
# Civic words and their place in the ranking (1 = most frequent).
CIVIC_RANKS = {
    "city": 110, "police": 120, "state": 130, "federal": 150, "law": 160, "court": 180,
    "rights": 200, "government": 230, "public": 260, "local": 300, "immigration": 380,
    "officers": 450, "county": 520, "council": 600, "protest": 750, "warrant": 900,
    "judge": 1000, "detainer": 2000, "sanctuary": 3000, "ordinance": 4500, "subpoena": 8000,
    "habeas": 15000,
}  # fmt: skip
VOCABULARY_SIZE = 30_000
BODY_WORDS = 600
SYLLABLES = """ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko ku la le li lo lu
ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve
vi vo za ze zi zo bar ken dor mil tas vin ros lum pen tor gar nel""".split()


def vocabulary(rng):
    made_up = set()
    while len(made_up) < VOCABULARY_SIZE:
        made_up.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    made_up = sorted(made_up - set(CIVIC_RANKS) - set(FUNCTION_WORDS))
    rng.shuffle(made_up)
    words = FUNCTION_WORDS + made_up
    for word, rank in sorted(CIVIC_RANKS.items(), key=lambda item: item[1]):
        words.insert(rank - 1, word)
    return words[:VOCABULARY_SIZE]


def queries(words):
    """50 one-to-three-word queries: common, middling and rare words, pairs, triples, prefixes."""
    singles = "police federal state court rights city government public law local".split()
    singles += "immigration protest warrant council county officers judge".split()
    singles += "detainer sanctuary ordinance subpoena habeas".split()
    singles += [words[k] for k in (150, 1000, 5000, 15000)]
    pairs = [
        "police warrant", "federal court", "city council", "immigration court",
        "protest rights", "sanctuary city", "police officers", "state law",
        "local government", "public council", "judge warrant", "county police",
    ]  # fmt: skip
    triples = [
        "police federal immigration", "city council protest", "state court judge",
        "sanctuary city police", "federal immigration detainer", "public rights protest",
        "local police officers", "county court warrant",
    ]  # fmt: skip
    return singles + pairs + triples + ["immigra", "sanctu", "protes", "warr"]


class Corpus:
    def __init__(self, seed=5):
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1))
        )
        skip = len(FUNCTION_WORDS)  # titles and summaries use content words
        self.content = self.words[skip:]
        self.content_weights = list(
            itertools.accumulate(1 / rank for rank in range(skip + 1, len(self.words) + 1))
        )

    def text(self, n, content=False):
        if content:
            return self.rng.choices(self.content, cum_weights=self.content_weights, k=n)
        return self.rng.choices(self.words, cum_weights=self.weights, k=n)

    def article(self, i, now):
        title = " ".join(self.text(self.rng.randint(4, 9), content=True)).capitalize()
        summary = " ".join(self.text(self.rng.randint(18, 30), content=True)).capitalize() + "."
        words = self.text(BODY_WORDS)
        paragraphs = [" ".join(words[k : k + 100]).capitalize() + "." for k in range(0, 600, 100)]
        return Article(
            title=title,
            slug=f"bench-{i}",
            summary=summary,
            body="\n\n".join(paragraphs),
            body_html="".join(f"<p>{p}</p>\n" for p in paragraphs),
            status=Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=self.rng.randint(1, 5 * 365 * 24 * 60)),
        )


def generate(n, batch=2000, log=print):
    """Bulk-insert n published articles with 1-3 topics each; signals don't fire."""
    corpus = Corpus()
    now = timezone.now()
    topics = [
        Topic.objects.create(name=name.title(), slug=name)
        for name in ["police", "immigration", "courts", "protest", "local-government", "voting"]
    ]
    through = Article.topics.through
    for start in range(0, n, batch):
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                [corpus.article(i, now) for i in range(start, min(n, start + batch))]
            )
            links = [
                through(article_id=article.pk, topic_id=topic.pk)
                for article in articles
                for topic in corpus.rng.sample(topics, corpus.rng.randint(1, 3))
            ]
            through.objects.bulk_create(links)
        if (start // batch) % 10 == 0:
            log(f"  generated {min(n, start + batch):,} articles")
    return corpus


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(seconds):
    ms = [s * 1000 for s in seconds]
    figures = {
        "median_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "max_ms": max(ms),
    }
    return {key: round(value, 1) for key, value in figures.items()}


def measure_view(query_list, rounds=1):
    """Full requests through the test client; per round: seconds for each query in order."""
    client = Client()
    client.get("/search/", {"q": "warm up"})  # loads templates and URLs, not the queries' data
    results = []
    for _ in range(rounds):
        times = []
        for q in query_list:
            seconds, response = timed(client.get, "/search/", {"q": q})
            assert response.status_code == 200, (q, response.status_code)
            times.append(seconds)
        results.append(times)
    return results


def naive(q):
    """The baseline: every word somewhere in title, summary or body, newest first."""
    matches = Article.objects.published()
    for word in q.split():
        matches = matches.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    return matches.count(), list(matches.order_by("-published_at")[:20])


def measure_naive(query_list):
    return [timed(naive, q)[0] for q in query_list]


def database_bytes():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]
