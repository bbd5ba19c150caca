from django.db import migrations

from portal.groups import EDITORS, grant, model_permissions


def let_editors_write_pages(apps, schema_editor):
    grant(apps, EDITORS, model_permissions("articles", "page"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_pages_about_the_site")]

    operations = [migrations.RunPython(let_editors_write_pages, migrations.RunPython.noop)]
