from django.db import migrations

from portal.groups import EDITORS, MODERATORS, grant, model_permissions


def grant_faq_roles(apps, schema_editor):
    # Editors write the FAQ; they never see reader questions or asker emails.
    grant(apps, EDITORS, model_permissions("faq", "faqentry"))
    # Moderators triage reader questions and publish answers as FAQ entries.
    grant(
        apps,
        MODERATORS,
        model_permissions("faq", "faqentry", actions=("add", "change", "view"))
        + model_permissions("faq", "submittedquestion", actions=("change", "view", "moderate")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_create_faq_entry_and_submitted_question"),
        ("articles", "0002_editor_and_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant_faq_roles, migrations.RunPython.noop)]
