from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0022_rerender_title_line_and_list_numbers'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-pk'], 'verbose_name': 'article', 'verbose_name_plural': 'articles'},
        ),
    ]
