"""Mails to registrants: queued as instructions inside the change, rendered by the worker.

``schedule_mail`` writes one outbox row that only names what to render (registration, mail
kind, calendar method, the registration's change number): one ``INSERT`` inside the
transaction of the change, so the row commits or rolls back with it (a transactional outbox)
and the seat lock is not held while templates, the calendar file or the check-in QR code are
made. The worker renders the mail right before the send, from the committed state
(``render_registration_mail``).

Each mail's idempotency key is ``registration:<id>:<kind>:<n>``, where ``n`` is the
registration's own change number (``Registration.sequence``, raised by ``record_change``
with every change of its status), so each change mails once and a repeated callback queues
nothing new. The calendar SEQUENCE is a different number: the event's plus the
registration's. Mails go out in the registrant's language.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import vCalAddress
from icalendar.enums import STATUS

from conferences.calendars import build_calendar, event_vevent
from mailing.services import NothingToSend, RenderedMail, queue_deferred_mail, render_templates
from registrations.checkin import checkin_attachment
from registrations.enums import MailKind, RegistrationStatus
from registrations.models import Registration
from registrations.queries import answers_of, waiting_position

MANAGE_URL_NAME = "registration_manage"
CONFIRM_URL_NAME = "registration_confirm"
CALENDAR_FILENAME = "einladung.ics"
#: The outbox renderer that ``AppConfig.ready()`` registers for these mails.
RENDERER = "registration"
# Mails that tell someone they have a seat carry the QR code for the door (in-person and
# hybrid events only).
CHECKIN_MAIL_KINDS = {MailKind.CONFIRMED, MailKind.PROMOTED}


def schedule_mail(
    registration: Registration,
    kind: MailKind | str,
    *,
    calendar_method: str = "",
    extra: dict[str, Any] | None = None,
    key: str = "",
) -> None:
    """Queue the mail ``kind`` for ``registration`` in the current transaction.

    ``calendar_method`` ("REQUEST" or "CANCEL") attaches an iTIP invitation; ``extra`` (JSON
    values) reaches the templates. The key defaults to the registration's change number;
    callers that mail about someone else's change (an event moved) pass their own ``key``.
    Call it after the change is saved.
    """
    queue_deferred_mail(
        to=registration.email,
        renderer=RENDERER,
        params={
            "registration": registration.pk,
            "kind": str(kind),
            "calendar_method": calendar_method,
            "extra": dict(extra or {}),
        },
        idempotency_key=key or f"registration:{registration.pk}:{kind}:{registration.sequence}",
        language=registration.language,
    )


def render_registration_mail(params: dict[str, Any]) -> RenderedMail:
    """Render a queued registration mail from the registration as committed now."""
    registration = (
        Registration.objects.select_related(
            "event", "event__organisation", "event__registration_settings", "municipality"
        )
        .filter(pk=params["registration"])
        .first()
    )
    if registration is None:
        raise NothingToSend()
    kind = params["kind"]
    calendar_method = params.get("calendar_method", "")
    attachments = []
    if calendar_method:
        attachments.append(
            (
                CALENDAR_FILENAME,
                invitation_ics(
                    registration, method=calendar_method, sequence=params.get("sequence")
                ),
                f"text/calendar; method={calendar_method}; charset=utf-8",
            )
        )
    checkin_qr = kind in CHECKIN_MAIL_KINDS and registration.event.has_venue
    if checkin_qr:
        attachments.append(checkin_attachment(registration))
    with translation.override(registration.language):
        extra = dict(params.get("extra", {}))
        if "changed" in extra:
            extra["changed"] = [_labelled(row) for row in extra["changed"]]
        context = mail_context(
            registration,
            {
                **extra,
                "calendar_method": calendar_method,
                "calendar_removed": calendar_method == "CANCEL",
                "checkin_qr": checkin_qr,
                "status": registration.get_status_display(),
            },
        )
    subject, text, html = render_templates(
        f"registrations/mail/{kind}", context, language=registration.language
    )
    return RenderedMail(
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        reply_to=registration.event.contact_email,
    )


def _labelled(row: dict[str, str]) -> dict[str, str]:
    """A changed field's row with its label in the active language."""
    try:
        label = apps.get_model(row["model"])._meta.get_field(row["field"]).verbose_name
    except (LookupError, ValueError, FieldDoesNotExist):
        label = row["field"]
    return {**row, "label": str(label)}


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def registration_url(name: str, registration: Registration) -> str:
    """Return the absolute address of a page for this registration, in the active language."""
    return absolute_url(reverse(name, kwargs={"token": registration.management_token}))


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


def invitation_ics(
    registration: Registration, *, method: str, sequence: int | None = None
) -> bytes:
    """Return the iTIP invitation (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL).

    The UID belongs to the registration, not to the event: after a cancellation a new
    registration is a new calendar item, which clients would otherwise ignore as an old
    sequence. The invitation shows the event as it is when the mail is rendered; its SEQUENCE
    is the event's plus the registration's (both only rise), of that moment or, for a mail
    about one change of the event, of that change (``sequence``), so that mails about
    several changes keep their order in calendars.
    """
    event = registration.event
    vevent = event_vevent(event, stamp=timezone.now())
    vevent.uid = registration.calendar_uid
    vevent.sequence = registration.calendar_sequence if sequence is None else sequence
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
