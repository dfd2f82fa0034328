"""Check-in at the door: the signed token in a registrant's QR code, and the door's reads.

The QR code holds the absolute address of the organiser's check-in page for one
registration. Its token is signed with the secret key and names the registration by its
``public_id``; it is *not* the management token, so a photographed QR code lets nobody
change or cancel the registration, and the page it opens is for the event's organisers
only. The token never expires: it has to work on the day of the event, however early the
mail went out.
"""

import io

import segno
from django.conf import settings
from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from registrations.enums import RegistrationStatus
from registrations.models import Registration

SALT = "registrations.checkin"
QR_FILENAME = "einlass-qr-code.png"
# Enough rows for a door: the search is by name, and people search until they see theirs.
SEARCH_LIMIT = 25


def _signer() -> signing.Signer:
    # "." keeps the token free of characters that need quoting in a path.
    return signing.Signer(salt=SALT, sep=".", algorithm="sha256")


def checkin_token(registration: Registration) -> str:
    """Return the token of the registration's QR code."""
    return _signer().sign(registration.public_id.hex)


def registration_for_checkin_token(event, token: str) -> Registration | None:
    """Return the event's registration a check-in token names, ``None`` for a bad token
    or a registration of another event."""
    if not token or len(token) > 128:
        return None
    try:
        public_id = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("municipality", "municipality__district")
        .filter(event=event, public_id=public_id)
        .first()
    )


def checkin_url(registration: Registration) -> str:
    """Return the absolute address of the check-in page for ``registration``.

    The address is the German one whatever language the mail is in: it is read by the
    organisers' phones, not by the registrant, and stays short.
    """
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "organiser_registration_checkin_person",
            kwargs={"slug": registration.event.slug, "token": checkin_token(registration)},
        )
    return settings.SITE_URL.rstrip("/") + path


def checkin_qr(registration: Registration) -> segno.QRCode:
    return segno.make(checkin_url(registration), error="m", micro=False)


def checkin_qr_png(registration: Registration) -> bytes:
    """Return the QR code as a PNG (mail clients show PNG attachments, not SVG)."""
    buffer = io.BytesIO()
    checkin_qr(registration).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def checkin_qr_svg(registration: Registration, *, title: str = "") -> str:
    """Return the QR code as inline SVG markup, e.g. for a registrant's management page."""
    return checkin_qr(registration).svg_inline(scale=4, border=4, title=title or None)


def checkin_attachment(registration: Registration) -> tuple[str, bytes, str]:
    """The QR code as a mail attachment (filename, content, MIME type)."""
    return (QR_FILENAME, checkin_qr_png(registration), "image/png")


def checkin_counts(event) -> dict[str, int]:
    """Count the confirmed registrations of ``event`` and how many of them have arrived."""
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def checkin_search(event, query: str) -> QuerySet[Registration]:
    """Find confirmed registrations by name (every word must match a name, the email or
    the organisation), for people without their QR code."""
    registrations = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("municipality")
        .order_by("last_name", "first_name", "pk")
    )
    words = query.split()[:5]
    if not words:
        return registrations.none()
    for word in words:
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return registrations[:SEARCH_LIMIT]
