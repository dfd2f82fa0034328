"""Races for seats, run for real: threads with their own PostgreSQL connections.

Each thread waits at a barrier so all start together, calls one service and closes its
connection. A test trigger (``slow_inserts``) makes every INSERT of a registration take
50 ms inside its transaction: that widens the window between counting the seats and
committing the new row, so that without the lock the race is lost every time instead of
now and then. With the lock, the same window only makes the transactions queue.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from mailing.models import OutboundMail
from registrations import services
from registrations.enums import RegistrationStatus
from registrations.models import Registration, RegistrationSettings
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationSettingsFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16
CAPACITY = 5


@pytest.fixture(autouse=True)
def _patient_lock(settings):
    """Wait as long as it takes for the seat lock: these tests check invariants, and on a
    busy machine 16 queued transactions may well take longer than the 3 s a visitor waits."""
    settings.REGISTRATIONS_LOCK_TIMEOUT = "120s"


@pytest.fixture
def slow_inserts(postgres_db):
    """Make each new registration row take 50 ms to insert (see the module docstring)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION kf_test_slow_insert() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER kf_test_slow_insert BEFORE INSERT ON registrations_registration
            FOR EACH ROW EXECUTE FUNCTION kf_test_slow_insert();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS kf_test_slow_insert ON registrations_registration;"
            "DROP FUNCTION IF EXISTS kf_test_slow_insert();"
        )


def run_together(count: int, work: Callable[[int], object]) -> list[tuple[str, object]]:
    """Run ``work(i)`` in ``count`` threads started at once; return ("ok"|"error", value)."""
    barrier = threading.Barrier(count)
    results: list[tuple[str, object]] = [("missing", None)] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", work(index))
        except Exception as error:
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return results


def open_event(capacity: int):
    event = EventFactory()
    RegistrationSettingsFactory(event=event, capacity=capacity)
    return event


def register_all_at_once(event, users) -> list[tuple[str, object]]:
    return run_together(
        len(users),
        lambda i: services.register_attendee(
            event,
            email=users[i].email,
            first_name="Erika",
            last_name=f"Muster {i}",
            user=users[i],
            privacy_accepted=True,
        ),
    )


def test_concurrent_registrations_never_exceed_capacity_and_queue_in_lock_order(slow_inserts):
    event = open_event(CAPACITY)
    users = [UserFactory() for _ in range(THREADS)]

    results = register_all_at_once(event, users)

    assert [kind for kind, _value in results] == ["ok"] * THREADS
    registrations = list(Registration.objects.filter(event=event).order_by("pk"))
    assert len(registrations) == THREADS
    statuses = [r.status for r in registrations]
    # The row ids are drawn under the lock, so they show the order in which people came:
    # the first CAPACITY got the seats, everyone after them waits in the same order.
    assert statuses == [RegistrationStatus.CONFIRMED] * CAPACITY + [
        RegistrationStatus.WAITLISTED
    ] * (THREADS - CAPACITY)
    waiting = list(Registration.objects.filter(event=event).waiting())
    assert waiting == registrations[CAPACITY:]
    queued = [r.queued_at for r in registrations]
    assert queued == sorted(queued)
    assert len(set(queued)) == THREADS


def test_concurrent_double_submit_yields_one_registration(slow_inserts):
    event = open_event(CAPACITY)
    user = UserFactory()

    results = register_all_at_once(event, [user] * 8)

    outcomes = sorted(type(value).__name__ for _kind, value in results)
    assert outcomes == ["AlreadyRegistered"] * 7 + ["Registration"]
    assert Registration.objects.filter(event=event).count() == 1


def test_concurrent_cancellations_give_each_freed_seat_to_exactly_one_person(postgres_db):
    event = open_event(CAPACITY)
    seated = []
    for _ in range(CAPACITY):
        user = UserFactory()
        seated.append(
            services.register_attendee(
                event,
                email=user.email,
                first_name="Sitz",
                last_name="Platz",
                user=user,
                privacy_accepted=True,
            )
        )
    waiting = []
    for _ in range(2 * CAPACITY):
        user = UserFactory()
        waiting.append(
            services.register_attendee(
                event,
                email=user.email,
                first_name="Warte",
                last_name="Liste",
                user=user,
                privacy_accepted=True,
            )
        )

    results = run_together(CAPACITY, lambda i: services.cancel_registration(seated[i]))

    assert [kind for kind, _value in results] == ["ok"] * CAPACITY
    after = {r.pk: r for r in Registration.objects.filter(event=event)}
    assert [after[r.pk].status for r in waiting] == [RegistrationStatus.CONFIRMED] * CAPACITY + [
        RegistrationStatus.WAITLISTED
    ] * CAPACITY
    assert Registration.objects.filter(event=event).holding_seat().count() == CAPACITY
    # Each promoted person moved exactly once, and was told exactly once.
    assert [after[r.pk].sequence for r in waiting[:CAPACITY]] == [1] * CAPACITY
    promoted_mails = OutboundMail.objects.filter(idempotency_key__contains=":promoted:")
    assert sorted(m.recipient for m in promoted_mails) == sorted(
        r.email for r in waiting[:CAPACITY]
    )


def test_lock_timeout_becomes_try_again(settings, postgres_db):
    settings.REGISTRATIONS_LOCK_TIMEOUT = "3s"
    event = open_event(CAPACITY)
    user = UserFactory()
    locked = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                RegistrationSettings.objects.select_for_update().get(event=event)
                locked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        with pytest.raises(services.TryAgain) as caught:
            services.register_attendee(
                event,
                email=user.email,
                first_name="Erika",
                last_name="Geduld",
                user=user,
                privacy_accepted=True,
            )
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(timeout=20)
    # It waited for the lock rather than failing at once; how much longer it took depends on
    # the machine, so there is no upper bound here.
    assert waited >= 2.5
    assert str(caught.value.message) == (
        "Gerade melden sich viele Menschen an. Bitte versuchen Sie es noch einmal."
    )
    assert not Registration.objects.filter(event=event).exists()
    retried = services.register_attendee(
        event,
        email=user.email,
        first_name="Erika",
        last_name="Geduld",
        user=user,
        privacy_accepted=True,
    )
    assert retried.status == RegistrationStatus.CONFIRMED


def test_without_the_lock_concurrent_registrations_overbook(settings, slow_inserts):
    """Negative control: the same race as above, with the seat lock switched off.

    If this ever stops overbooking, the race test above no longer proves the lock works.
    """
    settings.REGISTRATIONS_LOCK_SEATS = False
    event = open_event(CAPACITY)
    users = [UserFactory() for _ in range(THREADS)]

    results = register_all_at_once(event, users)

    assert [kind for kind, _value in results] == ["ok"] * THREADS
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).count()
    assert confirmed > CAPACITY
