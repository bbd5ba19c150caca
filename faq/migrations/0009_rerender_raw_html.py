"""Render stored answers again: raw HTML loses its ids (an answer can appear twice on a page)
and the site's own classes."""

from django.db import migrations

from portal.markdown import render_markdown


def rerender(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for entry in FaqEntry.objects.only("pk", "answer").iterator():
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))


class Migration(migrations.Migration):
    dependencies = [("faq", "0008_markdown_nesting_validator")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
