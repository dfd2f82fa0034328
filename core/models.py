import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.enums import LegalPageKind
from core.films import film_duration, validate_captions, validate_film


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address; there is no user name."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    first_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("Mitarbeitende"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert seit"), default=timezone.now)
    language = models.CharField(_("Sprache"), max_length=8, default="de")

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class LegalPage(models.Model):
    """A page every German public website must have, edited by staff in the admin."""

    kind = models.CharField(_("Art"), max_length=32, choices=LegalPageKind, unique=True)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        help_text=_(
            "Absätze durch Leerzeilen trennen. Ein Absatz, der mit # beginnt, wird eine "
            "Zwischenüberschrift."
        ),
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    contact_email = models.EmailField(
        _("Kontakt-E-Mail"), blank=True, help_text=_("Für Rückmeldungen, z. B. zu Barrieren.")
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Pflichtseite")
        verbose_name_plural = _("Pflichtseiten")

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("legal_page", kwargs={"kind": self.kind})

    @property
    def body(self) -> str:
        """Return the text in the active language, falling back to German."""
        if get_language() == "en" and self.body_en:
            return self.body_en
        return self.body_de

    @property
    def blocks(self) -> list[tuple[str, str | list[str]]]:
        """Split the text at blank lines into ("heading" | "list" | "paragraph", content).

        Headings and lists let the Leichte Sprache page be read in short, findable parts;
        the admin offers a plain text field, so a block starting with "#" is a heading and
        one whose lines all start with "- " a list.
        """
        blocks: list[tuple[str, str | list[str]]] = []
        for block in self.body.replace("\r\n", "\n").split("\n\n"):
            block = block.strip()
            lines = block.splitlines()
            if not block:
                continue
            if block.startswith("#"):
                blocks.append(("heading", block.lstrip("#").strip()))
            elif all(line.startswith("- ") for line in lines):
                blocks.append(("list", [line[2:].strip() for line in lines]))
            else:
                blocks.append(("paragraph", block))
        return blocks


class SignLanguageFilm(models.Model):
    """The film that explains the site in Deutsche Gebärdensprache (BITV NRW, Anlage 2 Teil 1).

    There is one film at a time; the site serves it from MEDIA_ROOT with its captions.
    ``duration`` and ``size`` are read from the upload so the page can state them.
    """

    video = models.FileField(
        _("Film (MP4)"),
        upload_to="gebaerdensprache/",
        validators=[FileExtensionValidator(["mp4"]), validate_film],
        help_text=_("MP4-Datei (H.264/AAC), höchstens 300 MB."),
    )
    captions_de = models.FileField(
        _("Untertitel (Deutsch, WebVTT)"),
        upload_to="gebaerdensprache/",
        validators=[FileExtensionValidator(["vtt"]), validate_captions],
    )
    captions_en = models.FileField(
        _("Untertitel (Englisch, WebVTT)"),
        upload_to="gebaerdensprache/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"]), validate_captions],
    )
    duration = models.DurationField(_("Dauer"), editable=False, default=datetime.timedelta(0))
    size = models.PositiveBigIntegerField(_("Größe in Bytes"), editable=False, default=0)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Film in Gebärdensprache")
        verbose_name_plural = _("Filme in Gebärdensprache")

    def __str__(self) -> str:
        return str(_("Film in Gebärdensprache"))

    def save(self, *args, **kwargs) -> None:
        # A new upload is not yet on disk (``_committed`` is Django's flag for that): read
        # its duration and size now, whatever path saves it (admin, shell, fixture).
        if self.video and not self.video._committed:
            self.duration = film_duration(self.video)
            self.size = self.video.size
        super().save(*args, **kwargs)

    @property
    def duration_text(self) -> str:
        """The duration as minutes and seconds, e.g. "4:05"."""
        minutes, seconds = divmod(int(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"
