"""Registration settings of an event: times, seats, audience, session options, questions."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conferences.views.access import confirm_page, organiser_view
from registrations import services
from registrations.enums import RegistrationStatus
from registrations.forms.organiser import (
    OptionCapacityForm,
    QuestionForm,
    RegistrationSettingsForm,
    SessionOptionForm,
)
from registrations.models import Question, SessionOption
from registrations.queries import (
    registration_settings_of,
    seat_summary,
    session_options_with_seats,
)
from registrations.views.organiser.access import registration_event


def _settings_url(event) -> str:
    return reverse("organiser_registration_settings", kwargs={"slug": event.slug})


def _promoted_message(request: HttpRequest, promoted: list) -> None:
    if promoted:
        messages.info(
            request,
            ngettext(
                "%(n)d Person ist von der Warteliste nachgerückt und wird benachrichtigt.",
                "%(n)d Personen sind von der Warteliste nachgerückt und werden benachrichtigt.",
                len(promoted),
            )
            % {"n": len(promoted)},
        )


@organiser_view
def registration_settings(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    reg_settings = registration_settings_of(event)
    form = RegistrationSettingsForm(request.POST or None, event=event, instance=reg_settings)
    if request.method == "POST" and form.is_valid():
        try:
            reg_settings, promoted = form.save()
        except services.CapacityBelowConfirmed as error:
            form.add_error("capacity", str(error.message))
        except services.RegistrationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Anmeldeeinstellungen sind gespeichert."))
            _promoted_message(request, promoted)
            return redirect(_settings_url(event))
    options = session_options_with_seats(event) if reg_settings else []
    return render(
        request,
        "registrations/organiser/settings.html",
        {
            "event": event,
            "form": form,
            "reg_settings": reg_settings,
            "seats": seat_summary(event) if reg_settings else None,
            "options": [
                (option, seats, OptionCapacityForm(initial={"capacity": option.capacity}))
                for option, seats in options
            ],
            "option_form": SessionOptionForm(event=event) if reg_settings else None,
            "questions": Question.objects.filter(event=event)
            .annotate(answer_count=Count("answers"))
            .order_by("order", "pk"),
        },
    )


def _require_settings(request: HttpRequest, event) -> HttpResponse | None:
    """Send the organiser to the settings first: options need the event's seat lock row."""
    if registration_settings_of(event) is None:
        messages.error(request, _("Bitte speichern Sie zuerst die Anmeldeeinstellungen."))
        return redirect(_settings_url(event))
    return None


@organiser_view
def option_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    if (response := _require_settings(request, event)) is not None:
        return response
    form = SessionOptionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        option = form.save()
        messages.success(
            request,
            _("„%(title)s“ ist jetzt bei der Anmeldung wählbar.")
            % {"title": option.session.title},
        )
        return redirect(_settings_url(event) + "#programmpunkte")
    return render(
        request,
        "registrations/organiser/option_form.html",
        {"event": event, "form": form, "option": None},
    )


@organiser_view
def option_edit(request: HttpRequest, slug: str, option_id: int) -> HttpResponse:
    event = registration_event(request, slug)
    option = get_object_or_404(
        SessionOption.objects.select_related("session"), pk=option_id, event=event
    )
    form = OptionCapacityForm(request.POST or None, initial={"capacity": option.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_option_capacity(option, form.cleaned_data["capacity"])
        except services.RegistrationError as error:
            form.add_error("capacity", str(error.message))
        else:
            messages.success(
                request,
                _("Die Plätze für „%(title)s“ sind gespeichert.")
                % {"title": option.session.title},
            )
            return redirect(_settings_url(event) + "#programmpunkte")
    return render(
        request,
        "registrations/organiser/option_form.html",
        {"event": event, "form": form, "option": option},
    )


@organiser_view
def option_delete(request: HttpRequest, slug: str, option_id: int) -> HttpResponse:
    event = registration_event(request, slug)
    option = get_object_or_404(
        SessionOption.objects.select_related("session"), pk=option_id, event=event
    )
    back = _settings_url(event) + "#programmpunkte"
    chosen = option.choices.filter(registration__status__in=RegistrationStatus.active()).count()
    if request.method == "POST":
        if chosen:
            messages.error(
                request,
                ngettext(
                    "„%(title)s“ bleibt wählbar: %(n)d angemeldete Person hat ihn gewählt.",
                    "„%(title)s“ bleibt wählbar: %(n)d angemeldete Personen haben ihn gewählt.",
                    chosen,
                )
                % {"title": option.session.title, "n": chosen},
            )
        else:
            option.delete()
            messages.success(
                request,
                _("„%(title)s“ ist nicht mehr wählbar.") % {"title": option.session.title},
            )
        return redirect(back)
    return confirm_page(
        request,
        title=_("Programmpunkt nicht mehr anbieten"),
        text=_(
            "„%(title)s“ ist dann bei der Anmeldung nicht mehr wählbar. Das geht nur, "
            "solange niemand ihn gewählt hat (derzeit: %(n)d)."
        )
        % {"title": option.session.title, "n": chosen},
        button=_("Nicht mehr anbieten"),
        back_url=back,
        danger=True,
        context={"event": event},
    )


@organiser_view
def question_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = registration_event(request, slug)
    form = QuestionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        question = form.save()
        messages.success(request, _("Die Frage „%(label)s“ ist angelegt.") % {"label": question})
        return redirect(_settings_url(event) + "#fragen")
    return render(
        request,
        "registrations/organiser/question_form.html",
        {"event": event, "form": form, "question": None},
    )


@organiser_view
def question_edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    event = registration_event(request, slug)
    question = get_object_or_404(Question, pk=question_id, event=event)
    form = QuestionForm(request.POST or None, event=event, instance=question)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Die Frage „%(label)s“ ist gespeichert.") % {"label": question}
        )
        return redirect(_settings_url(event) + "#fragen")
    return render(
        request,
        "registrations/organiser/question_form.html",
        {"event": event, "form": form, "question": question},
    )


@organiser_view
def question_move(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    """Swap a question with its neighbour above or below (POST ``direction``: up, down)."""
    event = registration_event(request, slug)
    question = get_object_or_404(Question, pk=question_id, event=event)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    direction = request.POST.get("direction")
    with transaction.atomic():
        ordered = list(Question.objects.filter(event=event).order_by("order", "pk"))
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        target = index - 1 if direction == "up" else index + 1 if direction == "down" else index
        if 0 <= target < len(ordered) and target != index:
            ordered[index], ordered[target] = ordered[target], ordered[index]
            # Numbering afresh also repairs equal order values from older edits.
            for position, item in enumerate(ordered):
                item.order = position
            Question.objects.bulk_update(ordered, ["order"])
            messages.success(
                request, _("Die Frage „%(label)s“ ist verschoben.") % {"label": question}
            )
    return redirect(_settings_url(event) + f"#frage-{question.pk}")


@organiser_view
def question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    event = registration_event(request, slug)
    question = get_object_or_404(
        Question.objects.annotate(answer_count=Count("answers")),
        pk=question_id,
        event=event,
    )
    back = _settings_url(event) + "#fragen"
    if request.method == "POST":
        question.delete()
        messages.success(request, _("Die Frage „%(label)s“ ist gelöscht.") % {"label": question})
        return redirect(back)
    return confirm_page(
        request,
        title=_("Frage löschen"),
        text=ngettext(
            "„%(label)s“ wird gelöscht, mit %(n)d Antwort.",
            "„%(label)s“ wird gelöscht, mit %(n)d Antworten.",
            question.answer_count,
        )
        % {"label": question.label, "n": question.answer_count},
        button=_("Frage löschen"),
        back_url=back,
        danger=True,
        context={"event": event},
    )
