"""Render stored answers again: every h1 becomes an h2, and headings no longer take ids the
page layout uses."""

from django.db import migrations

from portal.markdown import render_markdown


def rerender(apps, schema_editor):
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for entry in FaqEntry.objects.only("pk", "answer").iterator():
        FaqEntry.objects.filter(pk=entry.pk).update(answer_html=render_markdown(entry.answer))


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_faq_roles")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
