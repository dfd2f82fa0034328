"""iCalendar (RFC 5545) output for events, built with icalendar 7.

The builders are shared: the public ``.ics`` downloads and the feed use them without a
METHOD (a published calendar), the registrations app reuses ``event_vevent`` and
``build_calendar(..., method="REQUEST" | "CANCEL")`` for invitations.

Published calendars use the last change of an item as its DTSTAMP, so the same data always
gives the same bytes and a hash of them serves as ETag; an invitation passes ``stamp=now``.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from html import unescape

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from icalendar import Calendar, Component, vCalAddress
from icalendar import Event as VEvent
from icalendar.enums import STATUS

from conferences.enums import EventFormat
from conferences.models import Event
from conferences.time_zones import add_vtimezones

PRODID = "-//Kommunalforum//Veranstaltungen//DE"
FALLBACK_TIME_ZONE = "Europe/Berlin"
# A VTIMEZONE only has to cover the items of its calendar (and a year on both sides); its
# form is chosen in ``conferences.time_zones``.
_TIMEZONE_MARGIN = datetime.timedelta(days=366)


def absolute_url(path: str) -> str:
    """Return ``path`` on the public site (``SITE_URL``), as calendar clients need."""
    return settings.SITE_URL.rstrip("/") + path


def zone(time_zone: str) -> zoneinfo.ZoneInfo:
    """Return the event's time zone, or Europe/Berlin for an unknown name."""
    try:
        return zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(FALLBACK_TIME_ZONE)


def plain_text(html: str) -> str:
    """Turn a formatted description into the plain text DESCRIPTION allows.

    Stored descriptions are HTML, so "&" arrives as "&amp;": calendar text is not HTML and
    shows entities literally, hence the unescaping after the tags are gone.
    """
    text = strip_tags(normalize_newlines(html or "").replace("</p>", "</p>\n"))
    lines = [unescape(line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def event_location(event: Event) -> str:
    """The venue as one line ("Name, Straße 1, 12345 Ort"), "online", or both when hybrid."""
    venue = ", ".join(
        part
        for part in (
            event.venue_name,
            event.venue_street,
            " ".join(p for p in (event.venue_postal_code, event.venue_city) if p),
        )
        if part
    )
    if event.format == EventFormat.ONLINE or not venue:
        return "online"
    if event.format == EventFormat.HYBRID:
        return f"{venue} / online"
    return venue


def event_organizer(event: Event) -> vCalAddress:
    """The event's contact address as ORGANIZER, named after the organising organisation."""
    return vCalAddress.new(f"mailto:{event.contact_email}", cn=event.organisation.name)


def item_status(*, cancelled: bool) -> STATUS:
    return STATUS.CANCELLED if cancelled else STATUS.CONFIRMED


def event_description(event: Event) -> str:
    parts = [event.summary, plain_text(event.description), absolute_url(event.get_absolute_url())]
    return "\n\n".join(part for part in parts if part)


def event_vevent(event: Event, *, stamp: datetime.datetime | None = None) -> VEvent:
    """Return the VEVENT of ``event``.

    UID and SEQUENCE come from the model (``calendar_uid``, the stored ``sequence`` that
    services raise on changes of time, place, title or status). Needs ``event.organisation``;
    select it with the event when building many.
    """
    tz = zone(event.time_zone)
    return VEvent.new(
        uid=event.calendar_uid,
        sequence=event.sequence,
        summary=event.title,
        start=event.starts_at.astimezone(tz),
        end=event.ends_at.astimezone(tz),
        stamp=stamp or event.updated_at,
        created=event.created_at,
        last_modified=event.updated_at,
        status=item_status(cancelled=event.is_cancelled),
        location=event_location(event),
        description=event_description(event),
        url=absolute_url(event.get_absolute_url()),
        organizer=event_organizer(event),
    )


def build_calendar(
    components: Iterable[Component],
    *,
    method: str | None = None,
    name: str | None = None,
    uid: str | None = None,
    refresh_interval: datetime.timedelta | None = None,
) -> Calendar:
    """Wrap VEVENTs in a VCALENDAR with the VTIMEZONEs their start and end times use.

    ``method`` is the iTIP method (REQUEST, CANCEL) of an invitation; leave it out for a
    published calendar. ``uid`` gives the calendar a stable identity (RFC 7986); without
    it the calendar carries none, since a random one would change the bytes on every request.
    """
    components = list(components)
    calendar = Calendar.new(
        prodid=PRODID,
        method=method,
        name=name,
        refresh_interval=refresh_interval,
        subcomponents=components,
        uid=uid or "",
    )
    if not uid:
        calendar.pop("UID", None)
    starts = [c.start for c in components if isinstance(c, VEvent) and c.get("DTSTART")]
    if starts:
        first = min(starts).date() - _TIMEZONE_MARGIN
        last = max(starts).date() + _TIMEZONE_MARGIN
        add_vtimezones(calendar, first_year=first.year, last_year=last.year)
    return calendar


def event_calendar(event: Event, sessions: Iterable[Component] = ()) -> Calendar:
    """The calendar file of one event, optionally followed by VEVENTs of its sessions."""
    return build_calendar(
        [event_vevent(event), *sessions], name=event.title, uid=f"calendar-{event.calendar_uid}"
    )


def events_feed_calendar(events: Iterable[Event]) -> Calendar:
    """The subscribable feed of all public events; clients refresh it daily."""
    return build_calendar(
        [event_vevent(event) for event in events],
        name="Kommunalforum – Veranstaltungen",
        uid="calendar-events@kommunalforum",
        refresh_interval=datetime.timedelta(days=1),
    )
