from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.enums import AcademicTitle, DistrictType, MunicipalityType, OrganisationType
from directory.search_text import fold_for_search


class Region(models.Model):
    """A Regierungsbezirk (five in North Rhine-Westphalia)."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A unit at district level: Kreis, Städteregion or kreisfreie Stadt (5-digit key)."""

    ags = models.CharField(
        _("Kreisschlüssel"), max_length=5, unique=True, validators=[RegexValidator(r"^\d{5}$")]
    )
    name = models.CharField(_("Name"), max_length=100)
    type = models.CharField(_("Art"), max_length=32, choices=DistrictType)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("Bezirk")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kreis oder kreisfreie Stadt")
        verbose_name_plural = _("Kreise und kreisfreie Städte")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of the 396 municipalities, identified by its 8-digit AGS."""

    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{8}$")],
    )
    name = models.CharField(_("Name"), max_length=100, db_index=True)
    type = models.CharField(_("Art"), max_length=32, choices=MunicipalityType)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("Kreis")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("Bezirk"),
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"))
    population_date = models.DateField(_("Stand der Einwohnerzahl"))
    latitude = models.DecimalField(_("Breitengrad"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, db_index=True)
    search_name = models.CharField(
        _("Suchname"),
        max_length=100,
        db_index=True,
        editable=False,
        help_text=_("Der Name in Kleinbuchstaben, Umlaute ausgeschrieben; für die Suche."),
    )

    class Meta:
        ordering = ["name", "ags"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Bulk writes skip save(): directory.services.load_reference_data folds names itself.
        self.search_name = fold_for_search(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """Name with district, unambiguous for equal names (e.g. two places called Lohmar)."""
        if self.type == MunicipalityType.CITY_DISTRICT_FREE:
            return f"{self.name} ({self.get_type_display()})"
        return f"{self.name} ({self.district.name})"


class ModelRegion(models.Model):
    """A model region of the programme, led by one municipality with partners."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kürzel"), unique=True)
    lead = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="led_model_regions",
        verbose_name=_("federführende Kommune"),
    )
    members = models.ManyToManyField(
        Municipality, related_name="model_regions", blank=True, verbose_name=_("Partnerkommunen")
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Modellregion")
        verbose_name_plural = _("Modellregionen")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A body that organises events or employs participants (ministry, IT provider, ...)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    type = models.CharField(_("Art"), max_length=32, choices=OrganisationType)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Kreis"),
    )
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """What a person tells about their role; public bodies name their municipality or district."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("Konto"),
    )
    academic_title = models.CharField(
        _("Akademischer Titel"), max_length=16, choices=AcademicTitle, blank=True
    )
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("Art der Organisation"), max_length=32, choices=OrganisationType, blank=True
    )
    organisation_name = models.CharField(_("Organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("Kreis"),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Profil")
        verbose_name_plural = _("Profile")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_public_body(self) -> bool:
        return self.organisation_type in OrganisationType.public_bodies()
