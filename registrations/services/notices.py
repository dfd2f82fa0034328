"""Tell registrants about an organiser's change to their event or to a session they chose.

``conferences`` and ``sessions`` announce changes with after-commit signals
(``event_changed``, ``session_changed``); ``registrations.receivers`` enqueues the task
``notify_change`` for the changes registrants must hear of. The task writes one deferred
mail per person, in batches, never in the organiser's request: 500 registrants cost the
organiser's click nothing.

Rules:

- **Who.** A cancellation and its reversal go to every active registrant (confirmed, on the
  waiting list, awaiting approval); a change of time, place, format or access details goes
  to the confirmed ones, who hold a calendar invitation; a moved or cancelled session goes to
  the people who chose it.
- **Once per person and change.** Each mail's key is ``change:<change log id>:registration:<id>``:
  running the task twice, or the recovery job after a lost task, mails nobody twice.
- **In order.** Each change raised the event's calendar SEQUENCE; the invitation in each mail
  carries the SEQUENCE of its own change, so a calendar that receives a cancellation and its
  reversal out of order still ends with the later one.
- **Nothing lost.** The change log entry commits with the change; ``ChangeNotice`` records
  that its mails were written. ``recover_change_notices`` (every few minutes, from the
  scheduler) writes the mails of changes whose task never ran.
"""

import datetime
from collections.abc import Iterable
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from conferences.models import ChangeLogEntry, Event
from mailing.services import DeferredMail, queue_deferred_mails
from registrations import notifications
from registrations.enums import MailKind, RegistrationStatus, SessionChoiceStatus
from registrations.models import ChangeNotice, Registration

#: Event fields whose change confirmed registrants are told of.
NOTIFIED_EVENT_FIELDS = frozenset(
    {
        "starts_at",
        "ends_at",
        "time_zone",
        "venue_name",
        "venue_street",
        "venue_postal_code",
        "venue_city",
        "format",
        "online_access_notes",
    }
)
#: Session fields whose change the people who chose the session are told of.
NOTIFIED_SESSION_FIELDS = frozenset({"starts_at", "ends_at", "stage", "status"})
#: Change log actions that may need mails.
NOTIFIED_ACTIONS = frozenset(
    {
        "event_updated",
        "event_cancelled",
        "event_reinstated",
        "session_updated",
        "session_cancelled",
        "session_rescheduled",
    }
)
#: Fields whose old value a mail leaves out: an old access link helps nobody.
_NEW_VALUE_ONLY = frozenset({"online_access_notes"})
BATCH_SIZE = 500
#: How far back the recovery job looks, and how long it leaves a fresh change to its task.
RECOVERY_WINDOW = datetime.timedelta(days=7)
RECOVERY_GRACE = datetime.timedelta(minutes=2)


def needs_notice(action: str, fields: Iterable[str]) -> bool:
    """Whether a change with this action and these fields must reach registrants."""
    fields = set(fields)
    match action:
        case "event_cancelled" | "event_reinstated" | "session_cancelled" | "session_rescheduled":
            return True
        case "event_updated":
            return bool(fields & NOTIFIED_EVENT_FIELDS)
        case "session_updated":
            return bool(fields & NOTIFIED_SESSION_FIELDS)
    return False


def recipients(event: Event, change: ChangeLogEntry):
    """The registrations that hear of ``change`` (a queryset, ordered by id)."""
    registrations = Registration.objects.filter(event=event).order_by("pk")
    match change.action:
        case "event_cancelled" | "event_reinstated":
            return registrations.filter(status__in=RegistrationStatus.outcomes())
        case "event_updated":
            return registrations.filter(status=RegistrationStatus.CONFIRMED)
        case "session_updated" | "session_cancelled" | "session_rescheduled":
            return registrations.filter(
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
                # A session's change entry always names the session it changed.
                session_choices__option__session_id=cast(int, change.object_id),
                session_choices__status__in=SessionChoiceStatus.values,
            ).distinct()
    return registrations.none()


def notify_change(change_id: int, *, sequence: int | None = None) -> int:
    """Write the mails of one change log entry to the outbox; return how many were new.

    ``sequence`` is the event's calendar SEQUENCE right after the change (the signal knows
    it; the recovery job uses the current one). Safe to run twice or in parallel.
    """
    change = ChangeLogEntry.objects.select_related("event").filter(pk=change_id).first()
    if change is None or change.event is None:
        return 0
    if not needs_notice(change.action, change.changes):
        return 0
    event = change.event
    event_sequence = event.sequence if sequence is None else sequence
    kind, calendar_method = _mail_of(change)
    session_title = ""
    if change.action.startswith("session_"):
        session_title = change.changes.get("title", {}).get("new") or change.object_repr
    written = 0
    last_pk = 0
    people = recipients(event, change).only("pk", "email", "language", "sequence", "status")
    while True:
        batch = list(people.filter(pk__gt=last_pk)[:BATCH_SIZE])
        if not batch:
            break
        last_pk = batch[-1].pk
        mails = [
            DeferredMail(
                to=registration.email,
                renderer=notifications.RENDERER,
                params={
                    "registration": registration.pk,
                    "kind": str(kind),
                    "calendar_method": _method_for(registration, calendar_method),
                    "sequence": event_sequence + registration.sequence,
                    "extra": {
                        "changed": _changed_rows(change),
                        "session_title": session_title,
                        "session_cancelled": change.action == "session_cancelled",
                    },
                },
                idempotency_key=f"change:{change.pk}:registration:{registration.pk}",
                language=registration.language,
            )
            for registration in batch
        ]
        with transaction.atomic():
            queue_deferred_mails(mails)
        written += len(mails)
    ChangeNotice.objects.update_or_create(
        change=change, defaults={"event": event, "recipients": written}
    )
    return written


def recover_change_notices(now: datetime.datetime | None = None) -> int:
    """Write the mails of recent changes whose task never ran; return how many changes."""
    now = now or timezone.now()
    missed = (
        ChangeLogEntry.objects.filter(
            action__in=NOTIFIED_ACTIONS,
            event__isnull=False,
            created_at__gte=now - RECOVERY_WINDOW,
            created_at__lt=now - RECOVERY_GRACE,
        )
        .exclude(pk__in=ChangeNotice.objects.values("change_id"))
        .order_by("pk")
    )
    count = 0
    for change_id in missed.values_list("pk", flat=True):
        notify_change(change_id)
        count += 1
    return count


def describe_recipients(event: Event, action: str, fields: frozenset[str]) -> str | None:
    """Tell the organiser, before confirming, how many people will be mailed."""
    if action in {"event_cancelled", "event_reinstated"}:
        count = Registration.objects.filter(
            event=event, status__in=RegistrationStatus.outcomes()
        ).count()
        if action == "event_cancelled":
            return ngettext(
                "%(count)d angemeldete Person (bestätigt, auf der Warteliste oder mit "
                "ausstehender Freigabe) erhält eine Mail mit der Absage.",
                "%(count)d angemeldete Personen (bestätigt, auf der Warteliste oder mit "
                "ausstehender Freigabe) erhalten eine Mail mit der Absage.",
                count,
            ) % {"count": count}
        return ngettext(
            "%(count)d angemeldete Person erhält eine Mail, dass die Veranstaltung doch "
            "stattfindet.",
            "%(count)d angemeldete Personen erhalten eine Mail, dass die Veranstaltung doch "
            "stattfindet.",
            count,
        ) % {"count": count}
    if action == "event_updated" and fields & NOTIFIED_EVENT_FIELDS:
        count = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).count()
        if not count:
            return None
        return ngettext(
            "Wenn Sie Zeit, Ort, Format oder Zugangsdaten ändern, erhält %(count)d bestätigte "
            "Person eine Mail mit den Änderungen und einem aktualisierten Kalendereintrag.",
            "Wenn Sie Zeit, Ort, Format oder Zugangsdaten ändern, erhalten %(count)d "
            "bestätigte Personen eine Mail mit den Änderungen und einem aktualisierten "
            "Kalendereintrag.",
            count,
        ) % {"count": count}
    return None


def _mail_of(change: ChangeLogEntry) -> tuple[MailKind, str]:
    match change.action:
        case "event_cancelled":
            return MailKind.EVENT_CANCELLED, "CANCEL"
        case "event_reinstated":
            return MailKind.EVENT_REINSTATED, "REQUEST"
        case "event_updated":
            return MailKind.EVENT_UPDATED, "REQUEST"
    return MailKind.SESSION_CHANGED, ""


def _method_for(registration: Registration, method: str) -> str:
    """Only confirmed registrants hold an invitation that a calendar file can change."""
    return method if registration.status == RegistrationStatus.CONFIRMED else ""


def _changed_rows(change: ChangeLogEntry) -> list[dict[str, str]]:
    """The changed fields as the mail lists them; labels are looked up when rendered."""
    notified = (
        NOTIFIED_EVENT_FIELDS if change.action.startswith("event_") else NOTIFIED_SESSION_FIELDS
    )
    return [
        {
            "field": name,
            "model": change.object_type,
            "old": "" if name in _NEW_VALUE_ONLY else str(values.get("old", "")),
            "new": str(values.get("new", "")),
        }
        for name, values in change.changes.items()
        if name in notified and name != "status"
    ]
