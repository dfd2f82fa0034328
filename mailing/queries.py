from django.db.models import QuerySet

from mailing.models import OutboundMail


def mail_for_key(idempotency_key: str) -> OutboundMail | None:
    """Return the mail queued under ``idempotency_key``, with its events, or None."""
    return (
        OutboundMail.objects.prefetch_related("events")
        .filter(idempotency_key=idempotency_key)
        .first()
    )


def mails_to(recipient: str) -> QuerySet[OutboundMail]:
    """Mails to one address, newest first, e.g. to answer a data subject's request."""
    return OutboundMail.objects.filter(recipient__iexact=recipient).prefetch_related("events")
