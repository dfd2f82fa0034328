from django.db import migrations, models

from directory.search_text import fold_for_search


def fold_existing_names(apps, schema_editor):
    Municipality = apps.get_model("directory", "Municipality")
    municipalities = list(Municipality.objects.only("pk", "name"))
    for municipality in municipalities:
        municipality.search_name = fold_for_search(municipality.name)
    Municipality.objects.bulk_update(municipalities, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="search_name",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="Der Name in Kleinbuchstaben, Umlaute ausgeschrieben; für die Suche.",
                max_length=100,
                verbose_name="Suchname",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fold_existing_names, migrations.RunPython.noop),
    ]
