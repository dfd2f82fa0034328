from django.tasks import task

from registrations.services.notices import notify_change


@task()
def notify_registrants_of_change(change_id: int, sequence: int | None = None) -> int:
    """Write the mails about one organiser's change (a change log entry); return how many.

    Safe to run twice or in parallel: every mail is keyed by the change and the person.
    """
    return notify_change(change_id, sequence=sequence)
