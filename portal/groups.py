"""Staff roles, created by data migrations so they exist right after `migrate`.

Permissions are normally created after all migrations run (post_migrate), so a data migration
creates the ones it needs first.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MODERATORS = "Moderators"


def grant(apps, group_name, permissions):
    """Give `group_name` the permissions named like "articles.change_article"."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for name in permissions:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def model_permissions(app_label, *models, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]
