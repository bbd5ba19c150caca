"""Render stored FAQ answers again: lists pasted from a word processor ("•", "o", "1)", "-" with
a no-break space) and sub-items indented by 2 or 3 spaces are lists, nested; a table may start
right under its lead-in line; footnotes are a numbered list under the answer; bare https://
addresses are links; and Markdown inside <details markdown="1"> is read. Search keeps the text
it was given at save: after deploying this, run `manage.py rebuild_search_index`."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0025_rerender_title_line_and_list_numbers")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
