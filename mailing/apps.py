from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "mailing"
    verbose_name = _("Mailversand")

    def ready(self) -> None:
        from anymail.signals import tracking

        from mailing import checks  # noqa: F401 - registers the deploy check
        from mailing.receivers import handle_tracking_event

        tracking.connect(handle_tracking_event, dispatch_uid="mailing.handle_tracking_event")

        import datetime

        from core import schedule
        from mailing.services import purge_mail_bodies, recover_outbox

        schedule.register("mail-recovery", every=datetime.timedelta(minutes=5), run=recover_outbox)
        schedule.register(
            "mail-body-purge", every=datetime.timedelta(hours=1), run=purge_mail_bodies
        )
