from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    """Where a registration stands.

    ``pending`` waits for the double opt-in: its ``outcome`` field says which of confirmed,
    waitlisted or awaiting approval it becomes once the address is confirmed, and a pending
    registration whose outcome is confirmed already holds its seat.
    """

    PENDING = "pending", _("E-Mail-Bestätigung ausstehend")
    CONFIRMED = "confirmed", _("bestätigt")
    WAITLISTED = "waitlisted", _("Warteliste")
    AWAITING_APPROVAL = "awaiting_approval", _("wartet auf Freigabe")
    REJECTED = "rejected", _("abgelehnt")
    CANCELLED = "cancelled", _("storniert")
    EXPIRED = "expired", _("verfallen")

    @classmethod
    def active(cls) -> list[str]:
        """Statuses that count as "registered": at most one of them per event and address."""
        return [cls.PENDING, cls.CONFIRMED, cls.WAITLISTED, cls.AWAITING_APPROVAL]

    @classmethod
    def outcomes(cls) -> list[str]:
        """Statuses a submission can end in once its address is confirmed."""
        return [cls.CONFIRMED, cls.WAITLISTED, cls.AWAITING_APPROVAL]


class SessionChoiceStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("bestätigt")
    WAITLISTED = "waitlisted", _("Warteliste")


class RegistrationAudience(models.TextChoices):
    EVERYONE = "everyone", _("alle Interessierten")
    PUBLIC_BODIES = "public_bodies", _("nur öffentliche Stellen")
    HOST_MUNICIPALITY = "host_municipality", _("nur Beschäftigte der gastgebenden Kommune")
    INVITATION_CODE = "invitation_code", _("nur mit Einladungscode")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("kurzer Text")
    LONG_TEXT = "long_text", _("langer Text")
    SINGLE_CHOICE = "single_choice", _("Einfachauswahl")
    MULTIPLE_CHOICE = "multiple_choice", _("Mehrfachauswahl")
    CHECKBOX = "checkbox", _("Ankreuzfeld")
    NUMBER = "number", _("Zahl")
    DATE = "date", _("Datum")

    @classmethod
    def with_choices(cls) -> set[str]:
        return {cls.SINGLE_CHOICE, cls.MULTIPLE_CHOICE}


class MailKind(models.TextChoices):
    """The mails a registrant receives; each has templates under registrations/mail/."""

    OPT_IN = "opt_in", _("Bitte bestätigen Sie Ihre Anmeldung")
    CONFIRMED = "confirmed", _("Anmeldung bestätigt")
    WAITLISTED = "waitlisted", _("Platz auf der Warteliste")
    AWAITING_APPROVAL = "awaiting_approval", _("Anmeldung wartet auf Freigabe")
    PROMOTED = "promoted", _("Nachgerückt")
    REJECTED = "rejected", _("Anmeldung abgelehnt")
    CANCELLED = "cancelled", _("Anmeldung storniert")
    LINK = "link", _("Neuer Verwaltungslink")
    EVENT_CANCELLED = "event_cancelled", _("Veranstaltung abgesagt")
    EVENT_REINSTATED = "event_reinstated", _("Absage zurückgenommen")
    EVENT_UPDATED = "event_updated", _("Veranstaltung geändert")
    SESSION_CHANGED = "session_changed", _("Programmpunkt geändert oder abgesagt")
