"""Store mails in the outbox; the send follows after commit."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from mailing.enums import MailCategory, MailState
from mailing.models import MailAttachment, OutboundMail
from mailing.services.rendering import render_templates
from mailing.services.sending import enqueue_send


def queue_mail(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    idempotency_key: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    language: str = "de",
    category: str = MailCategory.TRANSACTIONAL,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundMail:
    """Store one mail (or return the existing row with the same key) and send it after commit.

    ``attachments`` are ``(filename, content, mimetype)`` triples; a mimetype may carry
    parameters (``text/calendar; method=REQUEST``). Raises ``ValidationError`` for an invalid
    recipient or reply-to address and ``ValueError`` for an empty or over-long key or a header
    with a line break. Safe inside the caller's transaction: the send waits for its commit.
    """
    key = idempotency_key.strip()
    if not key or len(key) > _max_key_length():
        raise ValueError("An idempotency key of 1 to 255 characters is required.")
    existing = OutboundMail.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    to, reply_to = to.strip(), reply_to.strip()
    validate_email(to)
    if reply_to:
        validate_email(reply_to)
    extra_headers = dict(headers or {})
    if any(
        "\n" in f"{name}{value}" or "\r" in f"{name}{value}"
        for name, value in extra_headers.items()
    ):
        raise ValueError("Mail headers must not contain line breaks.")
    with transaction.atomic():
        try:
            # A savepoint, so that losing the race for the key leaves the caller's
            # transaction usable.
            with transaction.atomic():
                mail = OutboundMail.objects.create(
                    recipient=to,
                    subject=" ".join(str(subject).split())[:998],
                    text_body=str(text),
                    html_body=str(html),
                    reply_to=reply_to,
                    headers=extra_headers,
                    language=language,
                    category=str(category),
                    idempotency_key=key,
                )
        except IntegrityError:
            return OutboundMail.objects.get(idempotency_key=key)
        MailAttachment.objects.bulk_create(
            MailAttachment(mail=mail, filename=filename, content=bytes(content), mimetype=mimetype)
            for filename, content, mimetype in attachments
        )
        # robust: a task queue that is down must not fail the caller's request; the mail stays
        # queued and recover_outbox sends it later.
        transaction.on_commit(partial(enqueue_send, mail.pk), robust=True)
    return mail


def queue_templated_mail(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    idempotency_key: str,
    language: str = "de",
    attachments: Sequence[tuple[str, bytes, str]] = (),
    category: str = MailCategory.TRANSACTIONAL,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundMail:
    """Render the mail ``template`` in ``language`` now (see ``render_templates``) and queue it.

    Extend ``mailing/base.txt`` and ``mailing/base.html`` for the common layout. Nothing is
    rendered when the key was queued before.
    """
    existing = OutboundMail.objects.filter(idempotency_key=idempotency_key.strip()).first()
    if existing is not None:
        return existing
    subject, text, html = render_templates(template, context, language=language)
    return queue_mail(
        to=to,
        subject=subject,
        text=text,
        html=html,
        idempotency_key=idempotency_key,
        attachments=attachments,
        language=language,
        category=category,
        reply_to=reply_to,
        headers=headers,
    )


@dataclass(frozen=True)
class DeferredMail:
    """One mail to queue as a render instruction (see ``queue_deferred_mail``)."""

    to: str
    renderer: str
    params: dict[str, Any]
    idempotency_key: str
    language: str = "de"
    category: str = MailCategory.TRANSACTIONAL


def queue_deferred_mail(
    *,
    to: str,
    renderer: str,
    params: dict[str, Any],
    idempotency_key: str,
    language: str = "de",
    category: str = MailCategory.TRANSACTIONAL,
) -> None:
    """Store a mail as an instruction (``renderer`` and JSON ``params``), rendered at send time.

    One ``INSERT`` and nothing else, so it fits into a short critical section: a key queued
    before is left alone (the insert ignores the conflict), and the recipient is checked when
    the renderer runs. The send task is enqueued after commit.
    """
    queue_deferred_mails(
        [DeferredMail(to, renderer, params, idempotency_key, language, str(category))]
    )


def queue_deferred_mails(mails: Sequence[DeferredMail]) -> None:
    """Store many deferred mails with one ``INSERT`` per batch of rows; sends follow commit.

    For mails to many people at once (an event's cancellation to all its registrants): the
    rows are written together, keys queued before are skipped, and each new mail's send task
    is enqueued after commit.
    """
    max_key = _max_key_length()
    keys = [mail.idempotency_key.strip() for mail in mails]
    if any(not key or len(key) > max_key for key in keys):
        raise ValueError("An idempotency key of 1 to 255 characters is required.")
    OutboundMail.objects.bulk_create(
        [
            OutboundMail(
                recipient=mail.to.strip(),
                idempotency_key=key,
                renderer=mail.renderer,
                render_params=mail.params,
                language=mail.language,
                category=str(mail.category),
            )
            for mail, key in zip(mails, keys, strict=True)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    if len(keys) == 1:
        transaction.on_commit(partial(_enqueue_by_key, keys[0]), robust=True)
    elif keys:
        transaction.on_commit(partial(_enqueue_by_keys, keys), robust=True)


def _enqueue_by_keys(keys: list[str]) -> None:
    queued = OutboundMail.objects.filter(idempotency_key__in=keys, state=MailState.QUEUED)
    for mail_id in queued.values_list("pk", flat=True).iterator(chunk_size=500):
        enqueue_send(mail_id)


def _enqueue_by_key(key: str) -> None:
    mail_id = (
        OutboundMail.objects.filter(idempotency_key=key, state=MailState.QUEUED)
        .values_list("pk", flat=True)
        .first()
    )
    if mail_id is not None:
        enqueue_send(mail_id)


def _max_key_length() -> int:
    # The key is a CharField with a max_length, so Django's optional bound is always set.
    return cast(int, OutboundMail._meta.get_field("idempotency_key").max_length)
