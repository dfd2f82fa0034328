"""The lineup of a session: add, create, move and remove speakers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from conferences.forms import apply_service_errors
from conferences.models import Event
from conferences.views.access import event_for, organiser_view
from sessions import services
from sessions.forms import InlineSpeakerForm, SessionForm, SessionSpeakerForm
from sessions.models import Session, SessionSpeaker
from sessions.views.organiser.editor import (
    focus_on,
    in_editor,
    session_for,
    session_page,
    speaker_forms,
    timeline_html,
)


def _lineup_response(
    request: HttpRequest,
    event: Event,
    session: Session,
    *,
    focus: str,
    status_message: str = "",
    warnings: list[str] | None = None,
    speaker_form: SessionSpeakerForm | None = None,
    new_speaker_form: InlineSpeakerForm | None = None,
) -> HttpResponse:
    """Answer a change of the lineup: the speaker section (htmx) or the session page."""
    if not in_editor(request):
        if status_message:
            messages.success(request, status_message)
        for warning in warnings or []:
            messages.warning(request, warning)
        if speaker_form is not None or new_speaker_form is not None:
            context = {
                "session": session,
                "form": SessionForm(event=event, session=session),
                **speaker_forms(event, session),
            }
            context["speaker_form"] = speaker_form or context["speaker_form"]
            context["new_speaker_form"] = new_speaker_form or context["new_speaker_form"]
            return session_page(request, event, context)
        url = reverse(
            "organiser_session_edit", kwargs={"slug": event.slug, "session_id": session.pk}
        )
        return redirect(f"{url}#personen")
    context = {
        "event": event,
        "session": session,
        "in_editor": True,
        "speaker_status": status_message,
        "speaker_warnings": warnings or [],
        **speaker_forms(event, session),
    }
    if speaker_form is not None:
        context["speaker_form"] = speaker_form
    if new_speaker_form is not None:
        context["new_speaker_form"] = new_speaker_form
    html = render_to_string("sessions/organiser/_speakers.html", context, request=request)
    html += timeline_html(request, event)
    return focus_on(HttpResponse(html), focus)


@organiser_view
def session_speaker_add(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = SessionSpeakerForm(request.POST, event=event)
    if form.is_valid():
        try:
            saved = services.add_session_speaker(
                session,
                actor=request.user,
                speaker=form.cleaned_data["speaker"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            entry = saved.object
            return _lineup_response(
                request,
                event,
                session,
                focus=f"#lineup-{entry.pk}",
                status_message=_("%(name)s ist als %(role)s eingetragen.")
                % {"name": entry.speaker.display_name, "role": entry.get_role_display()},
                warnings=saved.warnings,
            )
    return _lineup_response(
        request, event, session, focus="#speaker-form-errors", speaker_form=form
    )


@organiser_view
def session_speaker_create(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = InlineSpeakerForm(request.POST)
    if form.is_valid():
        try:
            speaker = services.create_speaker(
                event.team, actor=request.user, values=form.speaker_values()
            )
            saved = services.add_session_speaker(
                session, actor=request.user, speaker=speaker, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            entry = saved.object
            return _lineup_response(
                request,
                event,
                session,
                focus=f"#lineup-{entry.pk}",
                status_message=_("%(name)s ist angelegt und als %(role)s eingetragen.")
                % {"name": speaker.display_name, "role": entry.get_role_display()},
                warnings=saved.warnings,
            )
    return _lineup_response(
        request, event, session, focus="#new-speaker-form-errors", new_speaker_form=form
    )


def _entry_for(session: Session, entry_id: int) -> SessionSpeaker:
    return get_object_or_404(
        SessionSpeaker.objects.select_related("speaker"), pk=entry_id, session=session
    )


@organiser_view
def session_speaker_move(
    request: HttpRequest, slug: str, session_id: int, entry_id: int
) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    entry = _entry_for(session, entry_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    direction = request.POST.get("direction", "")
    try:
        moved = services.move_session_speaker(entry, actor=request.user, direction=direction)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    return _lineup_response(
        request,
        event,
        session,
        focus=f"#lineup-{moved.pk}",
        status_message=_("%(name)s steht jetzt an Position %(position)d.")
        % {"name": entry.speaker.display_name, "position": moved.order + 1},
    )


@organiser_view
def session_speaker_remove(
    request: HttpRequest, slug: str, session_id: int, entry_id: int
) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    entry = _entry_for(session, entry_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    services.remove_session_speaker(entry, actor=request.user)
    return _lineup_response(
        request,
        event,
        session,
        focus="#lineup-heading",
        status_message=_("%(name)s ist nicht mehr als %(role)s eingetragen.")
        % {"name": entry.speaker.display_name, "role": entry.get_role_display()},
    )
