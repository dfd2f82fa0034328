"""What happens while a registration holds the seat lock: only what decides the seat.

The lock serialises every registration of an event, so each statement inside it is paid by
everyone queueing behind. The confirmation mail (templates, calendar file, QR code) is
rendered by the worker after commit; inside the lock it is one outbox row.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registrations import services
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationSettingsFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def statements_inside_the_lock(queries) -> list[str]:
    """The statements after the seat lock was granted, as "VERB table"."""
    sql = [query["sql"] for query in queries]
    start = next(i for i, text in enumerate(sql) if "FOR UPDATE" in text)
    described = []
    for text in sql[start + 1 :]:
        verb = text.split()[0].upper()
        if verb in {"SAVEPOINT", "RELEASE"}:  # the test's transaction, COMMIT in production
            continue
        table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', text)
        described.append(f"{verb} {table.group(1) if table else '?'}")
    return described


@pytest.mark.parametrize("seats_taken", [0, 1])
def test_registering_holds_the_lock_for_the_seat_decision_and_one_outbox_row(
    postgres_db, django_capture_on_commit_callbacks, seats_taken
):
    event = EventFactory()
    RegistrationSettingsFactory(event=event, capacity=1, waitlist_enabled=True)
    for _ in range(seats_taken):
        first = UserFactory()
        services.register_attendee(
            event,
            email=first.email,
            first_name="A",
            last_name="B",
            user=first,
            privacy_accepted=True,
        )
    user = UserFactory()

    with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as queries:
        services.register_attendee(
            event,
            email=user.email,
            first_name="Erika",
            last_name="Eilig",
            user=user,
            privacy_accepted=True,
        )

    inside = statements_inside_the_lock(queries)
    assert inside == [
        # One query for held seats, the waiting list, overdue opt-ins and the queue's end.
        "SELECT registrations_registration",
        "INSERT registrations_registration",
        "INSERT mailing_outboundmail",  # what to render, not the mail
    ]
