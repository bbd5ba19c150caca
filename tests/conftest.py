import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploads go to a temporary folder; the caches start empty for every test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clear_caches()
    yield
    clear_caches()


def clear_caches():
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def editor(django_user_model):
    return _staff(django_user_model, "editor", "Editors")


@pytest.fixture
def moderator(django_user_model):
    return _staff(django_user_model, "moderator", "Moderators")


def _staff(user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
