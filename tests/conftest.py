import types

import pytest
from django.core.cache import caches

import faq.emails
import portal.ratelimit
import portal.uploads
from tests.helpers.accounts import staff

# For tests that need real commits. The flush after each one empties every table, and
# serialized_rollback reloads what the migrations created (staff groups, content types), so
# tests running after it, browser tests included, still find them.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# 30 s into a minute, a quarter of an hour and an hour: every rate-limit window a test uses.
MID_WINDOW = 1_800_000_030.0


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, monkeypatch):
    """Uploads go to a temporary folder; the caches start empty for every test; rate limits
    read a clock fixed mid-window, so a test's hits never straddle two windows (a test
    running across a clock minute or hour would otherwise count them in two); the mail server
    starts as not failed; the record of erasures is the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERASURE_LOG = tmp_path / "erasures.log"
    monkeypatch.setattr(faq.emails, "_mail_paused_until", 0.0)
    monkeypatch.setattr(portal.ratelimit, "time", types.SimpleNamespace(time=lambda: MID_WINDOW))
    # Sizes and narrow copies from this test's media.
    monkeypatch.setattr(portal.uploads, "_sizes", portal.uploads.Remembered())
    monkeypatch.setattr(portal.uploads, "_narrow_copies", portal.uploads.Remembered())
    clear_caches()
    yield
    clear_caches()


def clear_caches():
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def editor(django_user_model):
    return staff(django_user_model, "editor", "Editors")


@pytest.fixture
def moderator(django_user_model):
    return staff(django_user_model, "moderator", "Moderators")
