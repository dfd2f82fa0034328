"""Sessions of the programme: where and when they may be, their writes and warnings."""

import datetime
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Event
from conferences.services import diff_fields, record_change, unique_slug
from sessions.enums import SessionStatus
from sessions.models import Session, SessionSpeaker
from sessions.signals import announce_session_change

#: Session fields whose change makes calendar clients replace their copy.
SESSION_SEQUENCE_FIELDS = frozenset({"starts_at", "ends_at", "title", "stage", "status"})
EDITABLE_SESSION_FIELDS = (
    "kind",
    "title",
    "slug",
    "stage",
    "starts_at",
    "ends_at",
    "abstract",
    "language",
    "live_qa",
)


@dataclass(frozen=True)
class Saved[T]:
    """What a programme service wrote, with warnings the organiser should read."""

    object: T
    warnings: list[str] = field(default_factory=list)


def _local(value: datetime.datetime, event: Event) -> datetime.datetime:
    return timezone.localtime(value, zoneinfo.ZoneInfo(event.time_zone))


def _span(start: datetime.datetime, end: datetime.datetime, event: Event) -> str:
    start_local, end_local = _local(start, event), _local(end, event)
    if start_local.date() == end_local.date():
        return f"{start_local:%d.%m.%Y, %H:%M}–{end_local:%H:%M}"
    return f"{start_local:%d.%m.%Y, %H:%M} – {end_local:%d.%m.%Y, %H:%M}"


def raise_session_sequences(sessions) -> None:
    """Give each of ``sessions`` a new calendar sequence (they show changed data)."""
    for session in sessions.select_for_update(of=("self",)):
        session.raise_sequence()
        session.save(update_fields=["sequence", "updated_at"])


def validate_session(session: Session) -> None:
    """Raise ``ValidationError`` (by field) for a session that does not fit its event.

    Checks, in this order: end after start; inside the event's time; stage of the same
    event; no overlap with another scheduled session on the same stage.
    """
    event = session.event
    if session.starts_at is None or session.ends_at is None:
        raise ValidationError(_("Beginn und Ende sind nötig."))
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
    errors: dict[str, str] = {}
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        message = _(
            "Der Programmpunkt muss innerhalb der Veranstaltung liegen (%(span)s Uhr)."
        ) % {"span": _span(event.starts_at, event.ends_at, event)}
        errors["starts_at" if session.starts_at < event.starts_at else "ends_at"] = message
    if session.stage is not None and session.stage.event_id != event.pk:
        errors["stage"] = _("Diese Bühne gehört zu einer anderen Veranstaltung.")
    if errors:
        raise ValidationError(errors)
    if session.stage is not None and session.status == SessionStatus.SCHEDULED:
        clash = (
            Session.objects.filter(
                stage=session.stage,
                status=SessionStatus.SCHEDULED,
                starts_at__lt=session.ends_at,
                ends_at__gt=session.starts_at,
            )
            .exclude(pk=session.pk)
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "starts_at": _(
                        "Auf der Bühne „%(stage)s“ findet zu dieser Zeit schon „%(title)s“ "
                        "statt (%(span)s Uhr)."
                    )
                    % {
                        "stage": session.stage.name,
                        "title": clash.title,
                        "span": _span(clash.starts_at, clash.ends_at, event),
                    }
                }
            )


def double_bookings(session: Session) -> list[str]:
    """Return a warning for each speaker of ``session`` also booked elsewhere at that time.

    Looks across all events: a person cannot be in two places, whichever event they are.
    A cancelled session neither causes nor receives warnings.
    """
    if session.status != SessionStatus.SCHEDULED:
        return []
    speaker_ids = list(session.speaker_roles.values_list("speaker_id", flat=True))
    if not speaker_ids:
        return []
    clashes = (
        SessionSpeaker.objects.filter(
            speaker_id__in=speaker_ids,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session_id=session.pk)
        .select_related("speaker", "session__event")
        .order_by("session__starts_at", "speaker__last_name")
    )
    seen: set[tuple[int, int]] = set()
    warnings = []
    for role in clashes:
        key = (role.speaker_id, role.session_id)
        if key in seen:
            continue
        seen.add(key)
        other = role.session
        warnings.append(
            _(
                "%(name)s ist zur selben Zeit auch für „%(title)s“ eingeplant "
                "(%(span)s Uhr, %(event)s)."
            )
            % {
                "name": role.speaker.display_name,
                "title": other.title,
                "span": _span(other.starts_at, other.ends_at, other.event),
                "event": other.event.title,
            }
        )
    return warnings


def _prepare_session_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through this service: {sorted(unknown)}")
    return dict(values)


@transaction.atomic
def create_session(event: Event, *, actor, values: Mapping[str, Any]) -> Saved[Session]:
    """Add a scheduled session to the event's programme; a blank slug comes from the title."""
    prepared = _prepare_session_values(values)
    if not prepared.get("slug"):
        prepared["slug"] = unique_slug(Session, prepared.get("title", ""), event=event)
    elif Session.objects.filter(event=event, slug=prepared["slug"]).exists():
        raise ValidationError(
            {"slug": _("Diesen Kurznamen hat schon ein Programmpunkt dieser Veranstaltung.")}
        )
    session = Session(event=event, status=SessionStatus.SCHEDULED, **prepared)
    validate_session(session)
    session.save()
    record_change(
        session,
        team=event.team,
        event=event,
        actor=actor,
        action="session_created",
        changes={
            "starts_at": {"old": "", "new": _span(session.starts_at, session.ends_at, event)}
        },
    )
    return Saved(session)


@transaction.atomic
def update_session(session: Session, *, actor, changes: Mapping[str, Any]) -> Saved[Session]:
    """Change a session; SEQUENCE rises when its time, title, stage or status change.

    Returns warnings about speakers who are then booked twice.
    """
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__team", "stage")
        .get(pk=session.pk)
    )
    prepared = _prepare_session_values(changes)
    if prepared.get("slug") is not None and not prepared["slug"]:
        prepared.pop("slug")
    if "slug" in prepared and prepared["slug"] != locked.slug:
        taken = Session.objects.filter(event=locked.event, slug=prepared["slug"])
        if taken.exclude(pk=locked.pk).exists():
            raise ValidationError(
                {"slug": _("Diesen Kurznamen hat schon ein Programmpunkt dieser Veranstaltung.")}
            )
    changed = diff_fields(locked, prepared, tz=locked.event.time_zone)
    if not changed:
        return Saved(locked, double_bookings(locked))
    validate_session(locked)
    if set(changed) & SESSION_SEQUENCE_FIELDS:
        locked.raise_sequence()
    locked.save()
    entry = record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="session_updated",
        changes=changed,
    )
    announce_session_change(locked, entry)
    return Saved(locked, double_bookings(locked))


@transaction.atomic
def cancel_session(session: Session, *, actor) -> Session:
    """Mark a session cancelled; it stays in the programme, marked, and frees its slot."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__team")
        .get(pk=session.pk)
    )
    if locked.status == SessionStatus.CANCELLED:
        return locked
    changed = diff_fields(locked, {"status": SessionStatus.CANCELLED})
    locked.raise_sequence()
    locked.save()
    entry = record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="session_cancelled",
        changes=changed,
    )
    announce_session_change(locked, entry)
    return locked


@transaction.atomic
def reschedule_session(session: Session, *, actor) -> Saved[Session]:
    """Undo a cancellation, if the slot on the stage is still free."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__team")
        .get(pk=session.pk)
    )
    if locked.status == SessionStatus.SCHEDULED:
        return Saved(locked, double_bookings(locked))
    changed = diff_fields(locked, {"status": SessionStatus.SCHEDULED})
    validate_session(locked)
    locked.raise_sequence()
    locked.save()
    entry = record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="session_rescheduled",
        changes=changed,
    )
    announce_session_change(locked, entry)
    return Saved(locked, double_bookings(locked))


@transaction.atomic
def delete_session(session: Session, *, actor) -> None:
    """Delete a session and its speaker roles (prefer ``cancel_session`` once published)."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__team")
        .get(pk=session.pk)
    )
    record_change(
        locked,
        team=locked.event.team,
        event=locked.event,
        actor=actor,
        action="session_deleted",
        changes={"title": {"old": locked.title, "new": ""}},
    )
    locked.delete()
