"""Whether someone can register for an event right now, read for the event page and the form.

The event page shows this in its sidebar for every visitor, so the settings and both seat
counts come in one query. The services decide again under the seat lock: what is read
here only chooses what a page offers.
"""

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from conferences.models import Event
from registrations.enums import RegistrationStatus
from registrations.models import Registration, RegistrationSettings
from registrations.queries import SeatSummary, holding_seat_q


class RegistrationState(enum.StrEnum):
    CANCELLED = "cancelled"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    FULL = "full"
    WAITING_LIST = "waiting_list"
    OPEN = "open"


@dataclass(frozen=True)
class Availability:
    """The registration of one event as a visitor meets it at ``now``."""

    settings: RegistrationSettings
    seats: SeatSummary
    state: RegistrationState

    @property
    def accepts_registrations(self) -> bool:
        return self.state in {RegistrationState.OPEN, RegistrationState.WAITING_LIST}

    @property
    def opens_at(self) -> datetime.datetime:
        return self.settings.opens_at

    @property
    def closes_at(self) -> datetime.datetime:
        return self.settings.effective_closes_at


def _state(
    event: Event, reg_settings: RegistrationSettings, seats: SeatSummary, now: datetime.datetime
) -> RegistrationState:
    if event.is_cancelled:
        return RegistrationState.CANCELLED
    if now < reg_settings.opens_at:
        return RegistrationState.NOT_YET_OPEN
    if now >= reg_settings.effective_closes_at:
        return RegistrationState.CLOSED
    if seats.is_full:
        if reg_settings.waitlist_enabled:
            return RegistrationState.WAITING_LIST
        return RegistrationState.FULL
    return RegistrationState.OPEN


def availability_of(event: Event, now: datetime.datetime | None = None) -> Availability | None:
    """Return the event's registration state with its seats, ``None`` when it takes none.

    One query: the settings row with the seats held and the waiting list counted over the
    event's registrations.
    """
    waiting = Q(event__registrations__status=RegistrationStatus.WAITLISTED) | Q(
        event__registrations__status=RegistrationStatus.PENDING,
        event__registrations__outcome=RegistrationStatus.WAITLISTED,
    )
    reg_settings = (
        RegistrationSettings.objects.filter(event=event)
        .annotate(
            seats_taken=Count(
                "event__registrations", filter=holding_seat_q("event__registrations__")
            ),
            seats_waiting=Count("event__registrations", filter=waiting),
        )
        .first()
    )
    if reg_settings is None:
        return None
    # The caller's event object spares a query when the settings' page shows event fields.
    reg_settings.event = event
    seats = SeatSummary(
        capacity=reg_settings.capacity,
        taken=reg_settings.seats_taken,
        waiting=reg_settings.seats_waiting,
    )
    return Availability(
        reg_settings, seats, _state(event, reg_settings, seats, now or timezone.now())
    )


def own_registration(user, event: Event) -> Registration | None:
    """Return the user's active registration for ``event`` (made while logged in, or with
    their account's address before), ``None`` for visitors without one."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.active()
        .filter(event=event)
        .filter(Q(user=user) | Q(email=user.email.lower()))
        .select_related("event")
        .order_by("-created_at")
        .first()
    )
