"""Render stored answers again: every table now sits in a box keyboard users can scroll."""

from django.db import migrations

from portal.markdown import render_markdown


def rerender(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for entry in FaqEntry.objects.only("pk", "answer").iterator():
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))


class Migration(migrations.Migration):
    dependencies = [("faq", "0006_blank_slug_made_from_title")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
