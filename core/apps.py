from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1's empty choice "- Select an option -" has no German translation yet; the
        # project's own label has both languages. Django documents replacing it in ready().
        fields.BLANK_CHOICE_LABEL = _("– bitte wählen –")

        from core import demo
        from core.demo_users import seed_demo_users

        demo.register("Demo-Zugänge", seed_demo_users)
