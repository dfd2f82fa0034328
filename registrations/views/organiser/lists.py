"""The registrations of an event: list with filters, one registration, decisions, adding
someone by hand, exports and the printable attendee list."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.forms import apply_service_errors
from conferences.views.access import organiser_view
from registrations import exports, services
from registrations.checkin import checkin_token
from registrations.enums import RegistrationStatus
from registrations.forms.organiser import (
    ManualRegistrationForm,
    RegistrationFilterForm,
    RejectForm,
)
from registrations.models import Registration
from registrations.queries import (
    answers_of,
    registrations_for_organisers,
    seat_summary,
    status_counts,
    waiting_position,
)
from registrations.views.organiser.access import registration_event, return_url

PAGE_SIZE = 50
FILTER_FIELDS = ("q", "status", "region", "district", "municipality", "organisation_type")


@dataclass(frozen=True)
class Action:
    """A decision an organiser takes on one registration, and the statuses it applies to."""

    slug: str
    label: Promise
    title: Promise
    statuses: tuple[str, ...]
    danger: bool = False


ACTIONS = {
    action.slug: action
    for action in (
        Action(
            "freigeben",
            gettext_lazy("Freigeben"),
            gettext_lazy("Anmeldung freigeben"),
            (RegistrationStatus.AWAITING_APPROVAL,),
        ),
        Action(
            "nachruecken",
            gettext_lazy("Nachrücken lassen"),
            gettext_lazy("Von der Warteliste nachrücken lassen"),
            (RegistrationStatus.WAITLISTED,),
        ),
        Action(
            "ablehnen",
            gettext_lazy("Ablehnen"),
            gettext_lazy("Anmeldung ablehnen"),
            (RegistrationStatus.AWAITING_APPROVAL, RegistrationStatus.WAITLISTED),
            danger=True,
        ),
        Action(
            "stornieren",
            gettext_lazy("Stornieren"),
            gettext_lazy("Anmeldung stornieren"),
            tuple(RegistrationStatus.active()),
            danger=True,
        ),
    )
}


def actions_for(registration: Registration) -> list[Action]:
    return [action for action in ACTIONS.values() if registration.status in action.statuses]


def _filter_form(request: HttpRequest, event) -> RegistrationFilterForm:
    bound = any(request.GET.get(name) for name in FILTER_FIELDS)
    return RegistrationFilterForm(request.GET if bound else None, event=event)


def _filter_query(request: HttpRequest) -> str:
    """The list's filters as a query string, for exports and page links."""
    query = request.GET.copy()
    query.pop("seite", None)
    return query.urlencode()


@organiser_view
def registration_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    form = _filter_form(request, event)
    registrations = registrations_for_organisers(event, form.filters())
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("seite"))
    counts = status_counts(event)
    return render(
        request,
        "registrations/organiser/list.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "rows": [(registration, actions_for(registration)) for registration in page],
            "counts": [
                (value, label, counts[value]) for value, label in RegistrationStatus.choices
            ],
            "total": sum(counts.values()),
            "seats": seat_summary(event),
            "filter_query": _filter_query(request),
            "is_filtered": form.is_bound,
            "here": request.get_full_path(),
        },
    )


@organiser_view
def registration_detail(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = registration_event(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related(
            "municipality", "municipality__district", "municipality__region", "added_by"
        ),
        pk=registration_id,
        event=event,
    )
    return render(
        request,
        "registrations/organiser/detail.html",
        {
            "event": event,
            "registration": registration,
            "answers": answers_of(registration),
            "session_choices": registration.session_choices.select_related(
                "option__session"
            ).order_by("option__session__starts_at"),
            "position": waiting_position(registration),
            "actions": actions_for(registration),
            "checkin_token": checkin_token(registration),
            "here": request.get_full_path(),
        },
    )


def _perform(action: Action, registration: Registration, *, reason: str) -> str:
    """Run the service of ``action``; return the message for the organiser."""
    name = registration.full_name
    match action.slug:
        case "freigeben":
            result = services.approve_registration(registration)
            return _("%(name)s ist freigegeben (Status: %(status)s).") % {
                "name": name,
                "status": result.get_status_display(),
            }
        case "nachruecken":
            services.move_from_waitlist(registration)
            return _("%(name)s ist von der Warteliste nachgerückt.") % {"name": name}
        case "ablehnen":
            services.reject_registration(registration, reason=reason)
            return _("Die Anmeldung von %(name)s ist abgelehnt.") % {"name": name}
        case "stornieren":
            services.cancel_registration(registration, by_organiser=True)
            return _("Die Anmeldung von %(name)s ist storniert.") % {"name": name}
    raise Http404  # pragma: no cover - ACTIONS holds exactly the cases above


def _consequence(action: Action, registration: Registration) -> str:
    name = registration.full_name
    texts = {
        "freigeben": _(
            "%(name)s bekommt einen Platz, wenn einer frei ist, sonst einen Platz auf der "
            "Warteliste, und erfährt es per E-Mail."
        ),
        "nachruecken": _(
            "%(name)s bekommt sofort einen Platz, vor allen anderen auf der Warteliste, und "
            "erfährt es per E-Mail. Ist die Veranstaltung ausgebucht, erhöht sich die Zahl "
            "der Plätze um einen."
        ),
        "ablehnen": _(
            "%(name)s wird abgelehnt und erfährt es per E-Mail, mit Ihrer Begründung, falls "
            "Sie eine angeben."
        ),
        "stornieren": _(
            "Die Anmeldung von %(name)s wird storniert; die Person erfährt es per E-Mail. Ein "
            "frei werdender Platz geht an die erste Person auf der Warteliste."
        ),
    }
    return texts[action.slug] % {"name": name}


@organiser_view
def registration_action(
    request: HttpRequest, slug: str, registration_id: int, action: str
) -> HttpResponse:
    """Approve, reject, move up or cancel one registration.

    The row's button posts here without ``confirmed`` and gets the confirmation page; its
    button posts again with ``confirmed``, and only that runs the service.
    """
    event = registration_event(request, slug)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    back = return_url(request, event)
    if registration.status not in spec.statuses:
        messages.error(request, str(services.InvalidTransition.default_message))
        return redirect(back)
    form = RejectForm(request.POST or None) if spec.slug == "ablehnen" else None
    confirmed = request.method == "POST" and request.POST.get("confirmed") == "1"
    if confirmed and (form is None or form.is_valid()):
        reason = form.cleaned_data["reason"] if form is not None else ""
        try:
            message = _perform(spec, registration, reason=reason)
        except services.RegistrationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, message)
        return redirect(back)
    if form is not None and not confirmed:
        # The first step shows the form without complaining about it.
        form = RejectForm()
    return render(
        request,
        "registrations/organiser/confirm_action.html",
        {
            "event": event,
            "registration": registration,
            "action": spec,
            "text": _consequence(spec, registration),
            "form": form,
            "back_url": back,
        },
    )


@organiser_view
def registration_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    form = ManualRegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.add_registration_manually(
                event,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                municipality=data["municipality"],
                organisation_type=data["organisation_type"],
                organisation_name=data["organisation_name"],
                session_options=data.get("session_options") or (),
                language=data["language"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except services.AlreadyRegistered as error:
            form.add_error(
                "email",
                _("Diese Adresse ist bereits angemeldet (Status: %(status)s).")
                % {"status": error.registration.get_status_display()},
            )
        except services.RegistrationClosed:
            form.add_error(None, _("Bitte speichern Sie zuerst die Anmeldeeinstellungen."))
        except services.RegistrationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(name)s ist eingetragen (Status: %(status)s) und erhält eine E-Mail.")
                % {"name": registration.full_name, "status": registration.get_status_display()},
            )
            return redirect("organiser_registration_list", slug=event.slug)
    return render(request, "registrations/organiser/add.html", {"event": event, "form": form})


def _export_rows(request: HttpRequest, event):
    form = _filter_form(request, event)
    return exports.attendee_table(event, registrations_for_organisers(event, form.filters()))


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no copy in shared caches or the browser's cache.
    response["Cache-Control"] = "no-store"
    return response


@organiser_view
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    table = _export_rows(request, event)
    return _download(
        exports.table_csv(table), exports.CSV_CONTENT_TYPE, exports.export_filename(event, "csv")
    )


@organiser_view
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    table = _export_rows(request, event)
    return _download(
        exports.table_xlsx(table, title=_("Anmeldungen")),
        exports.XLSX_CONTENT_TYPE,
        exports.export_filename(event, "xlsx"),
    )


@organiser_view
def attendee_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmed attendees on paper, by last name, with a column to sign."""
    event = registration_event(request, slug)
    attendees = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("municipality")
        .order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "registrations/organiser/attendee_list.html",
        {
            "event": event,
            "attendees": attendees,
            "list_url": reverse("organiser_registration_list", kwargs={"slug": event.slug}),
        },
    )
