from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityType(models.TextChoices):
    CITY_DISTRICT_FREE = "kreisfreie Stadt", _("kreisfreie Stadt")
    CITY = "kreisangehörige Stadt", _("kreisangehörige Stadt")
    MUNICIPALITY = "Gemeinde", _("Gemeinde")


class DistrictType(models.TextChoices):
    DISTRICT = "Kreis", _("Kreis")
    CITY_REGION = "Städteregion", _("Städteregion")
    CITY_DISTRICT_FREE = "kreisfreie Stadt", _("kreisfreie Stadt")


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    DISTRICT = "district", _("Kreis")
    STATE_AUTHORITY = "state_authority", _("Landesbehörde")
    MUNICIPAL_IT = "municipal_it", _("Kommunaler IT-Dienstleister")
    RESEARCH = "research", _("Forschung")
    BUSINESS = "business", _("Wirtschaft")
    OTHER = "other", _("Sonstige")

    @classmethod
    def public_bodies(cls) -> set[str]:
        return {cls.MUNICIPALITY, cls.DISTRICT, cls.STATE_AUTHORITY}


class AcademicTitle(models.TextChoices):
    NONE = "", _("kein Titel")
    DR = "Dr.", "Dr."
    PROF = "Prof.", "Prof."
    PROF_DR = "Prof. Dr.", "Prof. Dr."
