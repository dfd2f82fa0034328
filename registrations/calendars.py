"""Calendar files for registrants: the entry of one registration and the personal feed.

Both publish (no iTIP method in the feed, METHOD:PUBLISH in the download) the same UID and
SEQUENCE as the invitation mailed to the registrant (``Registration.calendar_uid`` and
``calendar_sequence``), so a calendar that holds the invitation updates that item instead
of adding a second one. DTSTAMP is the last change of event or registration, so the same
data gives the same bytes and the hash of them serves as ETag.

The feed's address is a secret in its URL (calendar clients cannot log in); this module
also hands out and renews that address.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as VEvent

from conferences.calendars import absolute_url, build_calendar, event_vevent
from registrations.models import CalendarFeed, Registration, hash_token
from registrations.queries import confirmed_registrations_of_user

# A feed token is 43 characters of base64url; anything much longer is not worth hashing.
_MAX_TOKEN_LENGTH = 64
FEED_REFRESH_INTERVAL = datetime.timedelta(hours=6)


def registration_changed_at(registration: Registration) -> datetime.datetime:
    return max(registration.updated_at, registration.event.updated_at)


def registration_vevent(registration: Registration) -> VEvent:
    """The event as this registrant's calendar item (needs ``event__organisation``)."""
    vevent = event_vevent(registration.event, stamp=registration_changed_at(registration))
    vevent.uid = registration.calendar_uid
    vevent.sequence = registration.calendar_sequence
    return vevent


def registration_calendar(registration: Registration) -> Calendar:
    """The calendar file offered on the management page of a confirmed registration."""
    return build_calendar([registration_vevent(registration)], method="PUBLISH")


def feed_calendar(feed: CalendarFeed, registrations: Iterable[Registration]) -> Calendar:
    """The personal feed: one item per event the person is confirmed for."""
    return build_calendar(
        [registration_vevent(registration) for registration in registrations],
        name="Kommunalforum – Meine Anmeldungen",
        uid=f"calendar-feed-{feed.public_id}@kommunalforum",
        refresh_interval=FEED_REFRESH_INTERVAL,
    )


def feed_registrations(feed: CalendarFeed) -> list[Registration]:
    return list(confirmed_registrations_of_user(feed.user_id))


def calendar_feed_of(user) -> CalendarFeed | None:
    """Return the user's feed, ``None`` before they asked for one."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """Return the feed an address points to, ``None`` for a wrong or renewed one."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    return CalendarFeed.objects.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def renew_calendar_feed(user) -> CalendarFeed:
    """Give the user's feed a new address (creating the feed on first use).

    The previous address stops working at once: calendars subscribed to it get 404 and
    must subscribe to the new one.
    """
    feed = CalendarFeed.objects.select_for_update(of=("self",)).filter(user=user).first()
    if feed is None:
        try:
            with transaction.atomic():
                return CalendarFeed.objects.create(user=user)
        except IntegrityError:
            # A second click created it meanwhile: that one is as new as asked for.
            return CalendarFeed.objects.get(user=user)
    feed.version += 1
    feed.save()
    return feed


def feed_urls(feed: CalendarFeed) -> tuple[str, str]:
    """The feed's address as https (to copy) and as webcal (to open in a calendar app)."""
    https = absolute_url(reverse("my_calendar_feed", kwargs={"token": feed.token}))
    _scheme, _sep, rest = https.partition("://")
    return https, f"webcal://{rest}"
