import datetime

import factory

from mailing.enums import MailState
from mailing.models import MailAttachment, MailEvent, OutboundMail


class OutboundMailFactory(factory.django.DjangoModelFactory):
    """A queued plain-text mail; no task is enqueued (use the services for that)."""

    class Meta:
        model = OutboundMail

    recipient = factory.Sequence(lambda n: f"empfaenger{n}@kommune.example")
    subject = "Ihre Anmeldung zur Fachkonferenz"
    text_body = "Guten Tag,\n\nIhre Anmeldung ist eingegangen.\n"
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
    state = MailState.QUEUED


class MailAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailAttachment

    mail = factory.SubFactory(OutboundMailFactory)
    filename = "einladung.ics"
    content = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    mimetype = "text/calendar"


class MailEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailEvent

    mail = factory.SubFactory(OutboundMailFactory, state=MailState.SENT)
    event_type = "delivered"
    occurred_at = factory.LazyFunction(
        lambda: datetime.datetime(2020, 6, 19, 9, 0, tzinfo=datetime.UTC)
    )
