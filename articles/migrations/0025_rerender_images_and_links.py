"""Render stored explainers again: an uploaded image wider than 800 pixels is offered to phones
as an 800-pixel copy (srcset), made now from the upload, and an image on a line of its own shows
its title as a caption (and an explainer's note referred to twice letters its links back).
A link whose text is its address is marked, so print doesn't repeat it. Captions and
the notes' letters are new words: run rebuild_search_index after it."""

from django.db import migrations

from portal.rerender import rerender_articles


class Migration(migrations.Migration):
    atomic = False  # portal.rerender commits in batches, so saves never wait for the whole table
    dependencies = [("articles", "0024_rerender_pasted_lists_footnotes_links")]

    operations = [migrations.RunPython(rerender_articles, migrations.RunPython.noop, elidable=True)]
