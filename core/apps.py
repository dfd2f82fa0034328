from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from core import demo
        from core.demo_users import seed_demo_users

        demo.register("Demo-Zugänge", seed_demo_users)
