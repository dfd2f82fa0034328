"""Checks of what people enter, done before any lock is taken."""

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from conferences.models import Event
from directory.enums import OrganisationType
from registrations.models import Question, RegistrationSettings, SessionOption
from registrations.services.errors import RegistrationClosed

DIRECTORY_CONSENT_VERSION = "1"
NAME_MAX = 150
ORGANISATION_MAX = 200
EMAIL_MAX = 254


def clean_person(
    *,
    email: str,
    first_name: str,
    last_name: str,
    organisation_type: str,
    organisation_name: str,
) -> tuple[dict[str, str], dict[str, list[str]]]:
    values = {
        "email": (email or "").strip().lower(),
        "first_name": (first_name or "").strip(),
        "last_name": (last_name or "").strip(),
        "organisation_type": (organisation_type or "").strip(),
        "organisation_name": (organisation_name or "").strip(),
    }
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    if not values["email"]:
        refuse("email", gettext("Bitte geben Sie Ihre E-Mail-Adresse an."))
    elif len(values["email"]) > EMAIL_MAX:
        refuse("email", gettext("Die E-Mail-Adresse ist zu lang."))
    else:
        try:
            validate_email(values["email"])
        except ValidationError:
            refuse("email", gettext("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    missing = {
        "first_name": gettext("Bitte geben Sie Ihren Vornamen an."),
        "last_name": gettext("Bitte geben Sie Ihren Nachnamen an."),
    }
    for field, message in missing.items():
        if not values[field]:
            refuse(field, message)
        elif len(values[field]) > NAME_MAX:
            refuse(
                field, gettext("Bitte kürzen Sie auf höchstens %(n)d Zeichen.") % {"n": NAME_MAX}
            )
    if values["organisation_type"] and values["organisation_type"] not in OrganisationType.values:
        refuse("organisation_type", gettext("Bitte wählen Sie eine Art der Organisation."))
    if len(values["organisation_name"]) > ORGANISATION_MAX:
        refuse(
            "organisation_name",
            gettext("Bitte kürzen Sie auf höchstens %(n)d Zeichen.") % {"n": ORGANISATION_MAX},
        )
    return values, errors


def is_blank(value: Any) -> bool:
    if isinstance(value, str):
        value = value.strip()
    return value is None or value is False or (isinstance(value, str | list | tuple) and not value)


def clean_answers(
    event: Event,
    answers: Mapping[Any, Any] | None,
    errors: dict[str, list[str]],
    *,
    enforce_required: bool = True,
) -> dict[Question, Any]:
    """Check every answer against its question; keys are question ids (int or str).

    Without ``enforce_required`` (an organiser adding someone) unanswered questions stay
    unanswered instead of raising.
    """
    given = {str(key).removeprefix("question_"): value for key, value in (answers or {}).items()}
    questions = list(Question.objects.filter(event=event))
    known = {str(q.pk) for q in questions}
    if set(given) - known:
        errors.setdefault("answers", []).append(gettext("Unbekannte Frage."))
    cleaned: dict[Question, Any] = {}
    for question in questions:
        value = given.get(str(question.pk))
        if not enforce_required and is_blank(value):
            continue
        try:
            cleaned[question] = question.normalise_answer(value)
        except ValidationError as exc:
            errors.setdefault(f"question_{question.pk}", []).extend(exc.messages)
    return cleaned


def clean_options(
    event: Event, session_options: Iterable[SessionOption | int], errors: dict[str, list[str]]
) -> list[SessionOption]:
    ids = {
        option.pk if isinstance(option, SessionOption) else option for option in session_options
    }
    if not ids:
        return []
    options = list(
        SessionOption.objects.filter(event=event, pk__in=ids)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )
    if len(options) != len(ids):
        errors.setdefault("session_options", []).append(
            gettext("Bitte wählen Sie nur angebotene Programmpunkte.")
        )
    for first, second in itertools.pairwise(options):
        if second.session.starts_at < first.session.ends_at:
            errors.setdefault("session_options", []).append(
                str(
                    gettext("„%(a)s“ und „%(b)s“ finden gleichzeitig statt.")
                    % {"a": first.session.title, "b": second.session.title}
                )
            )
    return options


def clean_language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def has_verified_address(user, email: str) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def account_for_address(email: str):
    """Return the account with a verified ``email``, or ``None``."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    return address.user if address else None


def settings_for(event: Event) -> RegistrationSettings:
    reg_settings = (
        RegistrationSettings.objects.select_related("event", "event__host_municipality")
        .filter(event=event)
        .first()
    )
    if reg_settings is None:
        raise RegistrationClosed()
    return reg_settings
