"""Rendered parts of the public programme pages, cached by what they show.

Building and rendering a programme of 60 sessions takes about 100 ms of Python (model
instances, URLs, labels, template nodes), while reading whether anything in it changed takes
one aggregate query (``sessions.queries.programme_version``). So the parts that are the same
for every visitor (the programme, the list of speakers, the sessions' JSON-LD, a session
page's body) are rendered once per version and language and kept in the cache; everything
that depends on the visitor (header, login state, the registration box, CSRF tokens) is
rendered for each request around them.

The key holds the programme's version, the language, the site address (absolute links in
JSON-LD) and a digest of the templates and modules that produce the parts, so a deploy with
changed markup never serves parts rendered by the old code. Parts are rendered without the
request, so no visitor's data can end up in them.
"""

import functools
import hashlib
import inspect
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from conferences.models import Event
from sessions import jsonld, queries
from sessions.jsonld import script_content, session_jsonld
from sessions.queries import ProgrammeEntry, event_page_for, programme_version

TIMEOUT = 60 * 60 * 24
# Where a rendered part's markup comes from; a change to any of them changes every key.
TEMPLATES = [
    "sessions/public/_programme.html",
    "sessions/public/_speakers.html",
    "sessions/public/_session.html",
    "sessions/public/_lineup.html",
]
# Runs of white space with a line break in them: a browser shows them as one space, and a
# programme's indentation alone was 17 KB. The parts contain no <pre> or <textarea>.
_INDENTATION = re.compile(r"[ \t]*\n\s*")


@functools.cache
def _code_digest() -> str:
    sources = [get_template(name).template.source for name in TEMPLATES]
    sources += [inspect.getsource(module) for module in (jsonld, queries)]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()[:16]


def _key(kind: str, event: Event, *parts: object) -> str:
    identity = repr((_code_digest(), get_language(), settings.SITE_URL, *parts))
    return f"public:{kind}:{event.pk}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"


def _render(template_name: str, context: dict) -> SafeString:
    html = render_to_string(template_name, context)
    return mark_safe(_INDENTATION.sub("\n", html).strip())  # noqa: S308 (rendered by a template, which escaped it)


@dataclass(frozen=True)
class ProgrammeParts:
    """The visitor-independent parts of an event page."""

    programme: SafeString
    speakers: SafeString
    sub_events: list[dict]
    has_entries: bool


def programme_parts(event: Event) -> ProgrammeParts:
    """Return the event's programme, speakers and sessions' JSON-LD, rendered at most once
    per version and language (one query when cached)."""
    key = _key("programme", event, programme_version(event))
    parts = cache.get(key)
    if parts is None:
        page = event_page_for(event)
        context = {"page": page, "event": event}
        parts = ProgrammeParts(
            programme=_render("sessions/public/_programme.html", context),
            speakers=_render("sessions/public/_speakers.html", context),
            sub_events=[session_jsonld(entry) for entry in page.entries],
            has_entries=bool(page.entries),
        )
        cache.set(key, parts, TIMEOUT)
    return parts


@dataclass(frozen=True)
class SessionParts:
    """The visitor-independent parts of a session page."""

    body: SafeString
    jsonld: SafeString


def session_parts(session_id: int, event: Event, load) -> SessionParts:
    """Return a session page's body and JSON-LD, rendered at most once per version of its
    event's programme and language; ``load()`` returns the ``ProgrammeEntry`` when not."""
    key = _key("session", event, session_id, programme_version(event))
    parts = cache.get(key)
    if parts is None:
        entry: ProgrammeEntry = load()
        parts = SessionParts(
            body=_render(
                "sessions/public/_session.html",
                {"entry": entry, "session": entry.session, "event": entry.session.event},
            ),
            jsonld=script_content(session_jsonld(entry, with_context=True)),
        )
        cache.set(key, parts, TIMEOUT)
    return parts
