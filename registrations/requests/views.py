"""Workshop and consulting requests: the public form and the organiser inbox.

The form is open to everyone; its submissions are counted per client address and per
email address, and a submission over either limit gets 429 with the filled-in form, so
nothing typed is lost. The inbox pages use the organiser area's access rules: log in, be
an organiser (403 otherwise), have a second factor; a request addressed to a team the
person is not in gives 404, and only the team's organisers (not its moderators) act.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from conferences.forms import apply_service_errors
from conferences.rules import can_manage_team, is_team_member
from conferences.views.access import organiser_view
from registrations import ratelimits
from registrations.models import WorkshopRequest
from registrations.requests import queries as request_queries
from registrations.requests import services as request_services
from registrations.requests.forms import (
    InboxFilterForm,
    RequestForm,
    RequestNoteForm,
    RequestStatusForm,
    ScheduleForm,
)

SUBMITTED_SESSION_KEY = "workshop_request_submitted"
INBOX_PAGE_SIZE = 50


# --- Public form -------------------------------------------------------------------------


def request_allowed(request: HttpRequest, email: str) -> bool:
    """Count one submission per client address and per email; both counters always move."""
    by_address = ratelimits.hit("request_ip", ratelimits.client_address(request))
    by_email = ratelimits.hit("request_email", email.strip().lower())
    return by_address and by_email


def request_create(request: HttpRequest) -> HttpResponse:
    # An empty POST is a submission too: it must show what is missing.
    form = RequestForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Only complete submissions count: a form sent back with errors cost nothing, and
        # a person correcting typos must not lock themselves out.
        if not request_allowed(request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss oder für diese E-Mail-Adresse sind in kurzer Zeit "
                    "zu viele Anfragen eingegangen. Bitte versuchen Sie es in einer Stunde "
                    "erneut."
                ),
            )
            status = 429
        else:
            try:
                workshop_request = request_services.submit_request(
                    form.details(), user=request.user, language=get_language() or "de"
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                request.session[SUBMITTED_SESSION_KEY] = workshop_request.pk
                return redirect("request_submitted")
    return render(
        request,
        "registrations/requests/form.html",
        {"form": form, "has_team": form.has_team},
        status=status,
    )


def request_submitted(request: HttpRequest) -> HttpResponse:
    """Thank the requester; the summary shows only a request made in this browser session."""
    request_id = request.session.get(SUBMITTED_SESSION_KEY)
    workshop_request = (
        WorkshopRequest.objects.select_related("municipality", "team")
        .filter(pk=request_id)
        .first()
        if request_id
        else None
    )
    return render(
        request, "registrations/requests/submitted.html", {"workshop_request": workshop_request}
    )


# --- Organiser inbox ---------------------------------------------------------------------


def request_for(request: HttpRequest, request_id: int, *, manage: bool = False) -> WorkshopRequest:
    """Return the request if its team is the person's (404 otherwise); with ``manage`` the
    person must be one of the team's organisers (403 otherwise)."""
    workshop_request = request_queries.request_for_detail(request_id)
    if workshop_request is None or not is_team_member(request.user, workshop_request.team):
        raise Http404
    if manage and not can_manage_team(request.user, workshop_request.team):
        raise PermissionDenied
    return workshop_request


@organiser_view
def request_list(request: HttpRequest) -> HttpResponse:
    status = InboxFilterForm(request.GET).status_value()
    page = Paginator(request_queries.inbox_requests(request.user, status=status), INBOX_PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "registrations/requests/inbox.html",
        {
            "tabs": request_queries.inbox_tabs(request.user, current=status),
            "page_obj": page_obj,
            "requests": page_obj.object_list,
            "status": status,
            "filter_query": f"status={status}" if status else "",
        },
    )


def _detail_page(
    request: HttpRequest,
    workshop_request: WorkshopRequest,
    *,
    note_form: RequestNoteForm | None = None,
    status_form: RequestStatusForm | None = None,
) -> HttpResponse:
    can_manage = can_manage_team(request.user, workshop_request.team)
    return render(
        request,
        "registrations/requests/detail.html",
        {
            "workshop_request": workshop_request,
            "can_manage": can_manage,
            "note_form": note_form or RequestNoteForm(),
            "status_form": status_form or RequestStatusForm(workshop_request=workshop_request),
        },
    )


@organiser_view
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _detail_page(request, request_for(request, request_id))


@organiser_view
def request_note(request: HttpRequest, request_id: int) -> HttpResponse:
    workshop_request = request_for(request, request_id, manage=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RequestNoteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, workshop_request, note_form=form)
    note = form.save(commit=False)
    note.request = workshop_request
    note.author = request.user
    note.save()
    messages.success(request, _("Die Notiz ist gespeichert."))
    return redirect("organiser_request", request_id=workshop_request.pk)


@organiser_view
def request_status(request: HttpRequest, request_id: int) -> HttpResponse:
    workshop_request = request_for(request, request_id, manage=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RequestStatusForm(request.POST, workshop_request=workshop_request)
    if form.is_valid():
        try:
            change = request_services.change_request_status(
                workshop_request,
                status=form.cleaned_data["status"],
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Der Status ist jetzt „%(status)s“. %(email)s wird per E-Mail informiert.")
                % {"status": change.get_new_status_display(), "email": workshop_request.email},
            )
            return redirect("organiser_request", request_id=workshop_request.pk)
    return _detail_page(request, workshop_request, status_form=form)


@organiser_view
def request_schedule(request: HttpRequest, request_id: int) -> HttpResponse:
    workshop_request = request_for(request, request_id, manage=True)
    if workshop_request.scheduled_event_id is not None:
        messages.info(request, _("Für diese Anfrage ist bereits eine Veranstaltung angelegt."))
        return redirect("organiser_request", request_id=workshop_request.pk)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        workshop_request=workshop_request,
        actor=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = request_services.schedule_request(
                workshop_request, form.plan(), actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error, rename={"starts_at": "day", "ends_at": "end_time"})
        else:
            messages.success(
                request,
                _(
                    "Die Veranstaltung ist als Entwurf angelegt und mit der Anfrage verknüpft. "
                    "%(email)s wird per E-Mail informiert. Ergänzen Sie jetzt die Angaben."
                )
                % {"email": workshop_request.email},
            )
            return redirect(reverse("organiser_event_edit", kwargs={"slug": event.slug}))
    return render(
        request,
        "registrations/requests/schedule.html",
        {"workshop_request": workshop_request, "form": form},
    )
