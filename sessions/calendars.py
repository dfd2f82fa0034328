"""iCalendar output for sessions and speakers, on top of ``conferences.calendars``.

SEQUENCE of a session is its stored ``sequence``; the event services raise it also when the
whole event changes place, format or status, since a session's entry shows those.
"""

import datetime
from collections.abc import Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from conferences.calendars import (
    absolute_url,
    build_calendar,
    event_location,
    event_organizer,
    item_status,
    zone,
)
from sessions.models import Speaker
from sessions.queries import ProgrammeEntry


def session_location(entry: ProgrammeEntry) -> str:
    session = entry.session
    location = event_location(session.event)
    return f"{session.stage.name}, {location}" if session.stage else location


def session_description(entry: ProgrammeEntry) -> str:
    session = entry.session
    parts = [
        session.event.title,
        entry.lineup_text,
        session.abstract,
        absolute_url(session.get_absolute_url()),
    ]
    return "\n\n".join(part for part in parts if part)


def session_vevent(entry: ProgrammeEntry, *, stamp: datetime.datetime | None = None) -> VEvent:
    """Return the VEVENT of a session, related to its event's VEVENT as parent.

    Speakers appear in DESCRIPTION only by the public lineup (unnamed without consent).
    """
    session, event = entry.session, entry.session.event
    tz = zone(event.time_zone)
    last_modified = max(session.updated_at, event.updated_at)
    vevent = VEvent.new(
        uid=session.calendar_uid,
        sequence=session.sequence,
        summary=session.title,
        start=session.starts_at.astimezone(tz),
        end=session.ends_at.astimezone(tz),
        stamp=stamp or last_modified,
        created=session.created_at,
        last_modified=last_modified,
        status=item_status(cancelled=session.is_cancelled or event.is_cancelled),
        location=session_location(entry),
        description=session_description(entry),
        url=absolute_url(session.get_absolute_url()),
        organizer=event_organizer(event),
    )
    vevent.related_to = [event.calendar_uid]
    return vevent


def session_calendar(entry: ProgrammeEntry) -> Calendar:
    return build_calendar(
        [session_vevent(entry)],
        name=entry.session.title,
        uid=f"calendar-{entry.session.calendar_uid}",
    )


def speaker_calendar(speaker: Speaker, entries: Iterable[ProgrammeEntry]) -> Calendar:
    """All public sessions of a speaker, one VEVENT each."""
    return build_calendar(
        [session_vevent(entry) for entry in entries],
        name=speaker.display_name,
        uid=f"calendar-{speaker.calendar_uid}",
    )
