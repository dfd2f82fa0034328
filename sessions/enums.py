from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    WELCOME = "welcome", _("Begrüßung")
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Podiumsdiskussion")
    QA = "qa", _("Fragerunde")
    TALK = "talk", _("Vortrag")
    WORKSHOP = "workshop", _("Workshop")
    BREAK = "break", _("Pause")
    NETWORKING = "networking", _("Austausch")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("geplant")
    CANCELLED = "cancelled", _("abgesagt")


class SpeakerRole(models.TextChoices):
    HOST = "host", _("Gastgeber*in")
    WELCOME = "welcome", _("Begrüßung")
    KEYNOTE = "keynote", _("Keynote")
    PANELIST = "panelist", _("Podium")
    MODERATOR = "moderator", _("Moderation")
    PRESENTER = "presenter", _("Vortrag")
