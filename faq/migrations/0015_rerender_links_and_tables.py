"""Render stored answers again: tel: links are kept (they were stripped), and table rows get
their first cell as a row header."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0014_add_answer_email_claimed_at")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
