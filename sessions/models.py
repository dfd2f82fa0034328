from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sessions.enums import SessionKind, SessionStatus, SpeakerRole


class Stage(models.Model):
    """A room or track of an event; ``order`` sets the column order of the programme."""

    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("Veranstaltung"),
    )
    name = models.CharField(_("Name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="unique_stage_name_per_event"),
        ]
        verbose_name = _("Bühne")
        verbose_name_plural = _("Bühnen")

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """A person on the programme; shown publicly only with ``consent_to_show``."""

    team = models.ForeignKey(
        "conferences.OrganiserTeam",
        on_delete=models.CASCADE,
        related_name="speakers",
        verbose_name=_("Team"),
    )
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    academic_title = models.CharField(_("Akademischer Titel"), max_length=32, blank=True)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("Kommune"),
    )
    bio = models.TextField(_("Kurzbiografie"), max_length=2000, blank=True)
    photo = models.ImageField(
        _("Foto"),
        upload_to="speakers/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    consent_to_show = models.BooleanField(
        _("Einwilligung zur Veröffentlichung"),
        default=False,
        help_text=_("Name, Funktion, Foto und Biografie dürfen öffentlich gezeigt werden."),
    )
    user = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_profiles",
        verbose_name=_("Konto"),
    )
    sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("Referent*in")
        verbose_name_plural = _("Referierende")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("speaker_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.academic_title, self.first_name, self.last_name) if p)

    @property
    def calendar_uid(self) -> str:
        return f"speaker-{self.pk}@kommunalforum"


class SessionQuerySet(models.QuerySet["Session"]):
    def public(self) -> "SessionQuerySet":
        from conferences.enums import EventStatus

        return self.filter(
            models.Q(event__status=EventStatus.PUBLISHED)
            | models.Q(event__status=EventStatus.CANCELLED, event__published_at__isnull=False)
        )


class Session(models.Model):
    """A part of the programme (Programmpunkt): a welcome, a panel, a Q&A, a workshop...

    ``sequence`` is the iCalendar SEQUENCE, raised by services on changes of time, place,
    title or status.
    """

    event = models.ForeignKey(
        "conferences.Event",
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("Veranstaltung"),
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("Bühne"),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=SessionKind)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120)
    starts_at = models.DateTimeField(_("Beginn"), db_index=True)
    ends_at = models.DateTimeField(_("Ende"))
    abstract = models.TextField(_("Beschreibung"), max_length=5000, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    live_qa = models.BooleanField(_("Live-Fragen"), default=False)
    status = models.CharField(
        _("Status"), max_length=16, choices=SessionStatus, default=SessionStatus.SCHEDULED
    )
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", related_name="sessions", verbose_name=_("Referierende")
    )
    sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "stage__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="unique_session_slug_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session_detail", kwargs={"event_slug": self.event.slug, "slug": self.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def calendar_uid(self) -> str:
        return f"session-{self.pk}@kommunalforum"

    @property
    def calendar_sequence(self) -> int:
        """SEQUENCE of the session's calendar entry: its own changes and its event's."""
        return self.sequence + self.event.sequence

    def raise_sequence(self) -> None:
        """Count a change that calendars show; the one place a session's sequence rises.

        The caller saves the session.
        """
        self.sequence += 1


class SessionSpeaker(models.Model):
    """A speaker's role in a session; ``order`` sets the lineup (e.g. of a panel)."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="speaker_roles",
        verbose_name=_("Programmpunkt"),
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_roles", verbose_name=_("Person")
    )
    role = models.CharField(_("Rolle"), max_length=16, choices=SpeakerRole)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker", "role"], name="unique_speaker_role_per_session"
            ),
        ]
        verbose_name = _("Rolle im Programmpunkt")
        verbose_name_plural = _("Rollen im Programmpunkt")

    def __str__(self) -> str:
        return f"{self.speaker} – {self.get_role_display()}"
