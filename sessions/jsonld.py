"""schema.org ``Event`` JSON-LD for the event and session pages.

Search engines and calendar tools read it; only what the page itself shows goes in: no
online access notes, and only speakers who consented to be shown.
"""

import json

from django.utils.safestring import SafeString, mark_safe

from conferences.calendars import absolute_url
from conferences.enums import EventFormat
from conferences.models import Event
from sessions.queries import ProgrammeEntry

SCHEMA = "https://schema.org"
ATTENDANCE_MODES = {
    EventFormat.ONLINE: f"{SCHEMA}/OnlineEventAttendanceMode",
    EventFormat.IN_PERSON: f"{SCHEMA}/OfflineEventAttendanceMode",
    EventFormat.HYBRID: f"{SCHEMA}/MixedEventAttendanceMode",
}
# schema.org wants IETF BCP 47 tags: German Sign Language is "gsg"; "Leichte Sprache" is
# German.
LANGUAGE_TAGS = {"de": "de", "en": "en", "dgs": "gsg", "ls": "de"}


def _status(cancelled: bool) -> str:
    return f"{SCHEMA}/EventCancelled" if cancelled else f"{SCHEMA}/EventScheduled"


def event_location(event: Event) -> list[dict]:
    """A Place with its address for in-person events, a VirtualLocation (the event page)
    for online ones, both for hybrid events."""
    locations = []
    if event.has_venue:
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.venue_street,
            "postalCode": event.venue_postal_code,
            "addressLocality": event.venue_city,
            "addressCountry": "DE",
        }
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name or event.venue_city,
                "address": {key: value for key, value in address.items() if value},
            }
        )
    if event.is_online:
        locations.append(
            {"@type": "VirtualLocation", "url": absolute_url(event.get_absolute_url())}
        )
    return locations


def _organizer(event: Event) -> dict:
    organizer = {"@type": "Organization", "name": event.organisation.name}
    if event.organisation.website:
        organizer["url"] = event.organisation.website
    organizer["email"] = event.contact_email
    return organizer


def session_jsonld(entry: ProgrammeEntry, *, with_context: bool = False) -> dict:
    """A session as an ``Event`` with its consenting speakers as performers.

    As a ``subEvent`` it is an outline that points to the session's own page: name, time,
    link and performers' names, its status only when cancelled (schema.org assumes
    scheduled), and none of place, attendance mode, abstract or performer links, which the
    session page carries. A programme of 60 sessions would otherwise repeat them into 46 KB
    of the event page. Standing alone (``with_context``) it carries everything and names
    its event as ``superEvent``.
    """
    session, event = entry.session, entry.session.event
    cancelled = session.is_cancelled or event.is_cancelled
    data = {
        "@type": "Event",
        "name": session.title,
        "url": absolute_url(entry.url),
        "startDate": session.starts_at.isoformat(),
        "endDate": session.ends_at.isoformat(),
    }
    if with_context or cancelled:
        data["eventStatus"] = _status(cancelled)
    performers = [role for role in entry.roles if role.speaker is not None]
    if with_context:
        data["performer"] = [
            {"@type": "Person", "name": role.name, "url": absolute_url(role.url)}
            for role in performers
        ]
    elif performers:
        data["performer"] = [{"@type": "Person", "name": role.name} for role in performers]
    if with_context and session.abstract:
        data["description"] = session.abstract
    if with_context:
        data = {"@context": SCHEMA, **data}
        data["eventAttendanceMode"] = ATTENDANCE_MODES.get(event.format)
        data["location"] = event_location(event)
        data["superEvent"] = {
            "@type": "Event",
            "name": event.title,
            "url": absolute_url(event.get_absolute_url()),
        }
    return data


def event_jsonld(event: Event, sub_events: list[dict]) -> dict:
    """The event with its sessions (``session_jsonld`` of each) as ``subEvent``."""
    languages = list(dict.fromkeys(LANGUAGE_TAGS.get(code, code) for code in event.languages))
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": _status(event.is_cancelled),
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "location": event_location(event),
        "organizer": _organizer(event),
        "subEvent": sub_events,
    }
    if event.summary:
        data["description"] = event.summary
    if languages:
        data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    topics = [topic.name for topic in event.topics.all()]
    if topics:
        data["keywords"] = ", ".join(topics)
    return data


def script_content(data: dict) -> SafeString:
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` become JSON escapes, so no value (a title such as
    "</script><script>…") can end the element or open another.
    """
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308  (every character that could end the element is escaped)
