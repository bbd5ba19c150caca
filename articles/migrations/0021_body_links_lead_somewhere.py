import markdownx.models
import portal.markdown_checks
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_rerender_lists_and_raw_html'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='body',
            field=markdownx.models.MarkdownxField(help_text='Markdown. Use ## for section headings.', validators=[portal.markdown_checks.validate_body_markdown], verbose_name='body'),
        ),
    ]
