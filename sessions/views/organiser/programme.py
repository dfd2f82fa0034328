"""The programme page and the session forms (panel with htmx, own page without)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from conferences.forms import apply_service_errors
from conferences.views.access import confirm_page, event_for, organiser_view
from sessions import services
from sessions.forms import SESSION_ERROR_FIELDS, SessionForm
from sessions.views.organiser.editor import (
    in_editor,
    panel_response,
    programme_context,
    session_for,
    session_page,
    speaker_forms,
)


@organiser_view
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    return render(request, "sessions/organiser/programme.html", programme_context(event))


@organiser_view
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    initial = {}
    if request.GET.get("stage", "").isdigit():
        initial["stage"] = int(request.GET["stage"])
    if request.GET.get("day"):
        initial["day"] = request.GET["day"]
    form = SessionForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_session(
                event, actor=request.user, values=form.session_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error, rename=SESSION_ERROR_FIELDS)
        else:
            message = _("„%(title)s“ ist angelegt. Jetzt können Sie Personen eintragen.") % {
                "title": saved.object.title
            }
            if in_editor(request):
                context = {
                    "session": saved.object,
                    "form": SessionForm(event=event, session=saved.object),
                    "status_message": message,
                    **speaker_forms(event, saved.object),
                }
                return panel_response(
                    request, event, context, focus="#panel-status", with_timeline=True
                )
            messages.success(request, message)
            return redirect("organiser_session_edit", slug=event.slug, session_id=saved.object.pk)
    context = {"session": None, "form": form}
    if in_editor(request):
        focus = "#panel-errors" if form.errors else "#panel-heading"
        return panel_response(request, event, context, focus=focus)
    return session_page(request, event, context)


@organiser_view
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    form = SessionForm(request.POST or None, event=event, session=session)
    warnings: list[str] = []
    status_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_session(
                session, actor=request.user, changes=form.session_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error, rename=SESSION_ERROR_FIELDS)
        else:
            session, warnings = saved.object, saved.warnings
            status_message = _("„%(title)s“ ist gespeichert.") % {"title": session.title}
            if not in_editor(request):
                messages.success(request, status_message)
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("organiser_session_edit", slug=event.slug, session_id=session.pk)
            form = SessionForm(event=event, session=session)
    context = {
        "session": session,
        "form": form,
        "warnings": warnings,
        "status_message": status_message,
        **speaker_forms(event, session),
    }
    if in_editor(request):
        if form.errors:
            focus = "#panel-errors"
        elif status_message:
            focus = "#panel-status"
        else:
            focus = "#panel-heading"
        return panel_response(
            request, event, context, focus=focus, with_timeline=bool(status_message)
        )
    return session_page(request, event, context)


@organiser_view
def session_cancel(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    back = reverse("organiser_session_edit", kwargs={"slug": event.slug, "session_id": session.pk})
    if request.method == "POST":
        services.cancel_session(session, actor=request.user)
        messages.success(request, _("„%(title)s“ ist abgesagt.") % {"title": session.title})
        return redirect(back)
    return confirm_page(
        request,
        title=_("Programmpunkt absagen"),
        text=_(
            "„%(title)s“ bleibt im Programm, als abgesagt markiert; Kalendereinträge werden "
            "aktualisiert."
        )
        % {"title": session.title},
        button=_("Programmpunkt absagen"),
        back_url=back,
        danger=True,
        context={"event": event},
    )


@organiser_view
def session_reschedule(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        saved = services.reschedule_session(session, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("„%(title)s“ ist wieder eingeplant.") % {"title": session.title}
        )
        for warning in saved.warnings:
            messages.warning(request, warning)
    return redirect("organiser_session_edit", slug=event.slug, session_id=session.pk)


@organiser_view
def session_delete(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = event_for(request, slug)
    session = session_for(event, session_id)
    if request.method == "POST":
        services.delete_session(session, actor=request.user)
        messages.success(request, _("„%(title)s“ ist gelöscht.") % {"title": session.title})
        return redirect("organiser_programme", slug=event.slug)
    text = _("„%(title)s“ und die Zuordnung seiner Personen werden gelöscht.") % {
        "title": session.title
    }
    if event.is_public:
        text += " " + _(
            "Die Veranstaltung ist veröffentlicht: Absagen statt Löschen hält Kalender aktuell."
        )
    return confirm_page(
        request,
        title=_("Programmpunkt löschen"),
        text=text,
        button=_("Endgültig löschen"),
        back_url=reverse(
            "organiser_session_edit", kwargs={"slug": event.slug, "session_id": session.pk}
        ),
        danger=True,
        context={"event": event},
    )
