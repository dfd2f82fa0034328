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
        from conferences import change_labels
        from core import demo

        change_labels.register(
            {
                "stage_created": _("Bühne angelegt"),
                "stage_updated": _("Bühne geändert"),
                "stage_deleted": _("Bühne gelöscht"),
                "session_created": _("Programmpunkt angelegt"),
                "session_updated": _("Programmpunkt geändert"),
                "session_cancelled": _("Programmpunkt abgesagt"),
                "session_rescheduled": _("Programmpunkt wieder eingeplant"),
                "session_deleted": _("Programmpunkt gelöscht"),
                "speaker_added": _("Person eingetragen"),
                "speaker_removed": _("Person ausgetragen"),
                "speaker_moved": _("Reihenfolge geändert"),
                "speaker_created": _("Person angelegt"),
                "speaker_updated": _("Person geändert"),
            }
        )
        from sessions.demo import seed_programmes

        demo.register("Programme", seed_programmes)
