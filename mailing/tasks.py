from django.tasks import task

from mailing.services import deliver_mail


@task()
def send_outbound_mail(mail_id: int) -> str:
    """Send one queued mail and return its state afterwards.

    Safe to run twice or in parallel: ``deliver_mail`` claims the row first, and only the
    claimant sends.
    """
    return deliver_mail(mail_id)
