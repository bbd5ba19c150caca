"""The page cache across deploys: a migration or a new build never serves pages rendered before.

Runs against the configured cache, like tests/test_cache.py.
"""

import json

import django
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article
from tests.factories import make_article
from tests.helpers.caches import queries_for, redis_cache
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.django_db


def test_pages_cached_before_a_migration_are_rendered_again_after_it(client):
    # A migration can rewrite stored HTML without signals (articles/0003 re-renders bodies).
    article = make_article(title="How bail works")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="How bail works, revised")
    assert "revised" not in client.get(article.get_absolute_url()).content.decode()
    call_command("migrate", verbosity=0)
    assert "revised" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "name, value, shown",
    [
        ("SITE_URL", "https://explainers.example.org", "https://explainers.example.org/articles/"),
        ("SITE_NAME", "Springfield Explainers", "Springfield Explainers"),
        ("TIME_ZONE", "Europe/Madrid", "+01:00"),
    ],
)
def test_pages_cached_before_a_restart_with_new_settings_show_the_new_ones(
    client, name, value, shown
):
    # The cache outlives a restart: an operator changing these must not wait for pages to
    # expire (or know to run migrate).
    article = make_article(title="How bail works")
    assert shown not in client.get(article.get_absolute_url()).content.decode()
    with override_settings(**{name: value}):
        assert shown in client.get(article.get_absolute_url()).content.decode()


def test_a_deploy_migrates_even_when_the_cache_is_away(caplog):
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        call_command("migrate", verbosity=0)
    assert "page cache not invalidated after migrate: ConnectionError" in caplog.text


def write_manifest(folder, build):
    """A static manifest like collectstatic's, naming every file of static/ under build/."""
    static = settings.BASE_DIR / "static"
    paths = {
        str(f.relative_to(static)): f"{build}/{f.relative_to(static)}"
        for f in static.rglob("*")
        if f.is_file()
    }
    folder.mkdir()
    manifest = {"paths": paths, "version": "1.1", "hash": build}
    (folder / "staticfiles.json").write_text(json.dumps(manifest))
    return folder


def test_app_servers_of_two_builds_never_serve_each_others_pages(client, settings, tmp_path):
    # During a rolling deploy, old and new servers share the cache but not their static files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    make_article()
    settings.STATIC_ROOT = write_manifest(tmp_path / "old", "build-old")
    assert "/static/build-old/" in client.get("/").content.decode()
    assert queries_for(client, "/")[1] == 0  # cached
    settings.STATIC_ROOT = write_manifest(tmp_path / "new", "build-new")
    response, queries = queries_for(client, "/")
    assert queries > 0
    page = response.content.decode()
    assert "/static/build-new/" in page and "build-old" not in page


def test_a_server_on_another_django_release_never_reads_the_others_stored_pages(
    client, monkeypatch
):
    # Stored pages are pickled responses, which another Django release may fail to load.
    make_article()
    client.get("/")
    assert queries_for(client, "/")[1] == 0  # cached
    monkeypatch.setattr(django, "__version__", "99.0")
    assert queries_for(client, "/")[1] > 0
