import datetime
import hashlib
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from registrations.enums import (
    QuestionKind,
    RegistrationAudience,
    RegistrationStatus,
    SessionChoiceStatus,
)

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
TOKEN_SALT = "registrations.Registration.management_token"  # noqa: S105  # a salt, not a secret


def hash_token(token: str) -> str:
    """Return the stored form of a management token: only its SHA-256 hash is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class RegistrationSettings(models.Model):
    """How registration for one event works; its row is the lock that guards the seats."""

    event = models.OneToOneField(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("Veranstaltung"),
    )
    opens_at = models.DateTimeField(_("Anmeldung ab"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("Anmeldung bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, um die Anmeldung bis zum Ende der Veranstaltung zu öffnen."),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen für unbegrenzt viele Plätze.")
    )
    waitlist_enabled = models.BooleanField(_("Warteliste"), default=True)
    approval_required = models.BooleanField(_("Freigabe erforderlich"), default=False)
    audience = models.CharField(
        _("Wer darf sich anmelden?"),
        max_length=32,
        choices=RegistrationAudience,
        default=RegistrationAudience.EVERYONE,
    )
    invitation_code = models.CharField(_("Einladungscode"), max_length=64, blank=True)
    per_municipality_limit = models.PositiveSmallIntegerField(
        _("Plätze je Kommune"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leer lassen für keine Begrenzung."),
    )
    confirmation_window = models.PositiveSmallIntegerField(
        _("Frist für die E-Mail-Bestätigung (Stunden)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
    )
    recording_notice = models.BooleanField(
        _("Hinweis auf Foto- und Videoaufnahmen"),
        default=False,
        help_text=_("Teilnehmende müssen den Hinweis zur Kenntnis nehmen."),
    )
    privacy_notice_version = models.CharField(
        _("Version des Datenschutzhinweises"), max_length=32, default="1"
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Anmeldeeinstellungen")
        verbose_name_plural = _("Anmeldeeinstellungen")

    def __str__(self) -> str:
        return str(self.event)

    def clean(self) -> None:
        errors = {}
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Das Ende der Anmeldung muss nach ihrem Beginn liegen.")
        if self.audience == RegistrationAudience.INVITATION_CODE and not self.invitation_code:
            errors["invitation_code"] = _("Bitte geben Sie einen Einladungscode an.")
        if (
            self.audience == RegistrationAudience.HOST_MUNICIPALITY
            and self.event_id
            and not self.event.host_municipality_id
        ):
            errors["audience"] = _("Die Veranstaltung hat keine gastgebende Kommune.")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_closes_at(self) -> datetime.datetime:
        """Registration without an explicit end stays open until the event ends."""
        return self.closes_at or self.event.ends_at

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.effective_closes_at


class SessionOption(models.Model):
    """A session (e.g. a parallel workshop) that registrants choose, with its own seats."""

    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="session_options",
        verbose_name=_("Veranstaltung"),
    )
    session = models.OneToOneField(
        "conference_sessions.Session",
        on_delete=models.CASCADE,
        related_name="registration_option",
        verbose_name=_("Programmpunkt"),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen für unbegrenzt viele Plätze.")
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("wählbarer Programmpunkt")
        verbose_name_plural = _("wählbare Programmpunkte")

    def __str__(self) -> str:
        return self.session.title

    def clean(self) -> None:
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError(
                {"session": _("Der Programmpunkt gehört zu einer anderen Veranstaltung.")}
            )


class Question(models.Model):
    """An extra question of an event's registration form."""

    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="registration_questions",
        verbose_name=_("Veranstaltung"),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=QuestionKind)
    label = models.CharField(_("Frage"), max_length=200)
    help_text = models.CharField(_("Hilfetext"), max_length=300, blank=True)
    required = models.BooleanField(_("Pflichtfeld"), default=False)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    choices = models.JSONField(
        _("Auswahlmöglichkeiten"),
        default=list,
        blank=True,
        help_text=_("Nur bei Einfach- und Mehrfachauswahl."),
    )

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind in QuestionKind.with_choices():
            if (
                not isinstance(self.choices, list)
                or not self.choices
                or not all(isinstance(c, str) and c.strip() for c in self.choices)
            ):
                raise ValidationError(
                    {"choices": _("Bitte geben Sie mindestens eine Auswahlmöglichkeit an.")}
                )
            if len(set(self.choices)) != len(self.choices):
                raise ValidationError(
                    {"choices": _("Jede Auswahlmöglichkeit darf nur einmal vorkommen.")}
                )
        elif self.choices:
            raise ValidationError({"choices": _("Nur Auswahlfragen haben Auswahlmöglichkeiten.")})

    def normalise_answer(self, value: object) -> object:
        """Return the answer in its stored JSON form, ``None`` for no answer.

        Raises ``ValidationError`` with a message for the registrant; forms and services
        share this so the rules exist once.
        """
        if isinstance(value, str):
            value = value.strip()
        empty = (
            value is None
            or value is False
            or (isinstance(value, str | list | tuple) and not value)
        )
        if empty:
            if self.required:
                raise ValidationError(_("Bitte beantworten Sie diese Frage."))
            return False if self.kind == QuestionKind.CHECKBOX else None
        match self.kind:
            case QuestionKind.SHORT_TEXT | QuestionKind.LONG_TEXT:
                limit = SHORT_TEXT_MAX if self.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
                if not isinstance(value, str):
                    raise ValidationError(_("Bitte geben Sie einen Text ein."))
                if len(value) > limit:
                    raise ValidationError(
                        _("Bitte kürzen Sie Ihre Antwort auf höchstens %(limit)d Zeichen."),
                        params={"limit": limit},
                    )
                return value
            case QuestionKind.SINGLE_CHOICE:
                if value not in self.choices:
                    raise ValidationError(_("Bitte wählen Sie eine der Möglichkeiten."))
                return value
            case QuestionKind.MULTIPLE_CHOICE:
                values = [value] if isinstance(value, str) else value
                if not isinstance(values, list | tuple) or any(
                    v not in self.choices for v in values
                ):
                    raise ValidationError(_("Bitte wählen Sie nur angebotene Möglichkeiten."))
                return [c for c in self.choices if c in values]
            case QuestionKind.CHECKBOX:
                return True
            case QuestionKind.NUMBER:
                try:
                    number = Decimal(str(value))
                except InvalidOperation:
                    raise ValidationError(_("Bitte geben Sie eine Zahl ein.")) from None
                if not number.is_finite() or abs(number) >= 10**12:
                    raise ValidationError(_("Bitte geben Sie eine Zahl ein."))
                return int(number) if number == number.to_integral_value() else float(number)
            case QuestionKind.DATE:
                if isinstance(value, datetime.date):
                    return value.isoformat()
                try:
                    return datetime.date.fromisoformat(str(value)).isoformat()
                except ValueError:
                    raise ValidationError(
                        _("Bitte geben Sie ein Datum im Format JJJJ-MM-TT ein.")
                    ) from None
        raise ValidationError(_("Unbekannte Frageart."))


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=RegistrationStatus.active())

    def holding_seat(self) -> "RegistrationQuerySet":
        """Confirmed registrations and pending ones that will be confirmed: both hold a seat."""
        return self.filter(
            models.Q(status=RegistrationStatus.CONFIRMED)
            | models.Q(status=RegistrationStatus.PENDING, outcome=RegistrationStatus.CONFIRMED)
        )

    def waiting(self) -> "RegistrationQuerySet":
        """The waiting list, first come first served (pending entries keep their place)."""
        return self.filter(
            models.Q(status=RegistrationStatus.WAITLISTED)
            | models.Q(status=RegistrationStatus.PENDING, outcome=RegistrationStatus.WAITLISTED)
        ).order_by("queued_at", "pk")

    def awaiting_approval(self) -> "RegistrationQuerySet":
        return self.filter(status=RegistrationStatus.AWAITING_APPROVAL)

    def overdue(self, now: datetime.datetime) -> "RegistrationQuerySet":
        """Pending registrations whose double opt-in window has passed."""
        return self.filter(status=RegistrationStatus.PENDING, confirm_by__lt=now)


class Registration(models.Model):
    """One person's registration for one event.

    ``queued_at`` with ``pk`` orders the waiting list; it is set under the event's lock when
    the registration joins the queue. The management token is derived from ``public_id``
    and ``token_version`` with the secret key; only its hash is stored, and raising
    ``token_version`` revokes every link sent so far.
    """

    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("Veranstaltung"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Konto"),
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    first_name = models.CharField(_("Vorname"), max_length=150)
    last_name = models.CharField(_("Nachname"), max_length=150)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Kommune"),
    )
    organisation_type = models.CharField(_("Art der Organisation"), max_length=32, blank=True)
    organisation_name = models.CharField(_("Organisation"), max_length=200, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=RegistrationStatus,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    outcome = models.CharField(
        _("Status nach der Bestätigung"),
        max_length=20,
        choices=RegistrationStatus,
        blank=True,
        help_text=_("Nur solange die E-Mail-Bestätigung aussteht."),
    )
    queued_at = models.DateTimeField(_("eingereiht am"), default=timezone.now)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_version = models.PositiveIntegerField(default=1, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Empty for people an organiser added by hand: they never saw the form.
    privacy_accepted_at = models.DateTimeField(
        _("Datenschutzhinweis akzeptiert am"), null=True, blank=True
    )
    privacy_notice_version = models.CharField(
        _("Version des Datenschutzhinweises"), max_length=32, blank=True
    )
    directory_consent = models.BooleanField(_("Eintrag im Netzwerkverzeichnis"), default=False)
    directory_consent_at = models.DateTimeField(
        _("Einwilligung erteilt am"), null=True, blank=True
    )
    directory_consent_version = models.CharField(
        _("Version des Einwilligungstexts"), max_length=32, blank=True
    )
    recording_acknowledged_at = models.DateTimeField(
        _("Aufnahmehinweis zur Kenntnis genommen am"), null=True, blank=True
    )
    confirm_by = models.DateTimeField(_("zu bestätigen bis"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("freigegeben/abgelehnt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("eingecheckt am"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingetragen von"),
    )
    internal_note = models.TextField(_("interne Notiz"), max_length=2000, blank=True)
    sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=RegistrationStatus.active()),
                name="unique_active_registration_per_email",
                violation_error_message=_("Diese Adresse ist bereits angemeldet."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status=RegistrationStatus.PENDING,
                        outcome__in=RegistrationStatus.outcomes(),
                    )
                    | (~models.Q(status=RegistrationStatus.PENDING) & models.Q(outcome=""))
                ),
                name="registration_outcome_only_while_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "queued_at"], name="registration_queue_idx"),
        ]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        if not self.token_hash:
            self.token_hash = hash_token(self.management_token)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def management_token(self) -> str:
        """The secret of the personal management link (never stored, only its hash)."""
        digest = salted_hmac(
            TOKEN_SALT, f"{self.public_id}:{self.token_version}", algorithm="sha256"
        ).digest()
        return urlsafe_base64_encode(digest)

    @property
    def is_active(self) -> bool:
        return self.status in RegistrationStatus.active()

    @property
    def holds_seat(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED or (
            self.status == RegistrationStatus.PENDING
            and self.outcome == RegistrationStatus.CONFIRMED
        )

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED or (
            self.status == RegistrationStatus.PENDING
            and self.outcome == RegistrationStatus.WAITLISTED
        )

    @property
    def calendar_uid(self) -> str:
        """One UID per registration, so a new registration after a cancellation is a new item."""
        return f"registration-{self.public_id}@kommunalforum"

    def save_change(self, update_fields: list[str] | None = None) -> None:
        """Save a change that calendars and mails must notice.

        The registration's change number (``sequence``: its part of the calendar SEQUENCE,
        and the last part of its mail keys) rises here and nowhere else.
        """
        self.sequence += 1
        if update_fields is not None:
            update_fields = [*update_fields, "sequence", "updated_at"]
        self.save(update_fields=update_fields)

    @property
    def calendar_sequence(self) -> int:
        """SEQUENCE of the invitation: both parts only ever rise, so their sum does too."""
        return self.event.sequence + self.sequence


class Answer(models.Model):
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("Anmeldung"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("Frage")
    )
    value = models.JSONField(_("Antwort"), null=True, blank=True)

    class Meta:
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="unique_answer_per_question"
            ),
        ]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")

    def __str__(self) -> str:
        return f"{self.question}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.value is True:
            return str(_("ja"))
        if self.value in (None, False):
            return "" if self.value is None else str(_("nein"))
        if isinstance(self.value, list):
            return ", ".join(str(v) for v in self.value)
        return str(self.value)


class SessionChoice(models.Model):
    """A registrant's choice of a session option; its seat counts only while the
    registration holds an event seat."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="session_choices",
        verbose_name=_("Anmeldung"),
    )
    option = models.ForeignKey(
        SessionOption,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("Programmpunkt"),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=SessionChoiceStatus,
        default=SessionChoiceStatus.WAITLISTED,
    )
    queued_at = models.DateTimeField(_("eingereiht am"), default=timezone.now)

    class Meta:
        ordering = ["option__order", "option__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "option"], name="unique_session_choice"
            ),
        ]
        verbose_name = _("gewählter Programmpunkt")
        verbose_name_plural = _("gewählte Programmpunkte")

    def __str__(self) -> str:
        return f"{self.registration} – {self.option}"


FEED_TOKEN_SALT = "registrations.CalendarFeed.token"  # noqa: S105  # a salt, not a secret


class CalendarFeed(models.Model):
    """The address of a person's calendar feed of every event they are confirmed for.

    Calendar clients cannot log in, so the address itself is the key. As with the
    management link, the token is derived from ``public_id`` and ``version`` with the
    secret key and only its hash is stored; raising ``version`` gives the feed a new
    address and the old one stops working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("Konto"),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    renewed_at = models.DateTimeField(_("Adresse erneuert am"), auto_now=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self) -> str:
        return str(self.user)

    def save(self, *args, **kwargs) -> None:
        self.token_hash = hash_token(self.token)
        super().save(*args, **kwargs)

    @property
    def token(self) -> str:
        """The secret part of the feed's address (never stored, only its hash)."""
        digest = salted_hmac(
            FEED_TOKEN_SALT, f"{self.public_id}:{self.version}", algorithm="sha256"
        ).digest()
        return urlsafe_base64_encode(digest)


class ChangeNotice(models.Model):
    """Records that the mails about one organiser's change were written to the outbox.

    The change log entry is the durable record of the change itself; a change of the kinds
    that registrants hear of without a notice after a few minutes had its task lost, and
    the recovery job writes its mails (``registrations.services.notices``).
    """

    change = models.OneToOneField(
        "conferences.ChangeLogEntry",
        on_delete=models.CASCADE,
        related_name="registration_notice",
        verbose_name=_("Änderung"),
    )
    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="change_notices",
        verbose_name=_("Veranstaltung"),
    )
    recipients = models.PositiveIntegerField(_("benachrichtigte Personen"), default=0)
    created_at = models.DateTimeField(_("geschrieben am"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Benachrichtigung über eine Änderung")
        verbose_name_plural = _("Benachrichtigungen über Änderungen")

    def __str__(self) -> str:
        return f"{self.change}: {self.recipients}"


# The requests' models live in their own package; importing them here registers them
# with this app.
from registrations.requests.models import (  # noqa: E402, F401
    RequestKind,
    RequestNote,
    RequestStatus,
    RequestStatusChange,
    WorkshopRequest,
)
