"""Stages: the columns of the programme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conferences.forms import apply_service_errors
from conferences.models import Event
from conferences.views.access import confirm_page, event_for, organiser_view
from sessions import services
from sessions.forms import StageForm
from sessions.models import Stage


def _stage_for(event: Event, stage_id: int) -> Stage:
    return get_object_or_404(Stage, pk=stage_id, event=event)


@organiser_view
def stage_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stage = services.create_stage(
                event,
                actor=request.user,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Die Bühne „%(name)s“ ist angelegt.") % {"name": stage.name}
            )
            return redirect("organiser_programme", slug=event.slug)
    return render(
        request,
        "sessions/organiser/stage_form.html",
        {"event": event, "form": form, "stage": None},
    )


@organiser_view
def stage_edit(request: HttpRequest, slug: str, stage_id: int) -> HttpResponse:
    event = event_for(request, slug)
    stage = _stage_for(event, stage_id)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        changes = {
            "name": form.cleaned_data["name"],
            "description": form.cleaned_data["description"],
        }
        if form.cleaned_data["order"] is not None:
            changes["order"] = form.cleaned_data["order"]
        try:
            services.update_stage(stage, actor=request.user, changes=changes)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Die Bühne ist gespeichert."))
            return redirect("organiser_programme", slug=event.slug)
    return render(
        request,
        "sessions/organiser/stage_form.html",
        {"event": event, "form": form, "stage": stage},
    )


@organiser_view
def stage_delete(request: HttpRequest, slug: str, stage_id: int) -> HttpResponse:
    event = event_for(request, slug)
    stage = _stage_for(event, stage_id)
    if request.method == "POST":
        services.delete_stage(stage, actor=request.user)
        messages.success(request, _("Die Bühne „%(name)s“ ist gelöscht.") % {"name": stage.name})
        return redirect("organiser_programme", slug=event.slug)
    count = stage.sessions.count()
    return confirm_page(
        request,
        title=_("Bühne löschen"),
        text=ngettext(
            "Die Bühne „%(name)s“ wird gelöscht. Ihr %(count)d Programmpunkt bleibt im "
            "Programm, ohne Bühne.",
            "Die Bühne „%(name)s“ wird gelöscht. Ihre %(count)d Programmpunkte bleiben im "
            "Programm, ohne Bühne.",
            count,
        )
        % {"name": stage.name, "count": count},
        button=_("Bühne löschen"),
        back_url=reverse("organiser_programme", kwargs={"slug": event.slug}),
        danger=True,
        context={"event": event},
    )
