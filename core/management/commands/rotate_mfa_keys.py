from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from core.encryption import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored second-factor secret with the first key of "
        "MFA_ENCRYPTION_KEYS (and encrypt any still stored in clear). Run after putting a new "
        "key first; then the old key can be removed."
    )

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            count = rotate_all(Authenticator.objects.select_for_update().order_by("pk"))
        self.stdout.write(f"Re-encrypted the secrets of {count} authenticators.")
