from django.db import migrations

from portal.groups import MODERATORS, grant


def let_moderators_delete_questions(apps, schema_editor):
    # An abusive question, or one whose asker regrets the personal details in it, must be
    # removable by those who read the queue, not only by an administrator.
    grant(apps, MODERATORS, ["faq.delete_submittedquestion"])


class Migration(migrations.Migration):
    dependencies = [("faq", "0015_rerender_links_and_tables")]

    operations = [migrations.RunPython(let_moderators_delete_questions, migrations.RunPython.noop)]
