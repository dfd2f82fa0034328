"""Reusable reads of registrations, with the joins their pages and mails need."""

from dataclasses import dataclass

from django.db.models import Count, Q

from registrations.enums import RegistrationStatus, SessionChoiceStatus
from registrations.models import (
    Registration,
    RegistrationSettings,
    SessionChoice,
    SessionOption,
    hash_token,
)

# A token is 43 characters of base64url; anything much longer is not worth hashing.
_MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True)
class SeatSummary:
    """The seats of an event or a session option at one moment."""

    capacity: int | None
    taken: int
    waiting: int

    @property
    def free(self) -> int | None:
        """Free seats, ``None`` when unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def holding_seat_q(prefix: str = "") -> Q:
    """A filter for "this registration holds an event seat", usable across relations."""
    return Q(**{f"{prefix}status": RegistrationStatus.CONFIRMED}) | Q(
        **{
            f"{prefix}status": RegistrationStatus.PENDING,
            f"{prefix}outcome": RegistrationStatus.CONFIRMED,
        }
    )


def registration_settings_of(event) -> RegistrationSettings | None:
    """Return the event's registration settings, or ``None`` when it takes no registrations."""
    return RegistrationSettings.objects.select_related("event").filter(event=event).first()


def registration_for_token(token: str) -> Registration | None:
    """Return the registration a management link points to, ``None`` for a bad or old token."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    return (
        Registration.objects.select_related(
            "event", "event__registration_settings", "municipality", "user"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def seat_summary(event) -> SeatSummary:
    """Count the event's taken seats and waiting list in one query."""
    reg_settings = registration_settings_of(event)
    counts = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=holding_seat_q()),
        waiting=Count(
            "pk",
            filter=Q(status=RegistrationStatus.WAITLISTED)
            | Q(status=RegistrationStatus.PENDING, outcome=RegistrationStatus.WAITLISTED),
        ),
    )
    return SeatSummary(
        capacity=reg_settings.capacity if reg_settings else None,
        taken=counts["taken"],
        waiting=counts["waiting"],
    )


def option_seat_summary(option: SessionOption) -> SeatSummary:
    """Count a session option's taken seats and waiting list; only choices of
    registrations that hold an event seat count."""
    counts = (
        SessionChoice.objects.filter(option=option)
        .filter(holding_seat_q("registration__"))
        .aggregate(
            taken=Count("pk", filter=Q(status=SessionChoiceStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=SessionChoiceStatus.WAITLISTED)),
        )
    )
    return SeatSummary(capacity=option.capacity, taken=counts["taken"], waiting=counts["waiting"])


def session_options_with_seats(event) -> list[tuple[SessionOption, SeatSummary]]:
    """The event's session options with their seats, in two queries whatever their number."""
    options = list(SessionOption.objects.filter(event=event).select_related("session"))
    rows = (
        SessionChoice.objects.filter(option__event=event)
        .filter(holding_seat_q("registration__"))
        .values("option_id")
        .annotate(
            taken=Count("pk", filter=Q(status=SessionChoiceStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=SessionChoiceStatus.WAITLISTED)),
        )
    )
    # (taken, waiting) per option; an option nobody chose has no row.
    counts: dict[int, tuple[int, int]] = {
        row["option_id"]: (row["taken"], row["waiting"]) for row in rows
    }
    return [
        (
            option,
            SeatSummary(
                capacity=option.capacity,
                taken=counts.get(option.pk, (0, 0))[0],
                waiting=counts.get(option.pk, (0, 0))[1],
            ),
        )
        for option in options
    ]


def waiting_list(event):
    """The event's waiting list in the order seats are handed out."""
    return Registration.objects.filter(event=event).waiting().select_related("municipality")


def waiting_position(registration: Registration) -> int | None:
    """Return the 1-based place on the waiting list, ``None`` when not waiting."""
    if not registration.is_waiting:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id)
        .waiting()
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def registrations_of_user(user):
    """A person's registrations ("Meine Anmeldungen"), the latest events first."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "municipality")
        .order_by("-event__starts_at", "-created_at")
    )


def confirmed_registrations_of_user(user):
    """What a person's personal calendar feed contains."""
    return (
        Registration.objects.filter(user=user, status=RegistrationStatus.CONFIRMED)
        .select_related("event", "event__organisation")
        .order_by("event__starts_at")
    )


def answers_of(registration: Registration):
    """The registration's answers in the order of the questions."""
    return registration.answers.select_related("question").order_by(
        "question__order", "question__pk"
    )


# Organiser lists (used by the registrations list, its exports and the statistics) ---------


@dataclass(frozen=True)
class RegistrationFilters:
    """What an organiser narrowed the registrations list to; empty values filter nothing."""

    status: str = ""
    municipality_id: int | None = None
    district_id: int | None = None
    region_id: int | None = None
    organisation_type: str = ""
    search: str = ""


def registrations_for_organisers(event, filters: RegistrationFilters | None = None):
    """The event's registrations as organisers list and export them, in the order they came.

    The search matches each word against first name, last name, email, organisation and
    municipality, so "Anna Soest" finds Anna from Soest.
    """
    filters = filters or RegistrationFilters()
    registrations = Registration.objects.filter(event=event).select_related(
        "municipality", "municipality__district", "municipality__region"
    )
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.municipality_id:
        registrations = registrations.filter(municipality_id=filters.municipality_id)
    if filters.district_id:
        registrations = registrations.filter(municipality__district_id=filters.district_id)
    if filters.region_id:
        registrations = registrations.filter(municipality__region_id=filters.region_id)
    if filters.organisation_type:
        registrations = registrations.filter(organisation_type=filters.organisation_type)
    for word in filters.search.split()[:5]:
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(municipality__name__icontains=word)
        )
    return registrations.order_by("created_at", "pk")


def status_counts(event) -> dict[str, int]:
    """Count the event's registrations per status, every status present (0 when none)."""
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    rows = (
        Registration.objects.filter(event=event)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts.update(dict(rows))
    return counts
