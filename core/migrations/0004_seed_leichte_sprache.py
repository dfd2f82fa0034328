from pathlib import Path

from django.db import migrations

# Starting text of the Leichte Sprache page (Anlage 2 Teil 2 BITV 2.0); staff adapt it in the
# admin like the other legal pages.
TEXTS = Path(__file__).resolve().parent.parent / "data" / "legal"
KIND = "leichte-sprache"


def text(language):
    return (TEXTS / f"{KIND}.{language}.txt").read_text(encoding="utf-8").strip()


def seed(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    LegalPage.objects.get_or_create(
        kind=KIND,
        defaults={
            "body_de": text("de"),
            "body_en": text("en"),
            "contact_email": "barrierefreiheit@kommunalforum.example",
        },
    )


def unseed(apps, schema_editor):
    """Remove the page only while it still holds the starting text; an edited page stays."""
    LegalPage = apps.get_model("core", "LegalPage")
    LegalPage.objects.filter(kind=KIND, body_de=text("de")).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_leichte_sprache_and_sign_language_film")]

    operations = [migrations.RunPython(seed, unseed)]
