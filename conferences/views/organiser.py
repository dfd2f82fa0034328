"""The organiser area for events and teams: dashboard, event forms, actions, change log.

Every view is wrapped in ``organiser_view``: log in, be an organiser (else 403), have a
second factor. Then the object's team decides: a team the person is not in gives 404, so
nobody learns which events other teams prepare; a moderator who may see but not change
gets 403.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from conferences import change_labels, notices, queries, services
from conferences.forms import EventForm, TeamMemberForm, apply_service_errors
from conferences.models import ChangeLogEntry, TeamMembership
from conferences.rules import (
    can_manage_event,
    can_manage_team,
    teams_for,
)
from conferences.views.access import confirm_page, event_for, organiser_view, team_for

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
    told = notices.who_is_told(
        event, action="event_updated", fields=frozenset(services.EDITABLE_EVENT_FIELDS)
    )
    return render(
        request,
        "conferences/organiser/event_form.html",
        {"form": form, "event": event, "told": told},
    )


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
            "Kalendereinträge werden als abgesagt aktualisiert. Wenn die Veranstaltung doch "
            "stattfindet, können Sie die Absage zurücknehmen."
        )
        % {"title": event.title},
        button=_("Veranstaltung absagen"),
        back_url=back,
        danger=True,
        context={
            "event": event,
            "told": notices.who_is_told(
                event, action="event_cancelled", fields=frozenset({"status"})
            ),
        },
    )


@organiser_view
def event_reinstate(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug)
    back = reverse("organiser_event", kwargs={"slug": event.slug})
    if request.method == "POST":
        try:
            services.reinstate_event(event, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Absage ist zurückgenommen."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("Absage zurücknehmen"),
        text=_(
            "„%(title)s“ findet doch statt: Die Veranstaltung wird wieder als veröffentlicht "
            "gezeigt, Kalendereinträge werden wieder gültig."
        )
        % {"title": event.title},
        button=_("Absage zurücknehmen"),
        back_url=back,
        context={
            "event": event,
            "told": notices.who_is_told(
                event, action="event_reinstated", fields=frozenset({"status"})
            ),
        },
    )


def change_rows(entry: ChangeLogEntry) -> list[tuple[str, str, str]]:
    """Return (field label, old, new) for each field an entry changed."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, change in entry.changes.items():
        label = change_labels.field_label(name)
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
            "action": change_labels.action_label(entry.action),
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
                    "action": change_labels.action_label(entry.action),
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
