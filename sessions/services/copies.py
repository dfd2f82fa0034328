"""Copies of whole events with their programme, for the next event of a series."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from conferences.models import Event
from conferences.services import copy_event
from sessions.enums import SessionStatus
from sessions.models import Session, SessionSpeaker, Stage


def shift_to_day(
    value: datetime.datetime, *, days: int, zone: zoneinfo.ZoneInfo
) -> datetime.datetime:
    """Move ``value`` by whole days keeping its wall-clock time in ``zone`` (across DST)."""
    local = timezone.localtime(value, zone)
    moved = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=days), local.time(), tzinfo=zone
    )
    return moved


@transaction.atomic
def duplicate_event(
    event: Event, *, actor, starts_on: datetime.date, slug: str = "", title: str = ""
) -> Event:
    """Copy the event with its stages, sessions and speaker roles to ``starts_on``.

    For the next event of a series: times keep their wall-clock value in the event's time
    zone, the copy is a draft with the next series number and a new slug, sessions start
    as scheduled with sequence 0. Speakers are shared (they belong to the team).
    """
    zone = zoneinfo.ZoneInfo(event.time_zone)
    days = (starts_on - timezone.localtime(event.starts_at, zone).date()).days
    copy = copy_event(
        event,
        actor=actor,
        starts_at=shift_to_day(event.starts_at, days=days, zone=zone),
        ends_at=shift_to_day(event.ends_at, days=days, zone=zone),
        slug=slug,
        title=title,
    )
    stage_map: dict[int | None, Stage] = {}
    for stage in Stage.objects.filter(event=event):
        stage_map[stage.pk] = Stage.objects.create(
            event=copy, name=stage.name, order=stage.order, description=stage.description
        )
    sessions = Session.objects.filter(event=event).prefetch_related("speaker_roles")
    for session in sessions:
        roles = list(session.speaker_roles.all())
        session_copy = Session.objects.create(
            event=copy,
            stage=stage_map.get(session.stage_id),
            kind=session.kind,
            title=session.title,
            slug=session.slug,
            starts_at=shift_to_day(session.starts_at, days=days, zone=zone),
            ends_at=shift_to_day(session.ends_at, days=days, zone=zone),
            abstract=session.abstract,
            language=session.language,
            live_qa=session.live_qa,
            status=SessionStatus.SCHEDULED,
        )
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                session=session_copy, speaker_id=role.speaker_id, role=role.role, order=role.order
            )
            for role in roles
        )
    return copy
