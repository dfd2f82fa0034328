"""Mails to registrants, written to the outbox inside the transaction of the change.

The outbox row commits or rolls back together with the registration change, so no
committed change can lose its mail (a transactional outbox); the outbox sends it only
after the commit.

Each mail's idempotency key is ``registration:<id>:<kind>:<sequence>``: the registration's
``sequence`` rises with every change of its status, so each change mails once, and running
a callback twice queues nothing new. Mails go out in the registrant's language.

Links in mails point to URL names the registration pages provide: ``registration_manage``
and ``registration_confirm`` (both with ``token``). Until those pages exist the links use
the paths below, which the pages are expected to keep.
"""

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from icalendar import vCalAddress
from icalendar.enums import STATUS

from conferences.calendars import build_calendar, event_vevent
from mailing.services import queue_templated_mail
from registrations.checkin import checkin_attachment
from registrations.enums import MailKind, RegistrationStatus
from registrations.models import Registration
from registrations.queries import answers_of, waiting_position

MANAGE_URL_NAME = "registration_manage"
CONFIRM_URL_NAME = "registration_confirm"
FALLBACK_PATHS = {
    MANAGE_URL_NAME: "/anmeldungen/{token}/",
    CONFIRM_URL_NAME: "/anmeldungen/{token}/bestaetigen/",
}
CALENDAR_FILENAME = "einladung.ics"
# Mails that tell someone they have a seat carry the QR code for the door (in-person and
# hybrid events only).
CHECKIN_MAIL_KINDS = {MailKind.CONFIRMED, MailKind.PROMOTED}


def schedule_mail(
    registration: Registration,
    kind: MailKind,
    *,
    calendar_method: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """Write the mail ``kind`` for ``registration`` to the outbox in the current transaction.

    ``calendar_method`` ("REQUEST" or "CANCEL") attaches an iTIP invitation. The mail is
    keyed by the sequence the registration has now. Call it after the change is saved.
    """
    send_registration_mail(
        registration.pk,
        str(kind),
        registration.sequence,
        calendar_method=calendar_method,
        extra=dict(extra or {}),
    )


def send_registration_mail(
    registration_id: int,
    kind: str,
    sequence: int,
    *,
    calendar_method: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """Render and queue one registration mail; safe to call twice."""
    registration = (
        Registration.objects.select_related(
            "event", "event__organisation", "event__registration_settings", "municipality"
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    attachments = []
    if calendar_method:
        attachments.append(
            (
                CALENDAR_FILENAME,
                invitation_ics(registration, method=calendar_method, sequence=sequence),
                f"text/calendar; method={calendar_method}; charset=utf-8",
            )
        )
    checkin_qr = kind in CHECKIN_MAIL_KINDS and registration.event.has_venue
    if checkin_qr:
        attachments.append(checkin_attachment(registration))
    with translation.override(registration.language):
        context = mail_context(
            registration,
            {
                **(extra or {}),
                "calendar_removed": calendar_method == "CANCEL",
                "checkin_qr": checkin_qr,
            },
        )
    queue_templated_mail(
        to=registration.email,
        template=f"registrations/mail/{kind}",
        context=context,
        idempotency_key=f"registration:{registration.pk}:{kind}:{sequence}",
        language=registration.language,
        attachments=attachments,
        reply_to=registration.event.contact_email,
    )


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def registration_url(name: str, registration: Registration) -> str:
    """Return the absolute address of a page for this registration, in the active language."""
    token = registration.management_token
    try:
        path = reverse(name, kwargs={"token": token})
    except NoReverseMatch:
        path = FALLBACK_PATHS[name].format(token=token)
    return absolute_url(path)


def mail_context(registration: Registration, extra: dict[str, Any]) -> dict[str, Any]:
    """Everything a registration mail template shows."""
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "manage_url": registration_url(MANAGE_URL_NAME, registration),
        "confirm_url": registration_url(CONFIRM_URL_NAME, registration),
        "confirm_by": registration.confirm_by,
        "position": waiting_position(registration),
        "answers": list(answers_of(registration)),
        "session_choices": list(
            registration.session_choices.select_related("option__session").order_by(
                "option__session__starts_at"
            )
        ),
        "show_access": registration.status == RegistrationStatus.CONFIRMED,
        **extra,
    }


def invitation_ics(registration: Registration, *, method: str, sequence: int) -> bytes:
    """Return the iTIP invitation (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL).

    The UID belongs to the registration, not to the event: after a cancellation a new
    registration is a new calendar item, which clients would otherwise ignore as an old
    sequence. SEQUENCE is the event's plus the registration's, and both only rise.
    """
    event = registration.event
    vevent = event_vevent(event, stamp=timezone.now())
    vevent.uid = registration.calendar_uid
    vevent.sequence = event.sequence + sequence
    vevent.attendees = [
        vCalAddress.new(
            f"mailto:{registration.email}",
            cn=registration.full_name,
            partstat="ACCEPTED",
            role="REQ-PARTICIPANT",
            rsvp=False,
        )
    ]
    if method == "CANCEL":
        vevent.status = STATUS.CANCELLED
    return build_calendar([vevent], method=method).to_ical()
