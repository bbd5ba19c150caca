from django.db import migrations

from portal.groups import EDITORS, grant


def grant_view(apps, schema_editor):
    # Editors read which searches found nothing to decide what to write next; nobody edits them.
    grant(apps, EDITORS, ["portal.view_zeroresultsearch"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_search_index"),
        ("articles", "0002_editor_and_moderator_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_view, migrations.RunPython.noop)]
