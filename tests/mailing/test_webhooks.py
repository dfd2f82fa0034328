"""Which tracking webhooks answer, and how they answer posts that are not events."""

import base64
import json

import pytest
from anymail import urls as anymail_urls
from django.test import Client

from mailing.enums import MailState
from mailing.models import MailEvent
from tests.factories.mailing import OutboundMailFactory

pytestmark = pytest.mark.django_db

SECRET = "kommunalforum:webhook-geheimnis"
AUTH = {"Authorization": "Basic " + base64.b64encode(SECRET.encode()).decode()}

# What each provider's webhook needs besides the secret before anymail can build it.
PROVIDER_SETTINGS = {
    "mailersend": {"MAILERSEND_SIGNING_SECRET": "signing-secret"},
    "mailgun": {"MAILGUN_WEBHOOK_SIGNING_KEY": "signing-key"},
    "mandrill": {"MANDRILL_WEBHOOK_KEY": "webhook-key"},
    "postal": {"POSTAL_WEBHOOK_KEY": base64.b64encode(b"not a real public key").decode()},
    "unisender_go": {"UNISENDER_GO_API_KEY": "api-key"},
}
# Every provider with a tracking webhook in anymail, read from anymail itself; Amazon SES
# needs boto3, which is not installed (test_checks covers that the deploy check says so).
PROVIDERS = sorted(
    pattern.name.removesuffix("_tracking_webhook")
    for pattern in anymail_urls.urlpatterns
    if pattern.name.endswith("_tracking_webhook") and pattern.name != "amazon_ses_tracking_webhook"
)
GARBAGE = {
    "broken json": ("application/json", b'{"RecordType": "Bounce", '),
    "json list": ("application/json", b"[1, 2, 3]"),
    "json null": ("application/json", b"null"),
    "json string": ("application/json", b'"Bounce"'),
    "empty": ("application/json", b""),
    "form": ("application/x-www-form-urlencoded", b"event=bounced&message-id"),
    "binary": ("application/octet-stream", b"\xff\xfe\x00\x81garbage"),
}


def configure(settings, provider: str, *, secret: str | None = SECRET) -> None:
    settings.MAIL_PROVIDER = provider
    settings.ANYMAIL = {**PROVIDER_SETTINGS.get(provider, {})}
    if secret:
        settings.ANYMAIL["WEBHOOK_SECRET"] = secret


def forged_bounce(mail) -> bytes:
    """A Postmark bounce that names the mail by id, as the issue's probe did."""
    return json.dumps(
        {
            "RecordType": "Bounce",
            "ID": 1,
            "Type": "HardBounce",
            "MessageID": "00000000-0000-0000-0000-000000000000",
            "Email": mail.recipient,
            "BouncedAt": "2020-06-19T09:05:00Z",
            "Metadata": {"outbound_mail": str(mail.pk), "mail_reference": mail.reference},
        }
    ).encode()


def test_without_a_webhook_secret_the_tracking_webhook_is_not_mounted(client, settings):
    """The probe of issue 7: with no secret a forged post marked a mail bounced."""
    configure(settings, "postmark", secret=None)
    mail = OutboundMailFactory(state=MailState.SENT, attempts=1, provider_message_id="pm-1")

    response = client.post(
        "/anymail/postmark/tracking/", data=forged_bounce(mail), content_type="application/json"
    )

    mail.refresh_from_db()
    assert response.status_code == 404
    assert (mail.state, MailEvent.objects.count()) == (MailState.SENT, 0)


@pytest.mark.parametrize(
    "path",
    [
        "/anymail/mailgun/tracking/",
        "/anymail/brevo/tracking/",
        "/anymail/postmark/inbound/",
        "/anymail/mandrill/",
        "/anymail/unknown/tracking/",
    ],
)
def test_only_the_configured_providers_tracking_webhook_is_mounted(client, settings, path):
    configure(settings, "postmark")

    response = client.post(path, data=b"{}", content_type="application/json", headers=AUTH)

    assert response.status_code == 404


def test_smtp_mail_mounts_no_webhook(client, settings):
    configure(settings, "smtp")

    response = client.post(
        "/anymail/smtp/tracking/", data=b"{}", content_type="application/json", headers=AUTH
    )

    assert response.status_code == 404


@pytest.mark.parametrize("body", GARBAGE.values(), ids=GARBAGE.keys())
@pytest.mark.parametrize("provider", PROVIDERS)
def test_malformed_posts_to_every_provider_webhook_answer_400(client, settings, provider, body):
    configure(settings, provider)
    content_type, data = body

    response = client.post(
        f"/anymail/{provider}/tracking/", data=data, content_type=content_type, headers=AUTH
    )

    assert response.status_code == 400


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_provider_webhook_refuses_a_post_without_the_secret(client, settings, provider):
    configure(settings, provider)
    mail = OutboundMailFactory(state=MailState.SENT, attempts=1, provider_message_id="pm-1")

    response = client.post(
        f"/anymail/{provider}/tracking/", data=forged_bounce(mail), content_type="application/json"
    )

    mail.refresh_from_db()
    assert response.status_code == 400
    assert mail.state == MailState.SENT


def test_the_provider_needs_no_csrf_token(settings):
    """Providers post without cookies or tokens; CSRF protection must not refuse them."""
    configure(settings, "postmark")
    mail = OutboundMailFactory(state=MailState.SENT, attempts=1, provider_message_id="pm-1")
    delivery = {
        "RecordType": "Delivery",
        "MessageID": "pm-1",
        "Recipient": mail.recipient,
        "DeliveredAt": "2020-06-19T09:00:00Z",
    }

    response = Client(enforce_csrf_checks=True).post(
        "/anymail/postmark/tracking/",
        data=json.dumps(delivery),
        content_type="application/json",
        headers=AUTH,
    )

    mail.refresh_from_db()
    assert (response.status_code, mail.state) == (200, MailState.DELIVERED)
