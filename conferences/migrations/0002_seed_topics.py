"""Seed the topics (fields) of the programme.

Topics are data that organisers may extend in the admin; these ten are the fields the
programme "Digitale Modellregionen in NRW" names. Applying the migration again updates
them by slug; reversing it deletes exactly these slugs.
"""

from django.db import migrations

# (slug, German name, English name), in display order.
TOPICS = [
    ("smart-mobility", "Smart Mobility", "Smart mobility"),
    ("energie-klima-umwelt", "Energie, Klima, Umwelt", "Energy, climate, environment"),
    ("smart-health", "Smart Health", "Smart health"),
    (
        "wissenstransfer-und-start-ups",
        "Wissenstransfer und Start-ups",
        "Knowledge transfer and start-ups",
    ),
    ("e-commerce", "E-Commerce", "E-commerce"),
    ("sicherheit", "Sicherheit", "Security"),
    ("menschen-mit-behinderung", "Menschen mit Behinderung", "People with disabilities"),
    ("alter-und-pflege", "Alter und Pflege", "Ageing and care"),
    ("smart-home", "Smart Home", "Smart home"),
    ("e-government", "E-Government", "E-government"),
]


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("conferences", "Topic")
    for order, (slug, name, name_en) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("conferences", "Topic")
    Topic.objects.filter(slug__in=[slug for slug, _, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_topics, remove_topics),
    ]
