"""What every organiser page of registrations starts with: the event, if the person may
run its registration, and where a finished action returns to."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from conferences.models import Event
from conferences.views.access import event_for
from registrations.rules import can_manage_registrations


def registration_event(request: HttpRequest, slug: str) -> Event:
    """Return the event whose registration the person runs: 404 for another team's event,
    403 for a team member who may not manage it (a moderator)."""
    event = event_for(request, slug, manage=False)
    if not can_manage_registrations(request.user, event):
        raise PermissionDenied
    return event


def return_url(request: HttpRequest, event: Event) -> str:
    """The page to go back to after an action: ``next`` when it is on this site, else the
    event's registrations list."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("organiser_registration_list", kwargs={"slug": event.slug})
