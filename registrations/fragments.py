"""The "Anmeldung" box of the public event page (registered in ``RegistrationsConfig.ready``).

It costs the event page one query (settings and seat counts together), and one more for a
logged-in visitor, whose own registration it looks up.
"""

from django.http import HttpRequest
from django.urls import reverse

from conferences.models import Event
from registrations.availability import availability_of, own_registration
from registrations.queries import waiting_position
from sessions.fragments import EventFragment

TEMPLATE = "registrations/_event_box.html"


def registration_box(request: HttpRequest, event: Event) -> EventFragment | None:
    """The event's registration state and what the visitor can do; nothing for events
    that take no registrations."""
    availability = availability_of(event)
    if availability is None:
        return None
    registration = own_registration(request.user, event)
    return EventFragment(
        TEMPLATE,
        {
            "availability": availability,
            "own_registration": registration,
            "own_position": waiting_position(registration) if registration else None,
            "own_manage_url": reverse(
                "registration_manage", kwargs={"token": registration.management_token}
            )
            if registration
            else "",
        },
        # Before the calendar box: registering is what most visitors come for.
        order=10,
    )
