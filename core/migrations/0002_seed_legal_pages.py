from pathlib import Path

from django.db import migrations

# Starting texts (German and English) of the legal pages; operators adapt them in the admin.
TEXTS = Path(__file__).resolve().parent.parent / "data" / "legal"
KINDS = ["impressum", "datenschutz", "barrierefreiheit"]


def text(kind, language):
    return (TEXTS / f"{kind}.{language}.txt").read_text(encoding="utf-8").strip()


def seed(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for kind in KINDS:
        LegalPage.objects.get_or_create(
            kind=kind,
            defaults={
                "body_de": text(kind, "de"),
                "body_en": text(kind, "en"),
                "contact_email": (
                    "barrierefreiheit@kommunalforum.example" if kind == "barrierefreiheit" else ""
                ),
            },
        )


def unseed(apps, schema_editor):
    """Remove only pages that still hold the starting text; edited pages stay."""
    LegalPage = apps.get_model("core", "LegalPage")
    for kind in KINDS:
        LegalPage.objects.filter(kind=kind, body_de=text(kind, "de")).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
