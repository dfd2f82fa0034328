"""Requests for municipal workshops and consulting: submit, change status, schedule.

A request is addressed to one organiser team, which works it in its inbox. Every status
change is a ``RequestStatusChange`` row and mails the requester in the language the
request was written in; the mail's idempotency key is
``workshop-request:<request>:status:<status>:<change>``, so a change mails once however
often its callback runs, and a later change to the same status mails again. Scheduling
creates a draft event through ``conferences.services.create_event`` with registration
limited to the staff of the requesting municipality by default.

Mails are written to the outbox inside the transaction of the change (a transactional
outbox): a committed change always has its mail, a rolled-back one has none. The team's
organisers are mailed when a new request arrives, so nobody has to watch the inbox.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.enums import EventFormat, EventKind, Language
from conferences.models import Event, OrganiserTeam, Topic
from conferences.services import create_event, display_value, record_change
from directory.models import Municipality
from mailing.services import queue_templated_mail
from registrations.enums import RegistrationAudience
from registrations.models import RegistrationSettings
from registrations.requests.models import (
    RequestKind,
    RequestStatus,
    RequestStatusChange,
    WorkshopRequest,
)

MAIL_TEMPLATES = "registrations/mail"
#: The event kind that scheduling a request of each kind creates (keyed by the stored value).
EVENT_KIND_FOR_REQUEST: dict[str, EventKind] = {
    RequestKind.WORKSHOP: EventKind.WORKSHOP,
    RequestKind.CONSULTING: EventKind.CONSULTING,
}


@dataclass(frozen=True)
class RequestDetails:
    """What a requester says; the form has checked each field on its own."""

    kind: str
    municipality: Municipality
    team: OrganiserTeam
    contact_name: str
    email: str
    function: str
    expected_participants: int
    message: str
    phone: str = ""
    topics: Iterable[Topic] = ()
    preferred_dates: tuple[datetime.date, ...] = ()
    preferred_dates_note: str = ""


@dataclass(frozen=True)
class WorkshopPlan:
    """The event an organiser plans for a request: when, where and how people register."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    format: str
    contact_email: str
    time_zone: str = "Europe/Berlin"
    venue_name: str = ""
    venue_street: str = ""
    venue_postal_code: str = ""
    venue_city: str = ""
    limit_to_municipality: bool = True


def submit_request(details: RequestDetails, *, user=None, language: str = "de") -> WorkshopRequest:
    """Store a request for its team's inbox and mail the requester a confirmation.

    Raises ``ValidationError`` (by field) when the details break a model rule, e.g. more
    than three preferred dates. ``user`` is the logged-in requester, if any.
    """
    dates: list[datetime.date | None] = [*sorted(set(details.preferred_dates))]
    if len(dates) > 3:
        raise ValidationError({"preferred_dates": _("Bitte nennen Sie höchstens drei Termine.")})
    dates += [None] * (3 - len(dates))
    workshop_request = WorkshopRequest(
        kind=details.kind,
        municipality=details.municipality,
        team=details.team,
        contact_name=details.contact_name.strip(),
        email=details.email.strip().lower(),
        phone=details.phone.strip(),
        function=details.function.strip(),
        preferred_date_1=dates[0],
        preferred_date_2=dates[1],
        preferred_date_3=dates[2],
        preferred_dates_note=details.preferred_dates_note.strip(),
        expected_participants=details.expected_participants,
        message=details.message.strip(),
        language=language if language in dict(settings.LANGUAGES) else "de",
        privacy_accepted_at=timezone.now(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    workshop_request.full_clean()
    with transaction.atomic():
        workshop_request.save()
        workshop_request.topics.set(details.topics)
        _queue_request_mail(
            workshop_request.pk,
            template="request_received",
            idempotency_key=f"workshop-request:{workshop_request.pk}:received",
        )
        notify_team_of_request(workshop_request)
    return workshop_request


def allowed_statuses(workshop_request: WorkshopRequest) -> list[str]:
    """Return the statuses an organiser may set by hand: every other one, and "scheduled"
    only once an event is linked (otherwise scheduling creates it)."""
    return [
        status
        for status in RequestStatus.values
        if status != workshop_request.status
        and (status != RequestStatus.SCHEDULED or workshop_request.scheduled_event_id)
    ]


def change_request_status(
    workshop_request: WorkshopRequest,
    *,
    status: str,
    actor,
    message: str = "",
) -> RequestStatusChange:
    """Move the request to ``status`` and mail the requester, with ``message`` if given.

    The request row is locked, so two organisers changing it at once make two changes in
    a row, never a lost one. Raises ``ValidationError`` for the current status, an unknown
    one, or "scheduled" without a linked event.
    """
    with transaction.atomic():
        locked = WorkshopRequest.objects.select_for_update(of=("self",)).get(
            pk=workshop_request.pk
        )
        if status not in allowed_statuses(locked):
            raise ValidationError(
                {"status": _("Diesen Status kann die Anfrage jetzt nicht bekommen.")}
            )
        change = _record_status(locked, status=status, actor=actor, message=message)
    workshop_request.status = locked.status
    return change


def schedule_request(workshop_request: WorkshopRequest, plan: WorkshopPlan, *, actor) -> Event:
    """Create the draft event for the request, link it, set "scheduled" and mail the requester.

    The event is a municipal workshop (or consulting day) hosted by the requesting
    municipality, with the request's topics; its registration admits only that
    municipality's staff unless ``plan.limit_to_municipality`` is false. Raises
    ``ValidationError`` by event field (from ``create_event``), or without a field when the
    request already has an event: a double submit creates one event.
    """
    with transaction.atomic():
        locked = (
            WorkshopRequest.objects.select_for_update(of=("self",))
            .select_related("municipality", "team")
            .get(pk=workshop_request.pk)
        )
        if locked.scheduled_event_id is not None:
            raise ValidationError(_("Für diese Anfrage ist bereits eine Veranstaltung angelegt."))
        event = create_event(
            locked.team,
            actor=actor,
            values={
                "kind": EVENT_KIND_FOR_REQUEST[locked.kind],
                "format": plan.format,
                "title": plan.title.strip(),
                "starts_at": plan.starts_at,
                "ends_at": plan.ends_at,
                "time_zone": plan.time_zone,
                "venue_name": plan.venue_name.strip(),
                "venue_street": plan.venue_street.strip(),
                "venue_postal_code": plan.venue_postal_code.strip(),
                "venue_city": plan.venue_city.strip(),
                "contact_email": plan.contact_email.strip().lower(),
                "host_municipality": locked.municipality,
                "languages": [locked.language if locked.language in Language.values else "de"],
                "topics": list(locked.topics.all()),
            },
        )
        reg_settings = RegistrationSettings(
            event=event,
            audience=(
                RegistrationAudience.HOST_MUNICIPALITY
                if plan.limit_to_municipality
                else RegistrationAudience.EVERYONE
            ),
        )
        reg_settings.full_clean()
        reg_settings.save()
        locked.scheduled_event = event
        locked.save(update_fields=["scheduled_event", "updated_at"])
        old_status = locked.status
        _record_status(locked, status=RequestStatus.SCHEDULED, actor=actor)
        status_field = WorkshopRequest._meta.get_field("status")
        record_change(
            locked,
            team=locked.team,
            event=event,
            actor=actor,
            action="request_scheduled",
            changes={
                "status": {
                    "old": display_value(old_status, field=status_field),
                    "new": display_value(RequestStatus.SCHEDULED, field=status_field),
                }
            },
        )
    workshop_request.status = locked.status
    workshop_request.scheduled_event = event
    return event


def _record_status(
    locked: WorkshopRequest, *, status: str, actor, message: str = ""
) -> RequestStatusChange:
    """Write the change of a locked request and queue its mail; the caller holds the lock."""
    change = RequestStatusChange.objects.create(
        request=locked,
        old_status=locked.status,
        new_status=status,
        message=message.strip(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    _queue_request_mail(
        locked.pk,
        template="request_scheduled" if status == RequestStatus.SCHEDULED else "request_status",
        idempotency_key=f"workshop-request:{locked.pk}:status:{status}:{change.pk}",
        change_id=change.pk,
    )
    return change


def _queue_request_mail(
    request_id: int, *, template: str, idempotency_key: str, change_id: int | None = None
) -> None:
    """Write the mail to the outbox now; the outbox sends it once the transaction commits."""
    send_request_mail(
        request_id, template=template, idempotency_key=idempotency_key, change_id=change_id
    )


def notify_team_of_request(workshop_request: WorkshopRequest) -> None:
    """Mail every organiser of the addressed team that a request is waiting in the inbox."""
    from conferences.enums import TeamRole

    memberships = workshop_request.team.memberships.filter(
        role=TeamRole.ORGANISER, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        organiser = membership.user
        queue_templated_mail(
            to=organiser.email,
            template=f"{MAIL_TEMPLATES}/request_new_for_team",
            context={"workshop_request": workshop_request, "organiser": organiser},
            idempotency_key=f"workshop-request:{workshop_request.pk}:team:{organiser.pk}",
            language=getattr(organiser, "language", "de") or "de",
        )


def send_request_mail(
    request_id: int, *, template: str, idempotency_key: str, change_id: int | None = None
) -> None:
    """Render and queue one mail about a request in its language; safe to call twice."""
    workshop_request = (
        WorkshopRequest.objects.select_related(
            "municipality", "team", "scheduled_event", "scheduled_event__registration_settings"
        )
        .filter(pk=request_id)
        .first()
    )
    if workshop_request is None:
        return
    change = (
        RequestStatusChange.objects.filter(pk=change_id, request=workshop_request).first()
        if change_id is not None
        else None
    )
    context: dict[str, Any] = {
        "workshop_request": workshop_request,
        "change": change,
        "event": workshop_request.scheduled_event,
        "topics": list(workshop_request.topics.all()),
    }
    queue_templated_mail(
        to=workshop_request.email,
        template=f"{MAIL_TEMPLATES}/{template}",
        context=context,
        idempotency_key=idempotency_key,
        language=workshop_request.language,
        reply_to=workshop_request.scheduled_event.contact_email
        if template == "request_scheduled" and workshop_request.scheduled_event
        else "",
    )


def default_plan_title(workshop_request: WorkshopRequest) -> str:
    """The title the scheduling form suggests: "Kommunalworkshop Soest", "Beratung Soest"."""
    if workshop_request.kind == RequestKind.CONSULTING:
        return _("Beratung %(municipality)s") % {
            "municipality": workshop_request.municipality.name
        }
    return _("Kommunalworkshop %(municipality)s") % {
        "municipality": workshop_request.municipality.name
    }


def default_plan_format(workshop_request: WorkshopRequest) -> str:
    """Workshops usually meet at the municipality, consulting usually happens online."""
    if workshop_request.kind == RequestKind.CONSULTING:
        return EventFormat.ONLINE
    return EventFormat.IN_PERSON
