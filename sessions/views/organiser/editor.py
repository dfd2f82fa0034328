"""What the programme editor's views share: htmx answers, focus, the timeline."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django_htmx.http import trigger_client_event

from conferences.models import Event
from sessions import queries
from sessions.forms import InlineSpeakerForm, SessionSpeakerForm
from sessions.models import Session
from sessions.timeline import build_timeline


def in_editor(request: HttpRequest) -> bool:
    """True for htmx requests from the programme page (not for history restores)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def focus_on(response: HttpResponse, selector: str) -> HttpResponse:
    """Ask programme-editor.js to move focus to ``selector`` once htmx has settled."""
    return trigger_client_event(response, "kf:focus", {"selector": selector}, after="settle")


def session_for(event: Event, session_id: int) -> Session:
    """Return the event's session, or 404: an id of another event's session never matches."""
    return get_object_or_404(Session.objects.select_related("stage"), pk=session_id, event=event)


def programme_context(event: Event) -> dict:
    """Return the timeline of the event, in a constant number of queries."""
    sessions = queries.organiser_sessions(event)
    stages = queries.organiser_stages(event)
    days = build_timeline(event, stages, sessions, double_booked=queries.double_booked(sessions))
    return {"event": event, "days": days, "stages": stages}


def timeline_html(request: HttpRequest, event: Event) -> str:
    """Render the timeline for an out-of-band swap, so it shows what just changed."""
    return render_to_string(
        "sessions/organiser/_timeline.html",
        {**programme_context(event), "oob": True},
        request=request,
    )


def panel_response(
    request: HttpRequest,
    event: Event,
    context: dict,
    *,
    focus: str,
    with_timeline: bool = False,
) -> HttpResponse:
    """Answer an htmx request with the panel's new content (and the timeline out of band)."""
    html = render_to_string(
        "sessions/organiser/_session_panel.html",
        {"event": event, "in_editor": True, **context},
        request=request,
    )
    if with_timeline:
        html += timeline_html(request, event)
    return focus_on(HttpResponse(html), focus)


def session_page(request: HttpRequest, event: Event, context: dict) -> HttpResponse:
    """Render the session form as a page of its own, for browsers without JavaScript."""
    return render(request, "sessions/organiser/session_page.html", {"event": event, **context})


def speaker_forms(event: Event, session: Session | None) -> dict:
    """Return the lineup and the two empty forms that add people to ``session``."""
    if session is None:
        return {}
    return {
        "lineup": queries.session_lineup(session),
        "speaker_form": SessionSpeakerForm(event=event),
        "new_speaker_form": InlineSpeakerForm(),
    }
