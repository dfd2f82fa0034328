"""The domain errors of registration; each carries a ``message`` for the person."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration, SessionOption


class RegistrationError(Exception):
    """A registration step that cannot be done; ``message`` is shown to the person."""

    default_message = _("Die Anmeldung ist nicht möglich.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(str(self.message))


class RegistrationClosed(RegistrationError):
    default_message = _("Die Anmeldung für diese Veranstaltung ist nicht geöffnet.")


class AudienceNotAllowed(RegistrationError):
    default_message = _("Diese Veranstaltung steht nur einem bestimmten Kreis offen.")


class MunicipalityLimitReached(RegistrationError):
    default_message = _("Für Ihre Kommune sind bereits alle verfügbaren Plätze vergeben.")


class EventFull(RegistrationError):
    default_message = _("Die Veranstaltung ist ausgebucht.")


class SessionOptionFull(RegistrationError):
    default_message = _("Der gewählte Programmpunkt ist ausgebucht.")

    def __init__(self, option: SessionOption) -> None:
        self.option = option
        super().__init__(gettext("„%(title)s“ ist ausgebucht.") % {"title": option.session.title})


class AlreadyRegistered(RegistrationError):
    """The address is already registered; ``registration`` is the existing registration,
    so a double submit can show it instead of an error."""

    default_message = _("Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung.")

    def __init__(self, registration: Registration) -> None:
        self.registration = registration
        super().__init__()


class RegistrationExpired(RegistrationError):
    default_message = _(
        "Die Frist für die Bestätigung ist abgelaufen. Bitte melden Sie sich erneut an."
    )


class InvalidTransition(RegistrationError):
    default_message = _("Dieser Schritt ist für die Anmeldung in ihrem Status nicht möglich.")


class CapacityBelowConfirmed(RegistrationError):
    def __init__(self, taken: int) -> None:
        self.taken = taken
        super().__init__(
            gettext(
                "Die Zahl der Plätze kann nicht unter %(taken)d sinken: so viele Plätze "
                "sind bereits vergeben."
            )
            % {"taken": taken}
        )


class TryAgain(RegistrationError):
    default_message = _(
        "Gerade melden sich viele Menschen an. Bitte versuchen Sie es noch einmal."
    )
