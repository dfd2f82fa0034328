import secrets

from django.db import migrations, models

import mailing.models


def give_existing_mails_a_reference(apps, schema_editor):
    # One random value per row: AddField would give every existing row the same default.
    OutboundMail = apps.get_model("mailing", "OutboundMail")
    for mail_id in OutboundMail.objects.filter(reference__isnull=True).values_list(
        "pk", flat=True
    ):
        OutboundMail.objects.filter(pk=mail_id).update(reference=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("mailing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundmail",
            name="reference",
            field=models.CharField(
                editable=False,
                max_length=40,
                null=True,
                verbose_name="Referenz beim Anbieter",
            ),
        ),
        migrations.RunPython(give_existing_mails_a_reference, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboundmail",
            name="reference",
            field=models.CharField(
                default=mailing.models.new_mail_reference,
                editable=False,
                max_length=40,
                unique=True,
                verbose_name="Referenz beim Anbieter",
            ),
        ),
    ]
