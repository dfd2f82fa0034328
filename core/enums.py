from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalPageKind(models.TextChoices):
    IMPRINT = "impressum", _("Impressum")
    PRIVACY = "datenschutz", _("Datenschutz")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
    # BITV NRW (like § 4 BITV 2.0 with Anlage 2 Teil 2): the site explained in Leichte Sprache.
    EASY_READ = "leichte-sprache", pgettext_lazy("page", "Leichte Sprache")
