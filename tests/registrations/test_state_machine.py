"""Random sequences of register, confirm, cancel, promote, expire and resize, checked after
every step against the invariants of registration (DESIGN.md invariants 1 and 2)."""

import datetime

import hypothesis
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from registrations import services
from registrations.enums import RegistrationStatus
from registrations.models import Registration, RegistrationSettings
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationSettingsFactory

PEOPLE = 7
# People below this index have a verified account and skip the double opt-in.
WITH_ACCOUNT = 3
PICK = st.integers(min_value=0, max_value=1000)


class RegistrationMachine(RuleBasedStateMachine):
    """One event; people come, confirm, cancel and time out while organisers resize it.

    Each example runs in a savepoint that is rolled back afterwards, so examples do not
    see each other's rows.
    """

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.event = None
        self.users: list = []
        self.queue: list[int] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers ------------------------------------------------------------------------------

    def registrations(self):
        return Registration.objects.filter(event=self.event)

    def reg_settings(self) -> RegistrationSettings:
        return RegistrationSettings.objects.get(event=self.event)

    def pick(self, queryset, index: int) -> Registration | None:
        items = list(queryset.order_by("pk"))
        return items[index % len(items)] if items else None

    def seats_held_after_expiry(self) -> int:
        """Seats held by registrations that will not expire on the next service call."""
        return (
            self.registrations()
            .holding_seat()
            .exclude(status=RegistrationStatus.PENDING, confirm_by__lt=timezone.now())
            .count()
        )

    # Rules --------------------------------------------------------------------------------

    @initialize(
        capacity=st.sampled_from([0, 1, 1, 2, 2, 3, None]),
        waitlist=st.sampled_from([True, True, True, False]),
        arrivals=st.lists(st.integers(0, PEOPLE - 1), min_size=2, max_size=6),
    )
    def open_registration(self, capacity, waitlist, arrivals) -> None:
        """Open registration and let a first crowd in, so that every example has people
        to confirm, cancel and move up."""
        self.event = EventFactory()
        RegistrationSettingsFactory(event=self.event, capacity=capacity, waitlist_enabled=waitlist)
        self.users = [UserFactory() for _ in range(WITH_ACCOUNT)]
        self.register(arrivals)

    @rule(people=st.lists(st.integers(0, PEOPLE - 1), min_size=1, max_size=3))
    def register(self, people: list[int]) -> None:
        """Several people in a row, so that waiting lists grow long enough to matter."""
        for person in people:
            self.register_one(person)

    def register_one(self, person: int) -> None:
        user = self.users[person] if person < WITH_ACCOUNT else None
        email = user.email if user else f"gast{person}@kommune.example"
        try:
            registration = services.register_attendee(
                self.event,
                email=email,
                first_name="Erika",
                last_name=f"Muster {person}",
                user=user,
                privacy_accepted=True,
            )
        except services.AlreadyRegistered as refused:
            assert refused.registration.is_active
            assert refused.registration.email == email
        except services.EventFull:
            reg_settings = self.reg_settings()
            assert not reg_settings.waitlist_enabled
            assert self.registrations().holding_seat().count() == reg_settings.capacity
        else:
            expected = (
                {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED}
                if user
                else {RegistrationStatus.PENDING}
            )
            assert registration.status in expected

    @rule(index=PICK)
    def confirm(self, index: int) -> None:
        registration = self.pick(
            self.registrations().filter(status=RegistrationStatus.PENDING), index
        )
        if registration is None:
            return
        overdue = registration.confirm_by < timezone.now()
        try:
            confirmed = services.confirm_registration(registration)
        except services.RegistrationExpired:
            assert overdue
        else:
            assert not overdue
            assert confirmed.status == Registration.objects.get(pk=registration.pk).status
            assert confirmed.status in RegistrationStatus.outcomes()

    @rule(index=PICK)
    def cancel(self, index: int) -> None:
        registration = self.pick(self.registrations().active(), index)
        if registration is None:
            return
        assert services.cancel_registration(registration).status == RegistrationStatus.CANCELLED

    @rule()
    def resize_to_the_same(self) -> None:
        capacity = RegistrationSettings.objects.get(event=self.event).capacity
        promoted = services.change_capacity(self.event, capacity)
        assert all(
            r.holds_seat for r in Registration.objects.filter(pk__in=[p.pk for p in promoted])
        )

    @rule(index=PICK)
    def let_the_window_pass(self, index: int) -> None:
        registration = self.pick(
            self.registrations().filter(status=RegistrationStatus.PENDING), index
        )
        if registration is not None:
            Registration.objects.filter(pk=registration.pk).update(
                confirm_by=timezone.now() - datetime.timedelta(minutes=1)
            )

    @rule()
    def expire(self) -> None:
        services.expire_unconfirmed()
        assert not self.registrations().overdue(timezone.now()).exists()

    @rule(capacity=st.one_of(st.none(), st.integers(0, 6)))
    def resize(self, capacity) -> None:
        held = self.seats_held_after_expiry()
        try:
            services.change_capacity(self.event, capacity)
        except services.CapacityBelowConfirmed:
            assert capacity is not None
            assert capacity < held
        else:
            assert capacity is None or capacity >= held

    # Invariants ---------------------------------------------------------------------------

    @invariant()
    def keeps_the_rules(self) -> None:
        if self.event is None:
            return
        capacity = self.reg_settings().capacity
        registrations = self.registrations()
        held = set(registrations.holding_seat().values_list("pk", flat=True))
        confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        waiting = list(registrations.waiting().values_list("pk", flat=True))

        # Confirmed registrations (and held seats) never exceed capacity.
        if capacity is not None:
            assert confirmed <= len(held) <= capacity
        # Nobody is registered twice.
        emails = list(registrations.active().values_list("email", flat=True))
        assert len(emails) == len(set(emails))
        # No seat stays free while someone waits.
        if waiting:
            assert capacity is not None
            assert len(held) == capacity
        # First come, first served: those still waiting keep their order ahead of newcomers,
        # and whoever moved up to a seat stood ahead of everyone still waiting.
        still_waiting = [pk for pk in self.queue if pk in set(waiting)]
        assert waiting[: len(still_waiting)] == still_waiting
        moved_up = [self.queue.index(pk) for pk in self.queue if pk in held]
        if moved_up and still_waiting:
            assert max(moved_up) < min(self.queue.index(pk) for pk in still_waiting)
        self.queue = waiting


@pytest.mark.django_db
def test_registration_state_machine_keeps_capacity_uniqueness_and_order(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hypothesis.stateful.run_state_machine_as_test(
        RegistrationMachine,
        settings=hypothesis.settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
