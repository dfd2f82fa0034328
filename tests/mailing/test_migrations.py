import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mailing", "0001_initial")]
AFTER = [("mailing", "0002_outboundmail_reference")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_reference_migration_gives_each_existing_mail_its_own_reference_and_reverses():
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("mailing")
    try:
        old_apps = migrate(BEFORE)
        OldMail = old_apps.get_model("mailing", "OutboundMail")
        for number in range(3):
            OldMail.objects.create(
                recipient=f"person{number}@kommune.example",
                subject="Ihre Anmeldung",
                text_body="Guten Tag",
                idempotency_key=f"old:{number}",
            )

        new_apps = migrate(AFTER)
        references = list(
            new_apps.get_model("mailing", "OutboundMail").objects.values_list(
                "reference", flat=True
            )
        )
        migrate(BEFORE)
        back = list(OldMail.objects.values_list("idempotency_key", flat=True).order_by("pk"))
    finally:
        migrate(leaf)

    assert len(set(references)) == 3
    assert all(len(reference) == 32 for reference in references)
    assert back == ["old:0", "old:1", "old:2"]
