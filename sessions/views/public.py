"""Public pages of the programme: the event page, session and speaker pages, and their
calendar files.

The event page lives here, not in conferences, because it shows the programme; boxes of
higher apps (registration) reach it through ``sessions.fragments``.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from conferences.calendars import event_calendar
from conferences.queries import public_event
from conferences.views.calendars import CalendarFile, calendar_view
from sessions.calendars import (
    session_calendar,
    speaker_calendar,
    with_session_vevents,
)
from sessions.fragments import event_fragments
from sessions.jsonld import event_jsonld, script_content
from sessions.queries import (
    event_page_data,
    public_session,
    public_session_row,
    public_speaker,
    speaker_sessions,
)
from sessions.views.public_cache import programme_parts, session_parts


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = public_event(slug)
    if event is None:
        raise Http404
    parts = programme_parts(event)
    return render(
        request,
        "sessions/public/event_detail.html",
        {
            "event": event,
            "parts": parts,
            "event_jsonld": script_content(event_jsonld(event, parts.sub_events)),
            "event_fragments": event_fragments(request, event),
        },
    )


def session_detail(request: HttpRequest, event_slug: str, slug: str) -> HttpResponse:
    session = public_session_row(event_slug, slug)
    if session is None:
        raise Http404
    parts = session_parts(session.pk, session.event, lambda: public_session(event_slug, slug))
    return render(
        request,
        "sessions/public/session_detail.html",
        {"session": session, "event": session.event, "body": parts.body, "jsonld": parts.jsonld},
    )


def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = public_speaker(slug)
    if speaker is None:
        raise Http404
    entries = speaker_sessions(speaker)
    appearances = [
        (entry, [role for role in entry.roles if role.speaker == speaker]) for entry in entries
    ]
    return render(
        request,
        "sessions/public/speaker_detail.html",
        {"speaker": speaker, "appearances": appearances},
    )


def build_event_calendar(request: HttpRequest, slug: str) -> CalendarFile | None:
    """The event as one VEVENT; with ``?programm=1`` followed by one VEVENT per session
    (related to the event), for those who want every programme item in their calendar."""
    page = event_page_data(slug)
    if page is None:
        return None
    with_programme = request.GET.get("programm") == "1"
    entries = page.entries if with_programme else []
    changes = [page.event.updated_at, *(entry.session.updated_at for entry in entries)]
    suffix = "-programm" if with_programme else ""
    content = with_session_vevents(event_calendar(page.event), entries)
    return CalendarFile(content, f"{slug}{suffix}.ics", max(changes))


def build_session_calendar(
    request: HttpRequest, event_slug: str, slug: str
) -> CalendarFile | None:
    entry = public_session(event_slug, slug)
    if entry is None:
        return None
    session = entry.session
    return CalendarFile(
        session_calendar(entry).to_ical(),
        f"{event_slug}-{slug}.ics",
        max(session.updated_at, session.event.updated_at),
    )


def build_speaker_calendar(request: HttpRequest, slug: str) -> CalendarFile | None:
    """Every public session of a consenting speaker."""
    speaker = public_speaker(slug)
    if speaker is None:
        return None
    entries = speaker_sessions(speaker)
    changes = [speaker.updated_at]
    changes += [max(e.session.updated_at, e.session.event.updated_at) for e in entries]
    return CalendarFile(speaker_calendar(speaker, entries).to_ical(), f"{slug}.ics", max(changes))


event_ics = calendar_view(build_event_calendar)
session_ics = calendar_view(build_session_calendar)
speaker_ics = calendar_view(build_speaker_calendar)
