from django.core.management.base import BaseCommand

from directory.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the NRW regions, districts, municipalities and model regions from directory/data; "
        "safe to run again (only differences are written)."
    )

    def handle(self, *args: object, **options: object) -> None:
        load_reference_data(report=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Reference data ready."))
