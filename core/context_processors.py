from django.conf import settings
from django.http import HttpRequest

from core.enums import LegalPageKind


def site(request: HttpRequest) -> dict[str, object]:
    """Give every template the site URL and the footer's legal pages."""
    return {"SITE_URL": settings.SITE_URL, "legal_pages": LegalPageKind}
