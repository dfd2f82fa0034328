from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Verzeichnis")

    def ready(self) -> None:
        from core import demo
        from directory.services import load_reference_data

        # directory precedes conferences in INSTALLED_APPS, so events find their places.
        demo.register("Referenzdaten NRW", lambda report: load_reference_data(report=report))
