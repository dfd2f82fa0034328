"""Seats and waiting lists: the lock, and the moves made while holding it.

Locking protocol (after pretix): a service that changes who holds a seat or where someone
stands on a waiting list does its checks that need no lock first, then locks the event's
``RegistrationSettings`` row once, late, with ``select_for_update()``, and only then counts
and writes. PostgreSQL waits at most ``REGISTRATIONS_LOCK_TIMEOUT`` (default 3 s) for the
lock; a timeout raises ``TryAgain`` ("Bitte versuchen Sie es noch einmal"), never a hang.
On SQLite ``select_for_update()`` does nothing: ``transaction_mode = IMMEDIATE`` takes the
database's write lock when the transaction begins, which serialises writers just as well,
and a busy timeout there becomes ``TryAgain`` too. ``REGISTRATIONS_LOCK_SEATS = False``
switches the row lock off; only the negative-control test does that.

Every function below except ``seat_transaction`` and ``lock_seats`` expects the lock held.
"""

import contextvars
import datetime
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from registrations import notifications
from registrations.enums import MailKind, RegistrationStatus, SessionChoiceStatus
from registrations.models import Registration, RegistrationSettings, SessionChoice, SessionOption
from registrations.queries import holding_seat_q
from registrations.services.errors import RegistrationClosed, SessionOptionFull, TryAgain

logger = logging.getLogger(__name__)
#: How long each seat transaction held the lock (from the granted lock to the commit), at
#: DEBUG: ``bench/registration_burst.py`` reads it from the server log.
hold_logger = logging.getLogger("registrations.lock")
_service: contextvars.ContextVar[str] = contextvars.ContextVar("seat_service", default="")

# A PostgreSQL error code: lock_not_available, raised when lock_timeout expires.
LOCK_NOT_AVAILABLE = "55P03"


def is_lock_error(exc: OperationalError) -> bool:
    if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


def seat_transaction[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in one transaction and turn a lock timeout into ``TryAgain``.

    SQLite reports a busy database when the transaction begins, PostgreSQL when the row
    lock is requested; both end up here.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _service.set(func.__name__)
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except OperationalError as exc:
            if is_lock_error(exc):
                logger.warning("Registration lock timeout in %s", func.__name__)
                raise TryAgain() from exc
            raise
        finally:
            _service.reset(token)

    return wrapper


def _log_hold(locked_at: float, service: str) -> None:
    """Log how long the lock was held, from the granted lock to the commit."""
    held = (time.perf_counter() - locked_at) * 1000
    hold_logger.debug("seat lock held %.2f ms in %s", held, service)


def lock_seats(event_id: int) -> RegistrationSettings:
    """Lock the event's seats until the transaction ends and return its fresh settings."""
    queryset = RegistrationSettings.objects.select_related("event")
    if getattr(settings, "REGISTRATIONS_LOCK_SEATS", True):
        if connection.vendor == "postgresql":
            timeout = getattr(settings, "REGISTRATIONS_LOCK_TIMEOUT", "3s")
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
        queryset = queryset.select_for_update(of=("self",))
    try:
        locked = queryset.get(event_id=event_id)
    except RegistrationSettings.DoesNotExist:
        raise RegistrationClosed() from None
    if hold_logger.isEnabledFor(logging.DEBUG):
        # The first callback after the commit: it runs before the mails' callbacks.
        transaction.on_commit(
            functools.partial(_log_hold, time.perf_counter(), _service.get()), robust=True
        )
    return locked


# Seats and queues (call only with the lock held) ------------------------------------------


def queue_time(event_id: int, now: datetime.datetime) -> datetime.datetime:
    """A ``queued_at`` later than every other of the event, even if clocks of two app
    servers disagree: the waiting list then follows the order of the lock."""
    last = Registration.objects.filter(event_id=event_id).aggregate(last=Max("queued_at"))["last"]
    if last is not None and last >= now:
        return last + datetime.timedelta(microseconds=1)
    return now


def option_queue_time(option_id: int, now: datetime.datetime) -> datetime.datetime:
    last = SessionChoice.objects.filter(option_id=option_id).aggregate(last=Max("queued_at"))[
        "last"
    ]
    if last is not None and last >= now:
        return last + datetime.timedelta(microseconds=1)
    return now


@dataclass(frozen=True)
class SeatState:
    """What a seat decision needs, read with one query under the lock."""

    held: int
    waiting: int
    overdue: int
    last_queued_at: datetime.datetime | None

    def queue_time(self, now: datetime.datetime) -> datetime.datetime:
        """Like ``queue_time``, without asking the database again."""
        last = self.last_queued_at
        if last is not None and last >= now:
            return last + datetime.timedelta(microseconds=1)
        return now


def seat_state(event_id: int, now: datetime.datetime) -> SeatState:
    """Count held seats, the waiting list and overdue opt-ins, and find the newest queue time.

    One query: inside the lock every round trip is paid by everyone queueing behind.
    """
    row = Registration.objects.filter(event_id=event_id).aggregate(
        held=Count("pk", filter=holding_seat_q()),
        waiting=Count(
            "pk",
            filter=Q(status=RegistrationStatus.WAITLISTED)
            | Q(status=RegistrationStatus.PENDING, outcome=RegistrationStatus.WAITLISTED),
        ),
        overdue=Count("pk", filter=Q(status=RegistrationStatus.PENDING, confirm_by__lt=now)),
        last_queued_at=Max("queued_at"),
    )
    return SeatState(**row)


def decide_seats(
    reg_settings: RegistrationSettings, now: datetime.datetime
) -> tuple[int | None, SeatState]:
    """Expire overdue opt-ins, hand free seats to the waiting list, and return the seats
    still free (``None`` without a capacity) with the state read.

    In the common case (nobody overdue, nobody waiting for a free seat) this is one query.
    """
    state = seat_state(reg_settings.event_id, now)
    if state.overdue:
        expire_overdue(reg_settings, now)
        state = seat_state(reg_settings.event_id, now)
    free = None if reg_settings.capacity is None else reg_settings.capacity - state.held
    if state.waiting and (free is None or free > 0):
        promoted, free = _fill(reg_settings)
        if promoted:
            state = seat_state(reg_settings.event_id, now)
    return free, state


def free_seats(reg_settings: RegistrationSettings) -> int | None:
    if reg_settings.capacity is None:
        return None
    taken = Registration.objects.filter(event_id=reg_settings.event_id).holding_seat().count()
    return reg_settings.capacity - taken


def fill_option(option: SessionOption) -> None:
    """Give free seats of a session option to its waiting list, first come first served."""
    waiting = (
        SessionChoice.objects.filter(option=option, status=SessionChoiceStatus.WAITLISTED)
        .filter(holding_seat_q("registration__"))
        .order_by("queued_at", "pk")
    )
    if option.capacity is not None:
        taken = (
            SessionChoice.objects.filter(option=option, status=SessionChoiceStatus.CONFIRMED)
            .filter(holding_seat_q("registration__"))
            .count()
        )
        free = option.capacity - taken
        if free <= 0:
            return
        waiting = waiting[:free]
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        SessionChoice.objects.filter(pk__in=ids).update(status=SessionChoiceStatus.CONFIRMED)


def seat_choices(
    registration: Registration, reg_settings: RegistrationSettings, *, strict: bool
) -> None:
    """Queue the choices of a registration that has just got its event seat.

    ``strict`` (a new registration) refuses a full option when there is no waiting list.
    """
    now = timezone.now()
    choices = list(
        registration.session_choices.filter(status=SessionChoiceStatus.WAITLISTED).select_related(
            "option__session"
        )
    )
    for choice in choices:
        choice.queued_at = option_queue_time(choice.option_id, now)
        choice.save(update_fields=["queued_at"])
        fill_option(choice.option)
        choice.refresh_from_db(fields=["status"])
        if (
            strict
            and choice.status == SessionChoiceStatus.WAITLISTED
            and not reg_settings.waitlist_enabled
        ):
            raise SessionOptionFull(choice.option)


def refill_options_of(registration: Registration) -> None:
    """Hand on the session seats a registration has just given up."""
    for choice in registration.session_choices.filter(
        status=SessionChoiceStatus.CONFIRMED
    ).select_related("option"):
        fill_option(choice.option)


def give_seat(registration: Registration, reg_settings: RegistrationSettings) -> None:
    """Move a registration from the waiting list to a seat (the seat is known to be free)."""
    now = timezone.now()
    if registration.status == RegistrationStatus.PENDING:
        # The address is not confirmed yet: the seat is held, the mail follows confirmation.
        registration.outcome = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["outcome", "updated_at"])
    else:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save_change(["status", "confirmed_at"])
        notifications.schedule_mail(registration, MailKind.PROMOTED, calendar_method="REQUEST")
    seat_choices(registration, reg_settings, strict=False)


def fill_seats(reg_settings: RegistrationSettings) -> list[Registration]:
    """Give every free seat to the head of the waiting list, exactly one person per seat."""
    return _fill(reg_settings)[0]


def fill_and_count_free(reg_settings: RegistrationSettings) -> int | None:
    """Fill free seats from the waiting list and return the seats still free (``None``
    without a capacity), so that a decision needs no second count."""
    return _fill(reg_settings)[1]


def _fill(reg_settings: RegistrationSettings) -> tuple[list[Registration], int | None]:
    free = free_seats(reg_settings)
    if free is not None and free <= 0:
        return [], free
    waiting = Registration.objects.filter(event_id=reg_settings.event_id).waiting()
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        give_seat(registration, reg_settings)
    return promoted, None if free is None else free - len(promoted)


def expire_overdue(reg_settings: RegistrationSettings, now: datetime.datetime) -> int:
    """Expire the event's pending registrations whose window has passed; no refill."""
    overdue = list(Registration.objects.filter(event_id=reg_settings.event_id).overdue(now))
    for registration in overdue:
        held_seat = registration.holds_seat
        registration.status = RegistrationStatus.EXPIRED
        registration.outcome = ""
        registration.save_change(["status", "outcome"])
        if held_seat:
            refill_options_of(registration)
    return len(overdue)


def refresh(registration: Registration) -> Registration:
    """Re-read a registration after the lock, so decisions use committed state."""
    return Registration.objects.select_related("event").get(pk=registration.pk)
