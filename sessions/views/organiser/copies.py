"""Copying an event with its programme, for the next event of a series."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from conferences.forms import DuplicateEventForm, apply_service_errors
from conferences.views.access import event_for, organiser_view
from sessions import services


@organiser_view
def event_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    form = DuplicateEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.duplicate_event(
                event,
                actor=request.user,
                starts_on=form.cleaned_data["starts_on"],
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_service_errors(form, error, rename={"starts_at": "starts_on"})
        else:
            messages.success(
                request,
                _("Die Kopie ist als Entwurf angelegt, mit Bühnen, Programm und Personen."),
            )
            return redirect("organiser_event", slug=copy.slug)
    return render(request, "sessions/organiser/duplicate.html", {"event": event, "form": form})
