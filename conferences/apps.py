from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from conferences.demo import seed_conferences
        from core import demo

        demo.register("Veranstaltungen", seed_conferences)
