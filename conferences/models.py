from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from conferences.enums import Audience, EventFormat, EventKind, EventStatus, TeamRole


class Topic(models.Model):
    """A field of the programme (smart mobility, e-government, ...); data, not code."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    name_en = models.CharField(_("Name (Englisch)"), max_length=100, blank=True)
    slug = models.SlugField(_("Kürzel"), unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class OrganiserTeam(models.Model):
    """The people of one organisation who build and run its events."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="organiser_teams",
        verbose_name=_("Organisation"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="organiser_teams",
        verbose_name=_("Mitglieder"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Veranstaltungsteam")
        verbose_name_plural = _("Veranstaltungsteams")

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(
        OrganiserTeam, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("Konto"),
    )
    role = models.CharField(
        _("Rolle"), max_length=16, choices=TeamRole, default=TeamRole.ORGANISER
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_membership"),
        ]
        verbose_name = _("Teammitgliedschaft")
        verbose_name_plural = _("Teammitgliedschaften")

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"


class Series(models.Model):
    """A recurring event line, e.g. the Fachkonferenz "Digitalisierung der Kommunen in NRW"."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel"), unique=True)
    team = models.ForeignKey(
        OrganiserTeam, on_delete=models.PROTECT, related_name="series", verbose_name=_("Team")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Reihe")
        verbose_name_plural = _("Reihen")

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> "EventQuerySet":
        """Events the public may see: published ones and those cancelled after publication."""
        return self.filter(
            models.Q(status=EventStatus.PUBLISHED)
            | models.Q(status=EventStatus.CANCELLED, published_at__isnull=False)
        )

    def upcoming(self) -> "EventQuerySet":
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> "EventQuerySet":
        return self.filter(ends_at__lt=timezone.now())

    def for_team_member(self, user) -> "EventQuerySet":
        return self.filter(team__memberships__user=user)


class Event(models.Model):
    """A conference, transfer event, municipal workshop or consulting day.

    ``sequence`` is the iCalendar SEQUENCE: services raise it whenever time, place, title
    or status change, so calendar clients replace their copy.
    """

    team = models.ForeignKey(
        OrganiserTeam, on_delete=models.PROTECT, related_name="events", verbose_name=_("Team")
    )
    kind = models.CharField(_("Art"), max_length=16, choices=EventKind)
    format = models.CharField(_("Format"), max_length=16, choices=EventFormat)
    status = models.CharField(
        _("Status"), max_length=16, choices=EventStatus, default=EventStatus.DRAFT, db_index=True
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        help_text=_("Absätze, Listen, Links und Hervorhebungen sind erlaubt."),
    )
    starts_at = models.DateTimeField(_("Beginn"), db_index=True)
    ends_at = models.DateTimeField(_("Ende"), db_index=True)
    time_zone = models.CharField(_("Zeitzone"), max_length=64, default="Europe/Berlin")
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    venue_street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    venue_postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    venue_city = models.CharField(_("Ort"), max_length=100, blank=True)
    venue_accessibility = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    online_access_notes = models.TextField(
        _("Zugangsdaten online"),
        blank=True,
        help_text=_("Nur für zugelassene Teilnehmende sichtbar."),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Reihe"),
    )
    series_number = models.PositiveSmallIntegerField(
        _("Nummer in der Reihe"), null=True, blank=True
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("Veranstaltende Organisation"),
    )
    contact_email = models.EmailField(_("Kontakt-E-Mail"))
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    audience = models.CharField(
        _("Zielgruppe"), max_length=16, choices=Audience, default=Audience.EVERYONE
    )
    host_municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("Gastgebende Kommune"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="events", blank=True, verbose_name=_("Themen")
    )
    sequence = models.PositiveIntegerField(_("Kalender-Version"), default=0, editable=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == EventStatus.PUBLISHED or (
            self.status == EventStatus.CANCELLED and self.published_at is not None
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def series_label(self) -> str:
        """'2. Fachkonferenz …' when the event is numbered in a series."""
        if self.series and self.series_number:
            return f"{self.series_number}. {self.series.name}"
        return self.series.name if self.series else ""

    @property
    def has_venue(self) -> bool:
        return self.format in {EventFormat.IN_PERSON, EventFormat.HYBRID}

    @property
    def is_online(self) -> bool:
        return self.format in {EventFormat.ONLINE, EventFormat.HYBRID}

    @property
    def calendar_uid(self) -> str:
        return f"event-{self.pk}@kommunalforum"


class ChangeLogEntry(models.Model):
    """Who changed what in an event or its programme, and when."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        related_name="change_log",
        verbose_name=_("Veranstaltung"),
    )
    team = models.ForeignKey(
        OrganiserTeam, on_delete=models.CASCADE, related_name="change_log", verbose_name=_("Team")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geändert von"),
    )
    action = models.CharField(_("Aktion"), max_length=64)
    object_type = models.CharField(_("Objektart"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"), null=True)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
