"""Requests of a municipality for a municipal workshop or consulting (their own context).

Models of the app ``registrations`` (same tables and migrations), kept apart from the
registration system they share an app with.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


# Labels carry a context: "abgelehnt" or "neu" of a request may read differently in
# English than the same word for a registration.
class RequestKind(models.TextChoices):
    WORKSHOP = "workshop", pgettext_lazy("request kind", "Kommunalworkshop")
    CONSULTING = "consulting", pgettext_lazy("request kind", "Beratung")


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("request status", "neu")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "in Bearbeitung")
    SCHEDULED = "scheduled", pgettext_lazy("request status", "Termin geplant")
    DECLINED = "declined", pgettext_lazy("request status", "abgelehnt")
    DONE = "done", pgettext_lazy("request status", "erledigt")


REQUEST_MESSAGE_MAX = 5000
REQUEST_NOTE_MAX = 2000
REQUEST_PARTICIPANTS_MAX = 500


class WorkshopRequest(models.Model):
    """A municipality asks an organiser team for a municipal workshop or for consulting.

    ``language`` is the language the request was written in; every mail about it uses it.
    """

    kind = models.CharField(_("Anliegen"), max_length=16, choices=RequestKind)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        related_name="workshop_requests",
        verbose_name=_("Kommune"),
    )
    team = models.ForeignKey(
        "conferences.OrganiserTeam",
        on_delete=models.PROTECT,
        related_name="workshop_requests",
        verbose_name=_("gerichtet an"),
    )
    contact_name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    function = models.CharField(_("Funktion"), max_length=200)
    topics = models.ManyToManyField(
        "conferences.Topic",
        related_name="workshop_requests",
        blank=True,
        verbose_name=_("Themen"),
    )
    preferred_date_1 = models.DateField(_("Wunschtermin 1"), null=True, blank=True)
    preferred_date_2 = models.DateField(_("Wunschtermin 2"), null=True, blank=True)
    preferred_date_3 = models.DateField(_("Wunschtermin 3"), null=True, blank=True)
    preferred_dates_note = models.CharField(_("Hinweise zum Termin"), max_length=500, blank=True)
    expected_participants = models.PositiveSmallIntegerField(
        _("erwartete Teilnehmende"),
        validators=[MinValueValidator(1), MaxValueValidator(REQUEST_PARTICIPANTS_MAX)],
    )
    message = models.TextField(_("Nachricht"), max_length=REQUEST_MESSAGE_MAX)
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=RequestStatus,
        default=RequestStatus.NEW,
        db_index=True,
    )
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    privacy_accepted_at = models.DateTimeField(_("Datenschutzhinweis akzeptiert am"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_requests",
        verbose_name=_("gestellt von"),
    )
    scheduled_event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_requests",
        verbose_name=_("geplante Veranstaltung"),
    )
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="workshop_request_inbox_idx"),
        ]
        verbose_name = _("Anfrage")
        verbose_name_plural = _("Anfragen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.municipality}"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def preferred_dates(self) -> list[datetime.date]:
        return [
            day
            for day in (self.preferred_date_1, self.preferred_date_2, self.preferred_date_3)
            if day is not None
        ]


class RequestNote(models.Model):
    """An internal note of the organiser team on a request; the requester never sees it."""

    request = models.ForeignKey(
        WorkshopRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("Anfrage")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    text = models.TextField(_("Notiz"), max_length=REQUEST_NOTE_MAX)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Notiz zur Anfrage")
        verbose_name_plural = _("Notizen zu Anfragen")

    def __str__(self) -> str:
        return f"{self.request}: {self.text[:50]}"


class RequestStatusChange(models.Model):
    """One change of a request's status; its id keys the mail that tells the requester."""

    request = models.ForeignKey(
        WorkshopRequest,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("Anfrage"),
    )
    old_status = models.CharField(_("vorher"), max_length=16, choices=RequestStatus)
    new_status = models.CharField(_("nachher"), max_length=16, choices=RequestStatus)
    message = models.TextField(
        _("Nachricht an die anfragende Person"), max_length=REQUEST_NOTE_MAX, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geändert von"),
    )
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Statusänderung einer Anfrage")
        verbose_name_plural = _("Statusänderungen von Anfragen")

    def __str__(self) -> str:
        return f"{self.request}: {self.old_status} → {self.new_status}"
