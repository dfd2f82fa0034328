"""The speakers of a team: list, create, edit (with photo)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from conferences.forms import apply_service_errors
from conferences.rules import can_manage_team
from conferences.views.access import organiser_view, team_for
from sessions import queries, services
from sessions.forms import SpeakerForm
from sessions.models import Speaker
from sessions.rules import can_manage_speaker, can_see_speaker


@organiser_view
def speaker_list(request: HttpRequest, team_id: int) -> HttpResponse:
    team = team_for(request, team_id)
    return render(
        request,
        "sessions/organiser/speaker_list.html",
        {
            "team": team,
            "speakers": queries.team_speakers(team.pk),
            "can_manage": can_manage_team(request.user, team),
        },
    )


@organiser_view
def speaker_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = team_for(request, team_id, manage=True)
    form = SpeakerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            speaker = services.create_speaker(
                team, actor=request.user, values=form.speaker_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s ist angelegt.") % {"name": speaker.display_name})
            return redirect("organiser_speakers", team_id=team.pk)
    return render(
        request,
        "sessions/organiser/speaker_form.html",
        {"team": team, "form": form, "speaker": None},
    )


@organiser_view
def speaker_edit(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.select_related("team"), slug=slug)
    if not can_see_speaker(request.user, speaker):
        raise Http404
    if not can_manage_speaker(request.user, speaker):
        raise PermissionDenied
    team = speaker.team
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            speaker = services.update_speaker(
                speaker, actor=request.user, changes=form.speaker_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("organiser_speakers", team_id=team.pk)
    return render(
        request,
        "sessions/organiser/speaker_form.html",
        {"team": team, "form": form, "speaker": speaker},
    )
