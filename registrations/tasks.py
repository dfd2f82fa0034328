from django.tasks import task

from registrations.services import expire_unconfirmed


@task()
def expire_unconfirmed_registrations() -> int:
    """Expire pending registrations past their confirmation window; return how many.

    Safe to run twice or in parallel: each event is handled under its seat lock, and an
    expired registration is no longer pending. The seat services also expire an event's
    overdue registrations before they count seats, so a late run never overbooks; it only
    frees held seats sooner.
    """
    return expire_unconfirmed()
