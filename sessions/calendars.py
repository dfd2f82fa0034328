"""iCalendar output for sessions and speakers, on top of ``conferences.calendars``.

SEQUENCE of a session is its own ``sequence`` plus its event's (``Session.calendar_sequence``):
a session's entry shows the event's place, format and status, and both numbers only rise, so
an event change reaches the sessions' entries without anyone writing the sessions' rows.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.core.cache import cache
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
        sequence=session.calendar_sequence,
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


#: How long a serialised session VEVENT stays cached; its key changes with every value in it.
SESSION_VEVENT_CACHE_SECONDS = 24 * 60 * 60


def session_vevent_ical(entry: ProgrammeEntry) -> bytes:
    """Return the serialised VEVENT of a session, memoised under a key of every value in it.

    Serialising is what makes a large programme slow (icalendar builds and folds each line
    in Python), while calendar clients fetch the same files again and again. The key is a
    hash of all the values the VEVENT is made of, texts in the active language included, so
    a change anywhere gives a new key and a cached entry is never stale.
    """
    session, event = entry.session, entry.session.event
    values = (
        session.calendar_uid,
        session.calendar_sequence,
        session.title,
        session.starts_at,
        session.ends_at,
        session.created_at,
        session.updated_at,
        session.is_cancelled,
        event.calendar_uid,
        event.time_zone,
        event.updated_at,
        event.is_cancelled,
        event.contact_email,
        event.organisation.name,
        session_location(entry),
        session_description(entry),
        absolute_url(session.get_absolute_url()),
    )
    key = "ics-session-vevent:" + hashlib.sha256(repr(values).encode()).hexdigest()
    serialised = cache.get(key)
    if serialised is None:
        serialised = session_vevent(entry).to_ical()
        cache.set(key, serialised, SESSION_VEVENT_CACHE_SECONDS)
    return serialised


def with_session_vevents(calendar: Calendar, entries: Iterable[ProgrammeEntry]) -> bytes:
    """Serialise ``calendar`` with the (memoised) VEVENTs of ``entries`` before its end.

    ``calendar`` must already hold the VTIMEZONE the sessions need: the event's VEVENT
    brings it, with a margin of a year around the event's start.
    """
    ending = b"END:VCALENDAR\r\n"
    serialised = calendar.to_ical()
    if not serialised.endswith(ending):
        raise ValueError("A serialised VCALENDAR ends with END:VCALENDAR.")
    sessions = b"".join(session_vevent_ical(entry) for entry in entries)
    return serialised[: -len(ending)] + sessions + ending


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
