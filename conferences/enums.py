from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Fachkonferenz")
    TRANSFER = "transfer", _("Transferveranstaltung")
    WORKSHOP = "workshop", _("Kommunalworkshop")
    CONSULTING = "consulting", _("Beratungstag")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("vor Ort")
    HYBRID = "hybrid", _("hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    CANCELLED = "cancelled", _("abgesagt")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("alle Interessierten")
    PUBLIC_BODIES = "public_bodies", _("öffentliche Stellen")
    INVITED = "invited", _("nur auf Einladung")


class TeamRole(models.TextChoices):
    ORGANISER = "organiser", _("Organisation")
    MODERATOR = "moderator", _("Moderation")


class Language(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")
    SIGN = "dgs", _("Deutsche Gebärdensprache")
    EASY = "ls", _("Leichte Sprache")
