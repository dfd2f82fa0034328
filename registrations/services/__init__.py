"""Every change of a registration's status goes through a function of this package.

Modules: ``registering`` (register, add manually, confirm), ``changes`` (cancel, waiting
list, approval, capacity, expiry, answers, management link, check-in), ``seats`` (the lock
and the seat moves made under it, with the locking protocol), ``validation``, ``errors``.

Seats: a pending registration (double opt-in not yet done) already holds what it will get
once confirmed: its seat when its ``outcome`` is confirmed, its place on the waiting list
when the outcome is waitlisted. So a person who confirms within the window never loses
the seat shown to them, and a registration that expires releases it to the waiting list.
The waiting list is ordered by ``queued_at`` and ``pk``; ``queued_at`` is taken under the
lock and never goes backwards within an event, so the order is the order of the lock.

Side effects (mails) are scheduled with ``transaction.on_commit`` by ``notifications``.
"""

from registrations.services.changes import (
    approve_registration,
    cancel_registration,
    change_capacity,
    change_option_capacity,
    check_in_registration,
    expire_unconfirmed,
    move_from_waitlist,
    reject_registration,
    resend_management_link,
    revoke_management_token,
    update_answers,
)
from registrations.services.errors import (
    AlreadyRegistered,
    AudienceNotAllowed,
    CapacityBelowConfirmed,
    EventFull,
    InvalidTransition,
    MunicipalityLimitReached,
    RegistrationClosed,
    RegistrationError,
    RegistrationExpired,
    SessionOptionFull,
    TryAgain,
)
from registrations.services.registering import (
    add_registration_manually,
    confirm_registration,
    register_attendee,
)
from registrations.services.validation import DIRECTORY_CONSENT_VERSION

__all__ = [
    "DIRECTORY_CONSENT_VERSION",
    "AlreadyRegistered",
    "AudienceNotAllowed",
    "CapacityBelowConfirmed",
    "EventFull",
    "InvalidTransition",
    "MunicipalityLimitReached",
    "RegistrationClosed",
    "RegistrationError",
    "RegistrationExpired",
    "SessionOptionFull",
    "TryAgain",
    "add_registration_manually",
    "approve_registration",
    "cancel_registration",
    "change_capacity",
    "change_option_capacity",
    "check_in_registration",
    "confirm_registration",
    "expire_unconfirmed",
    "move_from_waitlist",
    "register_attendee",
    "reject_registration",
    "resend_management_link",
    "revoke_management_token",
    "update_answers",
]
