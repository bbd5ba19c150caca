"""Staff accounts, and a browser signed in as one."""

from django.contrib.auth.models import Group
from django.test import Client


def staff(django_user_model, username, group, **names):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client
