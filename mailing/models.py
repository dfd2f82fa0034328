import secrets
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailing.enums import MailCategory, MailState


class OutboundMailQuerySet(models.QuerySet["OutboundMail"]):
    def queued_before(self, moment: datetime) -> "OutboundMailQuerySet":
        """Queued mails untouched since ``moment``: their task is late or was lost."""
        return self.filter(state=MailState.QUEUED, updated_at__lt=moment)

    def sending_before(self, moment: datetime) -> "OutboundMailQuerySet":
        """Mails claimed before ``moment`` and never finished: the worker died mid-send."""
        return self.filter(state=MailState.SENDING, claimed_at__lt=moment)


def new_mail_reference() -> str:
    """Return a fresh, unguessable reference that names one mail towards the provider."""
    return secrets.token_urlsafe(24)


class OutboundMail(models.Model):
    """One mail to one recipient, stored before it is sent and tracked after.

    ``idempotency_key`` names the message from the caller's point of view (for example
    ``registration:42:confirmed:0``); it is unique, so a message can be queued only once.
    ``updated_at`` is written explicitly by every ``update()`` of the services, because the
    recovery of stuck mails depends on it. A row with a ``renderer`` is a deferred mail: it
    names what to render (``render_params``), and the worker renders its subject and bodies
    right before the send (``mailing.services.rendering``). ``reference`` travels in the
    provider metadata and finds the mail when a tracking event arrives before its message id is
    stored; it is random, so a forged event cannot name a mail by counting ids.
    """

    recipient = models.EmailField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=998)
    text_body = models.TextField(_("Text"))
    html_body = models.TextField(_("HTML"), blank=True)
    reply_to = models.EmailField(_("Antwort an"), blank=True)
    headers = models.JSONField(_("zusätzliche Kopfzeilen"), default=dict, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    category = models.CharField(
        _("Kategorie"), max_length=64, default=MailCategory.TRANSACTIONAL, db_index=True
    )
    idempotency_key = models.CharField(_("Schlüssel"), max_length=255, unique=True)
    reference = models.CharField(
        _("Referenz beim Anbieter"),
        max_length=40,
        unique=True,
        default=new_mail_reference,
        editable=False,
    )
    renderer = models.CharField(
        _("Darstellung durch"),
        max_length=64,
        blank=True,
        help_text=_("Leer, sobald Betreff und Text gespeichert sind."),
    )
    render_params = models.JSONField(_("Angaben zur Darstellung"), default=dict, blank=True)
    state = models.CharField(
        _("Status"), max_length=16, choices=MailState, default=MailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    provider_message_id = models.CharField(
        _("Nachrichten-ID des Anbieters"), max_length=255, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(_("Versand begonnen am"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    tracked_at = models.DateTimeField(
        _("Zustellstatus vom"),
        null=True,
        blank=True,
        help_text=_("Zeitpunkt des Anbieter-Ereignisses, das den Status zuletzt gesetzt hat."),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    body_purged_at = models.DateTimeField(
        _("Inhalt gelöscht am"),
        null=True,
        blank=True,
        help_text=_(
            "Text, HTML, Kopfzeilen und Anhänge werden nach der Aufbewahrungsfrist gelöscht; "
            "Empfänger, Betreff, Art und Status bleiben."
        ),
    )

    objects = OutboundMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="mailing_state_updated")]
        verbose_name = _("ausgehende Mail")
        verbose_name_plural = _("ausgehende Mails")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class MailAttachment(models.Model):
    """A file sent with a mail, stored with it so that a retry sends the same bytes."""

    mail = models.ForeignKey(
        OutboundMail,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Mail"),
    )
    filename = models.CharField(_("Dateiname"), max_length=255)
    content = models.BinaryField(_("Inhalt"))
    mimetype = models.CharField(_("Medientyp"), max_length=255)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.filename

    @property
    def size(self) -> int:
        return len(self.content)


class MailEvent(models.Model):
    """A delivery event the provider reported through its tracking webhook."""

    mail = models.ForeignKey(
        OutboundMail, on_delete=models.CASCADE, related_name="events", verbose_name=_("Mail")
    )
    event_type = models.CharField(_("Ereignis"), max_length=32)
    occurred_at = models.DateTimeField(_("Zeitpunkt"))
    received_at = models.DateTimeField(_("empfangen am"), default=timezone.now, editable=False)
    provider_event_id = models.CharField(
        _("Ereignis-ID des Anbieters"), max_length=255, blank=True
    )
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            # Providers repeat a webhook call until it is acknowledged: one row per event.
            models.UniqueConstraint(
                fields=["mail", "provider_event_id"],
                condition=~models.Q(provider_event_id=""),
                name="unique_mail_provider_event",
            ),
        ]
        verbose_name = _("Zustellereignis")
        verbose_name_plural = _("Zustellereignisse")

    def __str__(self) -> str:
        return f"{self.event_type} ({self.occurred_at:%Y-%m-%d %H:%M})"
