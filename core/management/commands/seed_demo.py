from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo


class Command(BaseCommand):
    help = "Load reference and demo data; safe to run again (nothing is duplicated)."

    def handle(self, *args: object, **options: object) -> None:
        for name, step in demo.steps():
            self.stdout.write(f"Demo: {name}")
            with transaction.atomic():
                step(lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
