from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The programme of an event.

    The label differs from the package name because ``django.contrib.sessions`` owns
    ``sessions``.
    """

    name = "sessions"
    label = "conference_sessions"
    verbose_name = _("Programm")

    def ready(self) -> None:
        from core import demo
        from sessions.demo import seed_programmes

        demo.register("Programme", seed_programmes)
