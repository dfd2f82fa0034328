"""The registrant's pages: register, confirm by mail, manage by the personal link,
"Meine Anmeldungen" and the personal calendar feed.

Pages reached by a personal link (``<token>``) answer 404 for a wrong, tampered or
revoked token, are never cached and are kept out of search engines; the site's
same-origin referrer policy keeps the token from leaving with a click on a link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conferences.models import Event
from conferences.views.calendars import CalendarFile, calendar_view
from directory.queries import profile_of
from registrations import ratelimits, services
from registrations.availability import availability_of, own_registration
from registrations.calendars import (
    calendar_feed_for_token,
    calendar_feed_of,
    feed_calendar,
    feed_registrations,
    feed_urls,
    registration_calendar,
    registration_changed_at,
    renew_calendar_feed,
)
from registrations.enums import RegistrationStatus
from registrations.forms.public import AnswersForm, RegistrationForm
from registrations.models import Question, Registration
from registrations.queries import (
    answers_of,
    registration_for_token,
    registrations_of_user,
    session_options_with_seats,
    waiting_position,
)

# Registrations this browser made, so the outcome page can show them without a login.
SESSION_KEY = "registrations.submitted"
SESSION_REMEMBERED = 20
# A second submit of the same form (double click, second tab) within this time shows the
# registration it made, even when the browser's session has not caught up yet.
DOUBLE_SUBMIT_WINDOW_SECONDS = 10 * 60


def _public_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().select_related("organisation"), slug=slug)


def _remember(request: HttpRequest, registration: Registration) -> None:
    known = [
        key for key in request.session.get(SESSION_KEY, []) if key != str(registration.public_id)
    ]
    request.session[SESSION_KEY] = [str(registration.public_id), *known][:SESSION_REMEMBERED]


def _is_own(request: HttpRequest, registration: Registration, form: RegistrationForm) -> bool:
    """Tell whether this visitor made ``registration`` (a double submit) or owns it.

    A stranger who types someone's address learns only that it is registered; the person
    who submitted twice sees their registration. A double click races the session write of
    the first request, so a pending registration with the same name, made minutes ago,
    counts as the visitor's own too: it shows nothing the visitor did not just type.
    """
    user = request.user
    if user.is_authenticated and (
        registration.user_id == user.pk or registration.email == user.email.lower()
    ):
        return True
    if str(registration.public_id) in request.session.get(SESSION_KEY, []):
        return True
    data = form.cleaned_data
    age = (timezone.now() - registration.created_at).total_seconds()
    return (
        registration.status == RegistrationStatus.PENDING
        and age < DOUBLE_SUBMIT_WINDOW_SECONDS
        and registration.first_name.casefold() == data.get("first_name", "").casefold()
        and registration.last_name.casefold() == data.get("last_name", "").casefold()
    )


def _outcome_url(event: Event) -> str:
    return reverse("registration_outcome", kwargs={"slug": event.slug})


def _unavailable(
    request: HttpRequest, event: Event, availability, message: str = ""
) -> HttpResponse:
    return render(
        request,
        "registrations/public/unavailable.html",
        {"event": event, "availability": availability, "message": message},
    )


@never_cache
def registration_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    availability = availability_of(event)
    if availability is None or not availability.accepts_registrations:
        return _unavailable(request, event, availability)
    if own_registration(request.user, event) is not None:
        return redirect(_outcome_url(event))
    form_kwargs = {
        "reg_settings": availability.settings,
        "questions": Question.objects.filter(event=event),
        "options": session_options_with_seats(event),
        "user": request.user,
        "profile": profile_of(request.user) if request.user.is_authenticated else None,
    }
    status = 200
    already_registered = ""
    if request.method == "POST":
        email = (
            request.user.email if request.user.is_authenticated else request.POST.get("email", "")
        )
        if not ratelimits.registration_allowed(request, email):
            return render(
                request, "registrations/public/rate_limited.html", {"event": event}, status=429
            )
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                registration = services.register_attendee(
                    event,
                    user=request.user if request.user.is_authenticated else None,
                    language=get_language(),
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except services.AlreadyRegistered as error:
                if _is_own(request, error.registration, form):
                    _remember(request, error.registration)
                    return redirect(_outcome_url(event))
                form.add_error(
                    None,
                    _(
                        "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung. Den Link zu "
                        "Ihrer Anmeldung finden Sie in der E-Mail, die Sie erhalten haben."
                    ),
                )
                already_registered = form.cleaned_data.get("email") or email
            except services.TryAgain:
                form.add_error(None, _("Bitte versuchen Sie es in einem Moment noch einmal."))
                status = 503
            except (services.RegistrationClosed, services.EventFull) as error:
                return _unavailable(request, event, availability_of(event), str(error.message))
            except services.SessionOptionFull as error:
                form.add_error("session_options", str(error.message))
            except services.RegistrationError as error:
                form.add_error(None, str(error.message))
            else:
                _remember(request, registration)
                return redirect(_outcome_url(event))
    else:
        form = RegistrationForm(**form_kwargs)
    response = render(
        request,
        "registrations/public/form.html",
        {
            "event": event,
            "availability": availability,
            "form": form,
            "already_registered": already_registered,
        },
        status=status,
    )
    if status == 503:
        response["Retry-After"] = "5"
    return response


@never_cache
def registration_outcome(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the registration this browser (or this account) made stands."""
    event = _public_event(slug)
    remembered = request.session.get(SESSION_KEY, [])
    mine = Q(public_id__in=remembered)
    if request.user.is_authenticated:
        mine |= Q(user=request.user) | Q(email=request.user.email.lower())
    registration = (
        Registration.objects.filter(event=event)
        .filter(mine)
        .select_related("event", "event__registration_settings")
        .order_by("-created_at")
        .first()
    )
    if registration is None:
        return redirect("registration_create", slug=event.slug)
    owner = request.user.is_authenticated and (
        registration.user_id == request.user.pk or registration.email == request.user.email.lower()
    )
    return render(
        request,
        "registrations/public/outcome.html",
        {
            "event": event,
            "registration": registration,
            "position": waiting_position(registration),
            # Only the address's owner gets the personal link on screen: before the
            # double opt-in the visitor has not shown that the address is theirs.
            "manage_url": _manage_url(registration) if owner else "",
        },
    )


def _manage_url(registration: Registration) -> str:
    return reverse("registration_manage", kwargs={"token": registration.management_token})


def _registration_or_404(token: str) -> Registration:
    registration = registration_for_token(token)
    if registration is None:
        raise Http404
    return registration


def _is_overdue(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.EXPIRED or (
        registration.status == RegistrationStatus.PENDING
        and registration.confirm_by is not None
        and registration.confirm_by < timezone.now()
    )


def _personal(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in: the mailed link opens this page, its button confirms.

    A button rather than the link itself confirms, because mail scanners follow links.
    """
    registration = _registration_or_404(token)
    if _is_overdue(registration):
        return _personal(
            render(
                request,
                "registrations/public/expired.html",
                {"registration": registration, "event": registration.event},
                status=410,
            )
        )
    if registration.status != RegistrationStatus.PENDING:
        return redirect(_manage_url(registration))
    status = 200
    error = ""
    if request.method == "POST":
        try:
            registration = services.confirm_registration(registration)
        except services.RegistrationExpired:
            return redirect(request.path)
        except services.TryAgain:
            error, status = _("Bitte versuchen Sie es in einem Moment noch einmal."), 503
        except services.RegistrationError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Vielen Dank. Ihre E-Mail-Adresse ist bestätigt."))
            return redirect(_manage_url(registration))
    return _personal(
        render(
            request,
            "registrations/public/confirm.html",
            {"registration": registration, "event": registration.event, "error": error},
            status=status,
        )
    )


@never_cache
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    event = registration.event
    return _personal(
        render(
            request,
            "registrations/public/manage.html",
            {
                "registration": registration,
                "event": event,
                "token": token,
                "position": waiting_position(registration),
                "answers": list(answers_of(registration)),
                "session_choices": list(
                    registration.session_choices.select_related("option__session").order_by(
                        "option__session__starts_at"
                    )
                ),
                "has_questions": Question.objects.filter(event=event).exists(),
                "is_pending": registration.status == RegistrationStatus.PENDING,
                "is_confirmed": registration.status == RegistrationStatus.CONFIRMED,
                "is_overdue": _is_overdue(registration),
            },
        )
    )


@never_cache
@require_POST
def registration_link_renew(request: HttpRequest, token: str) -> HttpResponse:
    """Replace a management link the registrant fears has leaked; the old one stops working.

    The new link goes only to the registration's address, never into this response: whoever
    holds a leaked link must not receive the fresh one.
    """
    registration = _registration_or_404(token)
    services.revoke_management_token(registration, send_link=True)
    return _personal(
        render(
            request,
            "registrations/public/link_renewed.html",
            {"registration": registration, "event": registration.event},
        )
    )


@never_cache
@require_POST
def registration_link_resend(request: HttpRequest, slug: str) -> HttpResponse:
    """Mail the management link again to an address that is registered for the event.

    The answer is the same whether or not the address is registered, so the form tells a
    stranger nothing; the rate limits of the registration form apply.
    """
    event = _public_event(slug)
    email = (request.POST.get("email") or "").strip()
    if not ratelimits.registration_allowed(request, email):
        return render(
            request, "registrations/public/rate_limited.html", {"event": event}, status=429
        )
    services.resend_management_link(event, email)
    return render(request, "registrations/public/link_sent.html", {"event": event, "email": email})


@never_cache
def registration_answers(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    manage_url = _manage_url(registration)
    questions = list(Question.objects.filter(event=registration.event))
    if not registration.is_active or not questions:
        return redirect(manage_url)
    answers = {answer.question_id: answer.value for answer in registration.answers.all()}
    form = AnswersForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_answers(registration, answers=form.cleaned_data["answers"])
        except ValidationError as error:
            form.add_service_errors(error)
        except services.RegistrationError as error:
            messages.error(request, str(error.message))
            return redirect(manage_url)
        else:
            messages.success(request, _("Ihre Antworten sind gespeichert."))
            return redirect(manage_url)
    return _personal(
        render(
            request,
            "registrations/public/answers.html",
            {
                "registration": registration,
                "event": registration.event,
                "form": form,
                "manage_url": manage_url,
            },
        )
    )


@never_cache
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask once more, then cancel; a freed seat goes to the first person waiting."""
    registration = _registration_or_404(token)
    manage_url = _manage_url(registration)
    if not registration.is_active:
        return redirect(manage_url)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            services.cancel_registration(registration)
        except services.TryAgain:
            error, status = _("Bitte versuchen Sie es in einem Moment noch einmal."), 503
        except services.RegistrationError as exc:
            messages.error(request, str(exc.message))
            return redirect(manage_url)
        else:
            messages.success(request, _("Ihre Anmeldung ist storniert."))
            return redirect(manage_url)
    return _personal(
        render(
            request,
            "registrations/public/cancel.html",
            {
                "registration": registration,
                "event": registration.event,
                "manage_url": manage_url,
                "error": error,
            },
            status=status,
        )
    )


def build_registration_calendar(request: HttpRequest, token: str) -> CalendarFile | None:
    """The event as the registrant's calendar item, only while the registration is confirmed."""
    registration = registration_for_token(token)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return None
    registration = Registration.objects.select_related("event", "event__organisation").get(
        pk=registration.pk
    )
    return CalendarFile(
        registration_calendar(registration).to_ical(),
        f"{registration.event.slug}.ics",
        registration_changed_at(registration),
    )


registration_ics = never_cache(calendar_view(build_registration_calendar))


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(registrations_of_user(request.user))
    feed = calendar_feed_of(request.user)
    https_url, webcal_url = feed_urls(feed) if feed else ("", "")
    return render(
        request,
        "registrations/public/my_registrations.html",
        {
            "rows": [(registration, _manage_url(registration)) for registration in registrations],
            "feed": feed,
            "feed_url": https_url,
            "feed_webcal_url": webcal_url,
        },
    )


@login_required
@require_POST
def my_calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    had_feed = calendar_feed_of(request.user) is not None
    renew_calendar_feed(request.user)
    if had_feed:
        messages.success(
            request,
            _(
                "Ihr Kalender-Abo hat eine neue Adresse. Die bisherige Adresse funktioniert "
                "nicht mehr: Bitte abonnieren Sie die neue."
            ),
        )
    else:
        messages.success(request, _("Ihr Kalender-Abo ist eingerichtet."))
    return redirect(reverse("my_registrations") + "#kalender-abo")


def build_personal_feed(request: HttpRequest, token: str) -> CalendarFile | None:
    """Every event the feed's owner is confirmed for; no login, the address is the key."""
    feed = calendar_feed_for_token(token)
    if feed is None:
        return None
    # No Last-Modified: a cancelled registration leaves the feed without making anything
    # newer, so only the ETag (a hash of the content) tells clients that it changed.
    return CalendarFile(
        feed_calendar(feed, feed_registrations(feed)).to_ical(),
        "kommunalforum-meine-anmeldungen.ics",
        None,
        inline=True,
    )


my_calendar_feed = calendar_view(build_personal_feed)
