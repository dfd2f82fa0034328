from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalPageKind(models.TextChoices):
    IMPRINT = "impressum", _("Impressum")
    PRIVACY = "datenschutz", _("Datenschutz")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
