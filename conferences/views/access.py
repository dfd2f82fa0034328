"""Who may enter the organiser area and which event or team a request may reach.

Every organiser view of every app is wrapped in ``organiser_view``: log in, be an organiser
(else 403), have a second factor. Then the object's team decides: a team the person is not
in gives 404, so nobody learns which events other teams prepare; a moderator who may see but
not change gets 403. ``confirm_page`` is the shared confirmation step of actions that only a
POST performs.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from conferences.models import Event, OrganiserTeam
from conferences.rules import (
    can_manage_event,
    can_manage_team,
    can_moderate_event,
    is_organiser,
    is_team_member,
)
from core.access import second_factor_required


def organiser_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a login, an organiser (403 otherwise) and a second factor, in that order.

    People who are no organisers get 403 before being asked for a second factor: there is
    nothing here for them to unlock.
    """
    protected = second_factor_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_organiser(request.user):
            raise PermissionDenied
        return protected(request, *args, **kwargs)

    return wrapper


def event_for(request: HttpRequest, slug: str, *, manage: bool = True) -> Event:
    """Return the event if the person may see it (404 otherwise) and, with ``manage``,
    change it (403 otherwise)."""
    event = get_object_or_404(
        Event.objects.select_related("team", "series", "organisation", "host_municipality"),
        slug=slug,
    )
    if not can_moderate_event(request.user, event):
        raise Http404
    if manage and not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def team_for(request: HttpRequest, team_id: int, *, manage: bool = False) -> OrganiserTeam:
    """Return the team if the person is in it or staff (404 otherwise); with ``manage`` the
    person must be one of its organisers (403 otherwise)."""
    team = get_object_or_404(OrganiserTeam.objects.select_related("organisation"), pk=team_id)
    if not is_team_member(request.user, team):
        raise Http404
    if manage and not can_manage_team(request.user, team):
        raise PermissionDenied
    return team


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    back_url: str,
    danger: bool = False,
    context: dict | None = None,
) -> HttpResponse:
    """Render the confirmation step of an action that only a POST performs."""
    return render(
        request,
        "conferences/organiser/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "back_url": back_url,
            "danger": danger,
            **(context or {}),
        },
    )
