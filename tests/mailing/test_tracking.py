import base64
import datetime
import json

import pytest

from mailing.enums import MailState
from mailing.models import MailEvent
from mailing.services import queue_mail
from mailing.signals import mail_state_changed
from tests.factories.mailing import OutboundMailFactory

pytestmark = pytest.mark.django_db

WEBHOOK = "/anymail/postmark/tracking/"
SECRET = "kommunalforum:webhook-geheimnis"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.MAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def post_event(client, payload: dict, *, secret: str | None = SECRET):
    headers = {}
    if secret is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post(
        WEBHOOK, data=json.dumps(payload), content_type="application/json", headers=headers
    )


def delivery(message_id: str, at: str = "2020-06-19T09:00:00Z") -> dict:
    return {
        "RecordType": "Delivery",
        "MessageID": message_id,
        "Recipient": "anna.schmidt@soest.example",
        "DeliveredAt": at,
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }


def bounce(message_id: str, at: str = "2020-06-19T09:05:00Z", event_id: int = 42) -> dict:
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": "HardBounce",
        "MessageID": message_id,
        "Email": "anna.schmidt@soest.example",
        "BouncedAt": at,
        "Description": "The server was unable to deliver your message (unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    }


def sent_mail(message_id: str = "b7bc2f4a-e38e-4336-af7d-e6c392c2f817"):
    return OutboundMailFactory(state=MailState.SENT, attempts=1, provider_message_id=message_id)


@pytest.mark.parametrize("secret", [None, "kommunalforum:falsch"])
def test_tracking_webhook_without_the_secret_is_refused(client, secret):
    mail = sent_mail()

    response = post_event(client, delivery(mail.provider_message_id), secret=secret)

    mail.refresh_from_db()
    assert response.status_code == 400
    assert mail.state == MailState.SENT
    assert MailEvent.objects.count() == 0


def test_tracking_webhook_delivery_marks_the_mail_delivered(client):
    mail = sent_mail()

    response = post_event(client, delivery(mail.provider_message_id))

    mail.refresh_from_db()
    assert response.status_code == 200
    assert (mail.state, mail.tracked_at) == (
        MailState.DELIVERED,
        datetime.datetime(2020, 6, 19, 9, 0, tzinfo=datetime.UTC),
    )
    assert list(mail.events.values_list("event_type", "description")) == [
        ("delivered", "Test delivery webhook details")
    ]


def test_tracking_webhook_bounce_is_recorded_once_however_often_it_is_repeated(client):
    mail = sent_mail()

    responses = [post_event(client, bounce(mail.provider_message_id)) for _ in range(2)]

    mail.refresh_from_db()
    assert [response.status_code for response in responses] == [200, 200]
    assert (mail.state, mail.last_error) == (
        MailState.BOUNCED,
        "The server was unable to deliver your message (unknown user).",
    )
    assert list(mail.events.values_list("event_type", "provider_event_id")) == [("bounced", "42")]


def test_tracking_event_arriving_late_does_not_undo_a_newer_state(client):
    mail = sent_mail()

    post_event(client, bounce(mail.provider_message_id, at="2020-06-19T09:05:00Z"))
    post_event(client, delivery(mail.provider_message_id, at="2020-06-19T09:00:00Z"))

    mail.refresh_from_db()
    assert mail.state == MailState.BOUNCED
    assert list(mail.events.values_list("event_type", flat=True)) == ["delivered", "bounced"]


def test_tracking_delivery_after_a_soft_bounce_counts(client):
    mail = sent_mail()
    soft_bounce = {**bounce(mail.provider_message_id), "Type": "SoftBounce"}

    post_event(client, soft_bounce)
    post_event(client, delivery(mail.provider_message_id, at="2020-06-19T10:00:00Z"))

    mail.refresh_from_db()
    assert mail.state == MailState.DELIVERED


def test_tracking_complaint_is_final(client):
    mail = sent_mail()
    complaint = {
        "RecordType": "SpamComplaint",
        "ID": 43,
        "Type": "SpamComplaint",
        "MessageID": mail.provider_message_id,
        "Email": "anna.schmidt@soest.example",
        "BouncedAt": "2020-06-19T09:10:00Z",
    }

    post_event(client, complaint)
    post_event(client, delivery(mail.provider_message_id, at="2020-06-19T11:00:00Z"))

    mail.refresh_from_db()
    assert mail.state == MailState.COMPLAINED


def test_tracking_opens_are_not_stored(client):
    mail = sent_mail()
    opened = {
        "RecordType": "Open",
        "MessageID": mail.provider_message_id,
        "Recipient": "anna.schmidt@soest.example",
        "ReceivedAt": "2020-06-19T09:30:00Z",
        "UserAgent": "Mozilla/5.0",
    }

    response = post_event(client, opened)

    mail.refresh_from_db()
    assert response.status_code == 200
    assert mail.state == MailState.SENT
    assert MailEvent.objects.count() == 0


def test_tracking_event_for_an_unknown_message_is_acknowledged_and_dropped(client):
    sent_mail()

    response = post_event(client, delivery("00000000-0000-0000-0000-000000000000"))

    assert response.status_code == 200
    assert MailEvent.objects.count() == 0


def test_tracking_event_finds_a_mail_by_its_reference_before_its_message_id_is_stored(client):
    """The webhook can overtake the worker's write of the provider's message id."""
    mail = OutboundMailFactory(state=MailState.SENDING, attempts=1)
    payload = {
        **delivery("b7bc2f4a-e38e-4336-af7d-e6c392c2f817"),
        "Metadata": {"mail_reference": mail.reference},
    }

    post_event(client, payload)

    mail.refresh_from_db()
    assert mail.state == MailState.DELIVERED


@pytest.mark.parametrize("key", ["outbound_mail", "mail_reference"])
def test_tracking_event_naming_a_mail_by_its_row_id_changes_nothing(client, key):
    """Row ids can be counted; a forged event that names one must not bounce that mail."""
    mail = sent_mail()
    forged = {**bounce("00000000-0000-0000-0000-000000000000"), "Metadata": {key: str(mail.pk)}}

    response = post_event(client, forged)

    mail.refresh_from_db()
    assert response.status_code == 200
    assert mail.state == MailState.SENT
    assert MailEvent.objects.count() == 0


def test_tracking_event_with_metadata_of_the_wrong_shape_is_refused(client):
    mail = sent_mail()
    odd = {**bounce("00000000-0000-0000-0000-000000000000"), "Metadata": ["mail_reference"]}

    response = post_event(client, odd)

    mail.refresh_from_db()
    assert (response.status_code, mail.state) == (400, MailState.SENT)


def test_mail_sent_through_anymail_is_tracked_by_its_message_id(
    client, outbox, django_capture_on_commit_callbacks
):
    received = []

    def remember(sender, *, mail, state, **kwargs):
        received.append(state)

    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )
    queued.refresh_from_db()
    mail_state_changed.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, delivery(queued.provider_message_id))
    finally:
        mail_state_changed.disconnect(remember)

    queued.refresh_from_db()
    assert (queued.provider_message_id, queued.state) == ("0", MailState.DELIVERED)
    assert received == [MailState.DELIVERED]
