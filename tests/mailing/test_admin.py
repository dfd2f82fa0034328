import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailing.enums import MailState
from tests.factories.core import UserFactory, add_totp
from tests.factories.mailing import MailAttachmentFactory, MailEventFactory, OutboundMailFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/mailing/outboundmail/"


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    add_totp(admin)
    client.force_login(admin)
    return client


def changelist_queries(client, url: str = CHANGELIST) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_outbox_changelist_query_count_does_not_grow_with_mails(admin_client):
    OutboundMailFactory()
    one = changelist_queries(admin_client)
    OutboundMailFactory.create_batch(9)

    assert changelist_queries(admin_client) == one


def test_outbox_changelist_filters_by_state_and_searches_the_recipient(admin_client):
    OutboundMailFactory(recipient="anna.schmidt@soest.example", state=MailState.FAILED)
    OutboundMailFactory(recipient="jan.becker@paderborn.example", state=MailState.FAILED)
    OutboundMailFactory(recipient="anna.schmidt@soest.example", state=MailState.SENT)

    response = admin_client.get(CHANGELIST, {"state__exact": "failed", "q": "soest"})

    assert response.status_code == 200
    assert [mail.recipient for mail in response.context["cl"].result_list] == [
        "anna.schmidt@soest.example"
    ]
    assert response.context["cl"].result_list[0].state == MailState.FAILED


def test_outbox_change_page_shows_the_mail_read_only(admin_client):
    mail = OutboundMailFactory(
        state=MailState.SENT, text_body="Guten Tag,\nSie sind angemeldet.", html_body="<p>Hi</p>"
    )
    MailAttachmentFactory(mail=mail)
    MailEventFactory(mail=mail, description="Zugestellt an mx.soest.example")

    response = admin_client.get(f"{CHANGELIST}{mail.pk}/change/")

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    html = response.text
    assert "Sie sind angemeldet." in html
    assert "&lt;p&gt;Hi&lt;/p&gt;" in html
    assert "einladung.ics" in html
    assert "Zugestellt an mx.soest.example" in html
    assert 'name="_save"' not in html


def test_outbox_cannot_be_added_to_by_hand(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_resend_action_requeues_only_failed_mails(
    admin_client, outbox, django_capture_on_commit_callbacks
):
    failed = OutboundMailFactory(state=MailState.FAILED, attempts=1, last_error="Timeout")
    sent = OutboundMailFactory(state=MailState.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST,
            {"action": "resend_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert [str(message) for message in response.context["messages"]] == [
        "1 Mail wird erneut gesendet.",
        "1 Mail übersprungen: nur fehlgeschlagene mit erhaltenem Inhalt werden erneut gesendet.",
    ]
    assert (failed.state, failed.attempts) == (MailState.SENT, 2)
    assert (sent.state, sent.attempts) == (MailState.SENT, 1)
    assert [message.to for message in outbox] == [[failed.recipient]]
