from django.db import migrations

from portal.groups import EDITORS, MODERATORS, grant, model_permissions


def create_groups(apps, schema_editor):
    grant(apps, EDITORS, model_permissions("articles", "article", "topic", "source"))
    # Moderators read articles (to answer questions about them) but cannot change them.
    grant(apps, MODERATORS, model_permissions("articles", "article", "topic", actions=("view",)))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
