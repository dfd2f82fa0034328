"""HTTP for calendar files: conditional GET with ETag and Last-Modified, and the feed.

``calendar_view`` turns a function that builds a ``CalendarFile`` into a GET view; the
sessions app uses it for the event, session and speaker files.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from conferences.calendars import events_feed_calendar
from conferences.queries import public_events, public_events_version

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarFile:
    """A rendered calendar and what its HTTP headers need."""

    content: bytes
    filename: str
    last_modified: datetime.datetime | None
    inline: bool = False


CalendarBuilder = Callable[..., CalendarFile | None]
VersionFunc = Callable[..., tuple[str, datetime.datetime | None] | None]


def ics_response(calendar_file: CalendarFile) -> HttpResponse:
    """Serve ``calendar_file`` as text/calendar with a file name."""
    response = HttpResponse(calendar_file.content, content_type=CALENDAR_CONTENT_TYPE)
    disposition = "inline" if calendar_file.inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{calendar_file.filename}"'
    return response


def calendar_view(build: CalendarBuilder, *, version: VersionFunc | None = None):
    """Return a GET view serving what ``build(request, **kwargs)`` renders, or 404 for None.

    Without ``version`` the ETag is a hash of the rendered bytes (built once per request
    and reused by the view), so it changes exactly when the file does. With ``version``
    (returning a cheap fingerprint and the last change, or None for 404) a matching
    conditional request is answered with 304 before anything is built.
    """

    def rendered(request: HttpRequest, **kwargs) -> CalendarFile | None:
        cache = request.__dict__.setdefault("_calendar_files", {})
        key = (build, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = build(request, **kwargs)
        return cache[key]

    def etag(request: HttpRequest, **kwargs) -> str | None:
        if version is not None:
            found = version(request, **kwargs)
            if found is None:
                return None
            source = f"{found[0]}|{get_language()}|{request.get_full_path()}".encode()
        else:
            calendar_file = rendered(request, **kwargs)
            if calendar_file is None:
                return None
            source = calendar_file.content
        return hashlib.sha256(source).hexdigest()[:32]

    def last_modified(request: HttpRequest, **kwargs) -> datetime.datetime | None:
        if version is not None:
            found = version(request, **kwargs)
            return found[1] if found else None
        calendar_file = rendered(request, **kwargs)
        return calendar_file.last_modified if calendar_file else None

    @require_safe
    @condition(etag_func=etag, last_modified_func=last_modified)
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        calendar_file = rendered(request, **kwargs)
        if calendar_file is None:
            raise Http404
        return ics_response(calendar_file)

    view.__name__ = view.__qualname__ = getattr(build, "__name__", "calendar_view")
    view.__doc__ = build.__doc__
    return view


def _feed_version(request: HttpRequest) -> tuple[str, datetime.datetime | None]:
    count, latest = public_events_version()
    return f"{count}|{latest.isoformat() if latest else ''}", latest


def build_events_feed(request: HttpRequest) -> CalendarFile:
    """The feed of all public events (not their sessions), to subscribe to."""
    events = list(public_events().order_by("starts_at", "pk"))
    latest = max((event.updated_at for event in events), default=None)
    content = events_feed_calendar(events).to_ical()
    return CalendarFile(content, "kommunalforum-veranstaltungen.ics", latest, inline=True)


events_feed = calendar_view(build_events_feed, version=_feed_version)
