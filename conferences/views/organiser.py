"""The organiser area for events and teams: dashboard, event forms, actions, change log.

Every view is wrapped in ``organiser_view``: log in, be an organiser (else 403), have a
second factor. Then the object's team decides: a team the person is not in gives 404, so
nobody learns which events other teams prepare; a moderator who may see but not change
gets 403.
"""

from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences import queries, services
from conferences.forms import EventForm, TeamMemberForm, apply_service_errors
from conferences.models import ChangeLogEntry, Event, OrganiserTeam, TeamMembership
from conferences.rules import (
    can_manage_event,
    can_manage_team,
    can_moderate_event,
    is_organiser,
    is_team_member,
    teams_for,
)
from core.access import second_factor_required

#: What each change log action reads as.
ACTION_LABELS = {
    "event_created": gettext_lazy("Veranstaltung angelegt"),
    "event_updated": gettext_lazy("Veranstaltung geändert"),
    "event_published": gettext_lazy("Veranstaltung veröffentlicht"),
    "event_cancelled": gettext_lazy("Veranstaltung abgesagt"),
    "event_duplicated": gettext_lazy("Veranstaltung als Kopie angelegt"),
    "series_created": gettext_lazy("Reihe angelegt"),
    "stage_created": gettext_lazy("Bühne angelegt"),
    "stage_updated": gettext_lazy("Bühne geändert"),
    "stage_deleted": gettext_lazy("Bühne gelöscht"),
    "session_created": gettext_lazy("Programmpunkt angelegt"),
    "session_updated": gettext_lazy("Programmpunkt geändert"),
    "session_cancelled": gettext_lazy("Programmpunkt abgesagt"),
    "session_rescheduled": gettext_lazy("Programmpunkt wieder eingeplant"),
    "session_deleted": gettext_lazy("Programmpunkt gelöscht"),
    "speaker_added": gettext_lazy("Person eingetragen"),
    "speaker_removed": gettext_lazy("Person ausgetragen"),
    "speaker_moved": gettext_lazy("Reihenfolge geändert"),
    "speaker_created": gettext_lazy("Person angelegt"),
    "speaker_updated": gettext_lazy("Person geändert"),
    "member_added": gettext_lazy("Mitglied hinzugefügt"),
    "member_role_changed": gettext_lazy("Rolle geändert"),
    "member_removed": gettext_lazy("Mitglied entfernt"),
    "request_scheduled": gettext_lazy("Aus einer Anfrage angelegt"),
}
_EXTRA_FIELD_LABELS = {
    "source": gettext_lazy("Kopie von"),
    "display_name": gettext_lazy("Name"),
}


# --- Access ------------------------------------------------------------------------------


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


# --- Dashboard and events ----------------------------------------------------------------


@organiser_view
def dashboard(request: HttpRequest) -> HttpResponse:
    overviews = queries.organiser_dashboard(request.user)
    can_create = any(overview.can_manage for overview in overviews)
    return render(
        request,
        "conferences/organiser/dashboard.html",
        {"overviews": overviews, "can_create": can_create},
    )


def _managed_teams(user):
    teams = teams_for(user).select_related("organisation")
    if user.is_staff:
        return teams
    return teams.filter(memberships__user=user, memberships__role="organiser")


@organiser_view
def event_create(request: HttpRequest) -> HttpResponse:
    teams = _managed_teams(request.user)
    if not teams.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                form.cleaned_data["team"],
                actor=request.user,
                values=form.event_values(),
                series_name=form.cleaned_data["series_name"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Die Veranstaltung ist als Entwurf angelegt."))
            return redirect("organiser_event", slug=event.slug)
    return render(
        request,
        "conferences/organiser/event_form.html",
        {"form": form, "event": None},
    )


@organiser_view
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, manage=False)
    return render(
        request,
        "conferences/organiser/event_detail.html",
        {
            "event": event,
            "can_manage": can_manage_event(request.user, event),
            "recent_changes": queries.event_change_log(event)[:5],
            "session_count": event.sessions.count(),
            "stage_count": event.stages.count(),
        },
    )


@organiser_view
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    form = EventForm(request.POST or None, instance=event, teams=teams_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.update_event(
                event,
                actor=request.user,
                changes=form.event_values(),
                series_name=form.cleaned_data["series_name"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("organiser_event", slug=event.slug)
    return render(request, "conferences/organiser/event_form.html", {"form": form, "event": event})


@organiser_view
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    back = reverse("organiser_event", kwargs={"slug": event.slug})
    if request.method == "POST":
        try:
            services.publish_event(event, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Veranstaltung ist veröffentlicht."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("Veranstaltung veröffentlichen"),
        text=_(
            "„%(title)s“ wird mit Programm auf der öffentlichen Seite und im Kalender sichtbar."
        )
        % {"title": event.title},
        button=_("Jetzt veröffentlichen"),
        back_url=back,
        context={"event": event},
    )


@organiser_view
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    back = reverse("organiser_event", kwargs={"slug": event.slug})
    if request.method == "POST":
        services.cancel_event(event, actor=request.user)
        messages.success(request, _("Die Veranstaltung ist abgesagt."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("Veranstaltung absagen"),
        text=_(
            "„%(title)s“ wird als abgesagt markiert. Das Programm bleibt sichtbar, "
            "Kalendereinträge werden als abgesagt aktualisiert. Das lässt sich nicht "
            "rückgängig machen."
        )
        % {"title": event.title},
        button=_("Veranstaltung absagen"),
        back_url=back,
        danger=True,
        context={"event": event},
    )


def change_rows(entry: ChangeLogEntry) -> list[tuple[str, str, str]]:
    """Return (field label, old, new) for each field an entry changed."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, change in entry.changes.items():
        label = _EXTRA_FIELD_LABELS.get(name)
        if label is None and model is not None:
            try:
                label = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name
        rows.append((str(label or name), change.get("old", ""), change.get("new", "")))
    return rows


@organiser_view
def event_change_log(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, manage=False)
    page = Paginator(queries.event_change_log(event), 50).get_page(request.GET.get("seite"))
    entries = [
        {
            "entry": entry,
            "action": ACTION_LABELS.get(entry.action, entry.action),
            "rows": change_rows(entry),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "conferences/organiser/change_log.html",
        {"event": event, "page": page, "entries": entries},
    )


# --- Teams -------------------------------------------------------------------------------


@organiser_view
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = team_for(request, team_id)
    can_manage = can_manage_team(request.user, team)
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                membership = services.add_team_member(
                    team,
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(email)s ist jetzt im Team (%(role)s).")
                    % {
                        "email": membership.user.email,
                        "role": membership.get_role_display(),
                    },
                )
                return redirect("organiser_team", team_id=team.pk)
    changes = queries.team_change_log(team)[:20]
    return render(
        request,
        "conferences/organiser/team_detail.html",
        {
            "team": team,
            "members": queries.team_members(team),
            "form": form,
            "can_manage": can_manage,
            "changes": [
                {
                    "entry": entry,
                    "action": ACTION_LABELS.get(entry.action, entry.action),
                    "rows": change_rows(entry),
                }
                for entry in changes
            ],
        },
    )


@organiser_view
def team_member_remove(request: HttpRequest, team_id: int, membership_id: int) -> HttpResponse:
    team = team_for(request, team_id, manage=True)
    membership = get_object_or_404(
        TeamMembership.objects.select_related("user"), pk=membership_id, team=team
    )
    back = reverse("organiser_team", kwargs={"team_id": team.pk})
    if request.method == "POST":
        try:
            services.remove_team_member(membership, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(email)s ist nicht mehr im Team.") % {"email": membership.user.email}
            )
        return redirect(back)
    return confirm_page(
        request,
        title=_("Mitglied entfernen"),
        text=_("%(email)s verliert den Zugang zu den Veranstaltungen von „%(team)s“.")
        % {"email": membership.user.email, "team": team.name},
        button=_("Aus dem Team entfernen"),
        back_url=back,
        danger=True,
    )
