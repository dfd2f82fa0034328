"""Changes after registering: cancelling, the waiting list, approval, capacity, expiry,
answers, the management link and check-in."""

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from conferences.models import Event
from registrations import notifications
from registrations.enums import MailKind, RegistrationStatus, SessionChoiceStatus
from registrations.models import Answer, Registration, SessionChoice, SessionOption, hash_token
from registrations.queries import holding_seat_q
from registrations.services.errors import (
    CapacityBelowConfirmed,
    EventFull,
    InvalidTransition,
    RegistrationClosed,
    TryAgain,
)
from registrations.services.registering import announce_outcome
from registrations.services.seats import (
    expire_overdue,
    fill_and_count_free,
    fill_option,
    fill_seats,
    free_seats,
    give_seat,
    lock_seats,
    queue_time,
    refill_options_of,
    refresh,
    seat_choices,
    seat_transaction,
)
from registrations.services.validation import clean_answers

logger = logging.getLogger(__name__)


@seat_transaction
def cancel_registration(registration: Registration, *, by_organiser: bool = False) -> Registration:
    """Cancel a registration and give a freed seat to the first person waiting.

    Cancelling twice returns the cancelled registration unchanged.
    """
    reg_settings = lock_seats(registration.event_id)
    registration = refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if not registration.is_active:
        raise InvalidTransition()
    held_seat = registration.holds_seat
    had_invitation = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.outcome = ""
    registration.cancelled_at = timezone.now()
    registration.save_change()
    notifications.schedule_mail(
        registration,
        MailKind.CANCELLED,
        calendar_method="CANCEL" if had_invitation else "",
        extra={"by_organiser": by_organiser},
    )
    if held_seat:
        refill_options_of(registration)
        fill_seats(reg_settings)
    return registration


@seat_transaction
def approve_registration(registration: Registration) -> Registration:
    """Approve a registration: a free seat if there is one, else the end of the waiting list."""
    reg_settings = lock_seats(registration.event_id)
    registration = refresh(registration)
    if registration.status != RegistrationStatus.AWAITING_APPROVAL:
        raise InvalidTransition()
    now = timezone.now()
    expire_overdue(reg_settings, now)
    free = fill_and_count_free(reg_settings)
    if free is None or free > 0:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    elif reg_settings.waitlist_enabled:
        registration.status = RegistrationStatus.WAITLISTED
        registration.queued_at = queue_time(registration.event_id, now)
    else:
        raise EventFull()
    registration.decided_at = now
    registration.save_change()
    if registration.holds_seat:
        seat_choices(registration, reg_settings, strict=False)
    announce_outcome(registration)
    return registration


@seat_transaction
def reject_registration(registration: Registration, *, reason: str = "") -> Registration:
    """Decline a registration awaiting approval or on the waiting list."""
    lock_seats(registration.event_id)
    registration = refresh(registration)
    if registration.status not in (
        RegistrationStatus.AWAITING_APPROVAL,
        RegistrationStatus.WAITLISTED,
    ):
        raise InvalidTransition()
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at = timezone.now()
    registration.save_change()
    notifications.schedule_mail(
        registration, MailKind.REJECTED, extra={"reason": (reason or "").strip()[:1000]}
    )
    return registration


@seat_transaction
def move_from_waitlist(registration: Registration) -> Registration:
    """Give this person a seat out of turn (an organiser's decision).

    When the event is full its capacity rises by one for them, so confirmed registrations
    still never exceed the capacity that organisers see.
    """
    reg_settings = lock_seats(registration.event_id)
    registration = refresh(registration)
    if registration.status != RegistrationStatus.WAITLISTED:
        raise InvalidTransition()
    free = free_seats(reg_settings)
    if reg_settings.capacity is not None and free is not None and free <= 0:
        taken = reg_settings.capacity - free
        reg_settings.capacity = taken + 1
        reg_settings.save(update_fields=["capacity", "updated_at"])
    give_seat(registration, reg_settings)
    return registration


@seat_transaction
def change_capacity(event: Event, capacity: int | None) -> list[Registration]:
    """Set the event's number of seats (``None``: unlimited); return who moved up.

    Refuses a number below the seats already held (confirmed, or pending confirmation)
    with ``CapacityBelowConfirmed``.
    """
    if capacity is not None and capacity < 0:
        raise ValidationError(
            {"capacity": gettext("Die Zahl der Plätze darf nicht negativ sein.")}
        )
    reg_settings = lock_seats(event.pk)
    expire_overdue(reg_settings, timezone.now())
    taken = Registration.objects.filter(event=event).holding_seat().count()
    if capacity is not None and capacity < taken:
        raise CapacityBelowConfirmed(taken)
    reg_settings.capacity = capacity
    reg_settings.save(update_fields=["capacity", "updated_at"])
    return fill_seats(reg_settings)


@seat_transaction
def change_option_capacity(option: SessionOption, capacity: int | None) -> None:
    """Set a session option's number of seats, with the same rules as ``change_capacity``."""
    if capacity is not None and capacity < 0:
        raise ValidationError(
            {"capacity": gettext("Die Zahl der Plätze darf nicht negativ sein.")}
        )
    lock_seats(option.event_id)
    option = SessionOption.objects.select_related("session").get(pk=option.pk)
    taken = (
        SessionChoice.objects.filter(option=option, status=SessionChoiceStatus.CONFIRMED)
        .filter(holding_seat_q("registration__"))
        .count()
    )
    if capacity is not None and capacity < taken:
        raise CapacityBelowConfirmed(taken)
    option.capacity = capacity
    option.save(update_fields=["capacity"])
    fill_option(option)


@seat_transaction
def _expire_event(event_id: int, now: datetime.datetime) -> int:
    reg_settings = lock_seats(event_id)
    expired = expire_overdue(reg_settings, now)
    if expired:
        fill_seats(reg_settings)
    return expired


def expire_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Expire pending registrations past their window and pass on what they held.

    One transaction per event, so a busy event does not hold up the others; an event
    whose lock times out is left for the next run. Returns how many expired.
    """
    now = now or timezone.now()
    event_ids = list(
        Registration.objects.overdue(now).values_list("event_id", flat=True).distinct()
    )
    expired = 0
    for event_id in event_ids:
        try:
            expired += _expire_event(event_id, now)
        except (TryAgain, RegistrationClosed):
            logger.warning("Expiring registrations of event %s postponed", event_id)
    return expired


@transaction.atomic
def update_answers(registration: Registration, *, answers: Mapping[Any, Any]) -> Registration:
    """Replace the answers of an active registration (from the management page)."""
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if not registration.is_active:
        raise InvalidTransition()
    errors: dict[str, list[str]] = {}
    cleaned = clean_answers(registration.event, answers, errors)
    if errors:
        raise ValidationError(errors)
    for question, value in cleaned.items():
        Answer.objects.update_or_create(
            registration=registration, question=question, defaults={"value": value}
        )
    return registration


@transaction.atomic
def revoke_management_token(registration: Registration, *, send_link: bool = True) -> str:
    """Invalidate every management link sent so far and return the new token.

    With ``send_link`` the registrant gets the new link by mail.
    """
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.token_version += 1
    registration.token_hash = hash_token(registration.management_token)
    # A fresh mail key; SEQUENCE may rise without a calendar update.
    registration.save_change(["token_version", "token_hash"])
    if send_link:
        notifications.schedule_mail(registration, MailKind.LINK)
    return registration.management_token


def resend_management_link(
    event: Event, email: str, *, now: datetime.datetime | None = None
) -> None:
    """Mail the current management link again to an active registrant of ``event``.

    For someone who lost the mail: the link itself does not change. Says nothing about
    whether the address is registered (the caller shows the same answer either way), and
    sends at most one such mail per registration and hour, however often it is asked.
    """
    registration = (
        Registration.objects.active()
        .filter(event=event, email=(email or "").strip().lower())
        .first()
    )
    if registration is None:
        return
    hour = (now or timezone.now()).strftime("%Y%m%d%H")
    with transaction.atomic():
        notifications.schedule_mail(
            registration,
            MailKind.LINK,
            extra={"resent": True},
            key=f"registration:{registration.pk}:link-again:{hour}",
        )


@transaction.atomic
def check_in_registration(registration: Registration, *, undo: bool = False) -> Registration:
    """Record (or, with ``undo``, forget) that a confirmed registrant has arrived."""
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise InvalidTransition()
    if undo:
        registration.checked_in_at = None
    elif registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration
