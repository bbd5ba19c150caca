"""Render stored FAQ answers again: an uploaded image wider than 800 pixels is offered to phones
as an 800-pixel copy (srcset), made now from the upload, and an image on a line of its own shows
its title as a caption. A link whose text is its address is marked, so print doesn't repeat
it. Captions are new words: run rebuild_search_index after it."""

from django.db import migrations

from portal.rerender import rerender_answers


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("faq", "0026_rerender_pasted_lists_footnotes_links")]

    operations = [migrations.RunPython(rerender_answers, migrations.RunPython.noop, elidable=True)]
