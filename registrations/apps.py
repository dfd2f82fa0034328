from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Anmeldungen")

    def ready(self) -> None:
        from conferences import change_labels

        change_labels.register({"request_scheduled": _("Aus einer Anfrage angelegt")})

        from mailing.services import register_renderer
        from registrations.notifications import RENDERER, render_registration_mail

        register_renderer(RENDERER, render_registration_mail)

        from conferences import notices
        from conferences.signals import event_changed
        from registrations import receivers
        from registrations.services.notices import describe_recipients, recover_change_notices
        from sessions.signals import session_changed

        event_changed.connect(receivers.event_changed, dispatch_uid="registrations.event")
        session_changed.connect(receivers.session_changed, dispatch_uid="registrations.session")
        notices.register(describe_recipients)

        from registrations.fragments import registration_box
        from sessions.fragments import register_event_fragment

        register_event_fragment(registration_box)

        import datetime

        from core import schedule
        from registrations.services import expire_unconfirmed

        schedule.register(
            "registration-expiry", every=datetime.timedelta(minutes=5), run=expire_unconfirmed
        )
        schedule.register(
            "registration-change-notices",
            every=datetime.timedelta(minutes=5),
            run=recover_change_notices,
        )

        from core import demo as demo_registry
        from registrations.demo import seed_registrations

        demo_registry.register("Anmeldungen (Demo)", seed_registrations)
