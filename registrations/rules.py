"""Who may register for an event, and who may run its registration."""

from django.utils.crypto import constant_time_compare

from conferences.rules import can_manage_event
from directory.enums import OrganisationType
from registrations.enums import RegistrationAudience


def is_in_audience(
    reg_settings,
    *,
    organisation_type: str = "",
    municipality=None,
    invitation_code: str = "",
) -> bool:
    """Tell whether someone with these details belongs to the event's audience.

    Staff of the host municipality are recognised by the municipality they name: nobody
    can prove employment here, so events that must be stricter also require approval.
    """
    match reg_settings.audience:
        case RegistrationAudience.EVERYONE:
            return True
        case RegistrationAudience.PUBLIC_BODIES:
            return organisation_type in OrganisationType.public_bodies()
        case RegistrationAudience.HOST_MUNICIPALITY:
            host_id = reg_settings.event.host_municipality_id
            return bool(host_id) and municipality is not None and municipality.pk == host_id
        case RegistrationAudience.INVITATION_CODE:
            expected = reg_settings.invitation_code.strip().casefold()
            given = (invitation_code or "").strip().casefold()
            return bool(expected) and constant_time_compare(given, expected)
    return False


def can_manage_registrations(user, event) -> bool:
    """Whoever manages the event (team organisers, staff) runs its registration."""
    return can_manage_event(user, event)
