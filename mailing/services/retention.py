"""Forget what a finished mail said, and keep that it was sent."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from mailing.enums import MailState
from mailing.models import MailAttachment, OutboundMail

# States in which nothing will send the mail again by itself. A failed mail waits for a person
# only as long as its body is kept.
FINISHED_STATES = frozenset(
    {
        MailState.SENT,
        MailState.DELIVERED,
        MailState.BOUNCED,
        MailState.COMPLAINED,
        MailState.REJECTED,
        MailState.FAILED,
    }
)
BATCH_SIZE = 500


def purge_mail_bodies(*, now: datetime | None = None, retention: timedelta | None = None) -> int:
    """Empty text, HTML, headers and attachments of mails finished before the retention period.

    Bodies hold personal management links in clear; support needs them only for a while (a
    recipient who lost the mail, a bounce to explain), so after ``MAIL_BODY_RETENTION_DAYS``
    (default 30) only recipient, subject, category, states, times and provider events remain.
    A mail counts from its send or, never sent, from its last change. Queued and sending mails
    are never touched, and a purged mail cannot be resent. Works in batches, so the first run
    over a long history holds no long lock. Returns the number of mails purged.
    """
    now = now or timezone.now()
    if retention is None:
        retention = timedelta(days=settings.MAIL_BODY_RETENTION_DAYS)
    due = (
        OutboundMail.objects.alias(finished_at=Coalesce("sent_at", "updated_at"))
        .filter(
            state__in=FINISHED_STATES, body_purged_at__isnull=True, finished_at__lt=now - retention
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    purged = 0
    while batch := list(due[:BATCH_SIZE]):
        with transaction.atomic():
            # The state condition again: an operator may have requeued a mail meanwhile.
            purged += OutboundMail.objects.filter(
                pk__in=batch, state__in=FINISHED_STATES, body_purged_at__isnull=True
            ).update(text_body="", html_body="", headers={}, body_purged_at=now, updated_at=now)
            MailAttachment.objects.filter(
                mail_id__in=batch, mail__body_purged_at__isnull=False
            ).update(content=b"")
    return purged
