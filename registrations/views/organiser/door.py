"""Check-in at the door: the page a registrant's QR code opens, and the search by name."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from conferences.views.access import organiser_view
from registrations import services
from registrations.checkin import (
    checkin_counts,
    checkin_search,
    checkin_token,
    registration_for_checkin_token,
)
from registrations.enums import RegistrationStatus
from registrations.forms.organiser import CheckinSearchForm
from registrations.views.organiser.access import registration_event


@organiser_view
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    form = CheckinSearchForm(request.GET or None)
    results = []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = [
            (registration, checkin_token(registration))
            for registration in checkin_search(event, form.cleaned_data["q"])
        ]
    return render(
        request,
        "registrations/organiser/checkin.html",
        {
            "event": event,
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "counts": checkin_counts(event),
            "here": request.get_full_path(),
        },
    )


@organiser_view
def checkin_person(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Show who the QR code belongs to; POST ``checkin`` or ``undo`` records the arrival.

    A token of another event, or a forged one, gives 404 like an unknown page.
    """
    event = registration_event(request, slug)
    registration = registration_for_checkin_token(event, token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        undo = request.POST.get("action") == "undo"
        try:
            services.check_in_registration(registration, undo=undo)
        except services.RegistrationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                (
                    _("Der Check-in von %(name)s ist zurückgenommen.")
                    if undo
                    else _("%(name)s ist eingecheckt.")
                )
                % {"name": registration.full_name},
            )
        target = request.POST.get("next")
        search = reverse("organiser_registration_checkin", kwargs={"slug": event.slug})
        if target and target.startswith(search):
            return redirect(target)
        return redirect(request.path)
    return render(
        request,
        "registrations/organiser/checkin_person.html",
        {
            "event": event,
            "registration": registration,
            "counts": checkin_counts(event),
            "is_confirmed": registration.status == RegistrationStatus.CONFIRMED,
        },
    )
