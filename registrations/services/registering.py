"""Coming in: registering, being registered by an organiser, confirming the address."""

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from conferences.models import Event
from directory.enums import OrganisationType
from directory.models import Municipality
from registrations import notifications
from registrations.enums import MailKind, RegistrationStatus
from registrations.models import (
    Answer,
    Question,
    Registration,
    RegistrationSettings,
    SessionChoice,
    SessionOption,
)
from registrations.rules import is_in_audience
from registrations.services.errors import (
    AlreadyRegistered,
    AudienceNotAllowed,
    EventFull,
    InvalidTransition,
    MunicipalityLimitReached,
    RegistrationClosed,
    RegistrationExpired,
)
from registrations.services.seats import (
    SeatState,
    decide_seats,
    lock_seats,
    refresh,
    seat_choices,
    seat_transaction,
)
from registrations.services.validation import (
    DIRECTORY_CONSENT_VERSION,
    account_for_address,
    clean_answers,
    clean_language,
    clean_options,
    clean_person,
    has_verified_address,
    settings_for,
)


def _create(
    reg_settings: RegistrationSettings,
    state: SeatState,
    *,
    status: str,
    outcome: str,
    person: dict[str, str],
    answers: dict[Question, Any],
    options: list[SessionOption],
    now: datetime.datetime,
    **fields: Any,
) -> Registration:
    registration = Registration(
        event_id=reg_settings.event_id,
        status=status,
        outcome=outcome,
        # Taken now, under the lock, not when the request arrived.
        queued_at=state.queue_time(timezone.now()),
        confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
        **person,
        **fields,
    )
    # A duplicate that slipped past the check before the lock (two submits at once) breaks
    # the partial unique constraint; ``_refuse_duplicates`` turns that into
    # ``AlreadyRegistered`` once the transaction has rolled back.
    registration.save()
    registration.event = reg_settings.event
    if answers:
        Answer.objects.bulk_create(
            Answer(registration=registration, question=question, value=value)
            for question, value in answers.items()
        )
    if options:
        SessionChoice.objects.bulk_create(
            SessionChoice(registration=registration, option=option, queued_at=now)
            for option in options
        )
        if registration.holds_seat:
            seat_choices(registration, reg_settings, strict=True)
    return registration


def _existing_or_none(event_id: int, email: str) -> Registration | None:
    return Registration.objects.active().filter(event_id=event_id, email=email).first()


def _refuse_duplicates[**P](
    func: Callable[P, Registration],
) -> Callable[P, Registration]:
    """Turn the unique constraint's refusal of a second active registration into
    ``AlreadyRegistered``, outside the rolled-back transaction."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Registration:
        try:
            return func(*args, **kwargs)
        except IntegrityError:
            event: Any = args[0]
            email = str(kwargs.get("email", "")).strip().lower()
            existing = _existing_or_none(event.pk, email)
            if existing is None:
                raise
            raise AlreadyRegistered(existing) from None

    return wrapper


@_refuse_duplicates
@seat_transaction
def register_attendee(
    event: Event,
    *,
    email: str,
    first_name: str,
    last_name: str,
    user=None,
    municipality: Municipality | None = None,
    organisation_type: str = "",
    organisation_name: str = "",
    answers: Mapping[Any, Any] | None = None,
    session_options: Iterable[SessionOption | int] = (),
    privacy_accepted: bool = False,
    directory_consent: bool = False,
    directory_consent_version: str = DIRECTORY_CONSENT_VERSION,
    recording_acknowledged: bool = False,
    invitation_code: str = "",
    language: str = "de",
) -> Registration:
    """Register someone for ``event`` and tell them the outcome by mail.

    A logged-in user registering with one of their verified addresses is confirmed,
    waitlisted or awaiting approval at once; anyone else is ``pending`` until
    ``confirm_registration`` (the double opt-in link), holding in the meantime what they
    will get. Raises ``ValidationError`` (a dict keyed by field name, answers as
    ``question_<id>``) for bad input and a ``RegistrationError`` subclass when the
    registration is not possible; ``AlreadyRegistered`` carries the existing registration.
    """
    reg_settings = settings_for(event)
    now = timezone.now()
    person, errors = clean_person(
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation_type=organisation_type,
        organisation_name=organisation_name,
    )
    if municipality is not None and not person["organisation_type"]:
        person["organisation_type"] = OrganisationType.MUNICIPALITY
    cleaned_answers = clean_answers(event, answers, errors)
    options = clean_options(event, session_options, errors)
    if not privacy_accepted:
        errors.setdefault("privacy_accepted", []).append(
            gettext("Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben.")
        )
    if reg_settings.recording_notice and not recording_acknowledged:
        errors.setdefault("recording_acknowledged", []).append(
            gettext("Bitte nehmen Sie den Hinweis auf Foto- und Videoaufnahmen zur Kenntnis.")
        )
    if errors:
        raise ValidationError(errors)
    if not (event.is_public and not event.is_cancelled and reg_settings.is_open(now)):
        raise RegistrationClosed()
    if not is_in_audience(
        reg_settings,
        organisation_type=person["organisation_type"],
        municipality=municipality,
        invitation_code=invitation_code,
    ):
        raise AudienceNotAllowed()
    verified = has_verified_address(user, person["email"])
    # Before the lock: a duplicate is rare, and the unique constraint catches the one that
    # races past this check.
    existing = _existing_or_none(event.pk, person["email"])
    if existing is not None:
        raise AlreadyRegistered(existing)

    # The lock: only what decides the seat happens from here to the commit.
    reg_settings = lock_seats(event.pk)
    free, state = decide_seats(reg_settings, now)
    limit = reg_settings.per_municipality_limit
    if (
        limit
        and municipality is not None
        and Registration.objects.active().filter(event=event, municipality=municipality).count()
        >= limit
    ):
        raise MunicipalityLimitReached()
    if free is not None and free <= 0 and not reg_settings.waitlist_enabled:
        raise EventFull()
    if reg_settings.approval_required:
        target = RegistrationStatus.AWAITING_APPROVAL
    elif free is None or free > 0:
        target = RegistrationStatus.CONFIRMED
    else:
        target = RegistrationStatus.WAITLISTED

    registration = _create(
        reg_settings,
        state,
        status=target if verified else RegistrationStatus.PENDING,
        outcome="" if verified else target,
        person=person,
        answers=cleaned_answers,
        options=options,
        now=now,
        user=user if verified else None,
        municipality=municipality,
        language=clean_language(language),
        confirm_by=None
        if verified
        else now + datetime.timedelta(hours=reg_settings.confirmation_window),
        privacy_accepted_at=now,
        privacy_notice_version=reg_settings.privacy_notice_version,
        directory_consent=directory_consent,
        directory_consent_at=now if directory_consent else None,
        directory_consent_version=directory_consent_version if directory_consent else "",
        recording_acknowledged_at=now if recording_acknowledged else None,
    )
    if verified:
        announce_outcome(registration)
    else:
        notifications.schedule_mail(registration, MailKind.OPT_IN)
    return registration


def announce_outcome(registration: Registration) -> None:
    """Queue the mail that tells the registrant where their registration stands now.

    The outbox row is written in the caller's transaction; the worker renders and sends it
    after the commit.
    """
    match registration.status:
        case RegistrationStatus.CONFIRMED:
            notifications.schedule_mail(
                registration, MailKind.CONFIRMED, calendar_method="REQUEST"
            )
        case RegistrationStatus.WAITLISTED:
            notifications.schedule_mail(registration, MailKind.WAITLISTED)
        case RegistrationStatus.AWAITING_APPROVAL:
            notifications.schedule_mail(registration, MailKind.AWAITING_APPROVAL)


@_refuse_duplicates
@seat_transaction
def add_registration_manually(
    event: Event,
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality: Municipality | None = None,
    organisation_type: str = "",
    organisation_name: str = "",
    answers: Mapping[Any, Any] | None = None,
    session_options: Iterable[SessionOption | int] = (),
    language: str = "de",
    actor=None,
) -> Registration:
    """Register someone on an organiser's behalf: confirmed, or waitlisted when full.

    Skips the opening window, the audience, the per-municipality limit, the approval and
    the double opt-in (the organiser vouches for the address); never exceeds capacity.
    """
    reg_settings = settings_for(event)
    now = timezone.now()
    person, errors = clean_person(
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation_type=organisation_type,
        organisation_name=organisation_name,
    )
    if municipality is not None and not person["organisation_type"]:
        person["organisation_type"] = OrganisationType.MUNICIPALITY
    # Required questions do not bind an organiser, who may not know every answer.
    cleaned_answers = clean_answers(event, answers, errors, enforce_required=False)
    options = clean_options(event, session_options, errors)
    if errors:
        raise ValidationError(errors)
    existing = _existing_or_none(event.pk, person["email"])
    if existing is not None:
        raise AlreadyRegistered(existing)

    reg_settings = lock_seats(event.pk)
    free, state = decide_seats(reg_settings, now)
    if free is None or free > 0:
        status = RegistrationStatus.CONFIRMED
    elif reg_settings.waitlist_enabled:
        status = RegistrationStatus.WAITLISTED
    else:
        raise EventFull()
    registration = _create(
        reg_settings,
        state,
        status=status,
        outcome="",
        person=person,
        answers=cleaned_answers,
        options=options,
        now=now,
        user=account_for_address(person["email"]),
        municipality=municipality,
        language=clean_language(language),
        added_by=actor,
    )
    announce_outcome(registration)
    return registration


def _link_account(registration: Registration):
    """Return the account of the confirmed address, creating one without a password.

    An account whose address was never verified but which has a password is left alone:
    its owner may not own the address, and verifying it for them would hand them the
    registrant's identity (pre-account takeover).
    """
    email = registration.email
    address = (
        EmailAddress.objects.filter(email__iexact=email)
        .select_related("user")
        .order_by("-verified", "-primary")
        .first()
    )
    if address is not None:
        if address.verified:
            return address.user
        if address.user.has_usable_password():
            return None
        address.verified = True
        address.save(update_fields=["verified"])
        return address.user
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(
            email,
            None,
            first_name=registration.first_name,
            last_name=registration.last_name,
            language=registration.language,
        )
    elif user.has_usable_password():
        return None
    EmailAddress.objects.create(
        user=user,
        email=email,
        verified=True,
        primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
    )
    return user


@seat_transaction
def confirm_registration(registration: Registration) -> Registration:
    """Complete the double opt-in: the registration takes the outcome it held.

    Also verifies the address and links the registration to its account, creating an
    account without password if there is none. Confirming twice returns the registration
    unchanged; after the window it raises ``RegistrationExpired``.
    """
    lock_seats(registration.event_id)
    registration = refresh(registration)
    now = timezone.now()
    if registration.status == RegistrationStatus.EXPIRED or (
        registration.status == RegistrationStatus.PENDING
        and registration.confirm_by is not None
        and registration.confirm_by < now
    ):
        raise RegistrationExpired()
    if registration.status != RegistrationStatus.PENDING:
        if registration.is_active:
            return registration
        raise InvalidTransition()
    registration.status = registration.outcome
    registration.outcome = ""
    registration.confirm_by = None
    if registration.status == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = now
    registration.user = _link_account(registration)
    registration.save_change()
    announce_outcome(registration)
    return registration
