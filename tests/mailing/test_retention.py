import datetime

import pytest
from django.core.management import call_command

from core import schedule
from mailing.enums import MailState
from mailing.models import MailAttachment, OutboundMail
from mailing.services import purge_mail_bodies, retry_failed_mail
from tests.factories.mailing import MailAttachmentFactory, MailEventFactory, OutboundMailFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)
LINK = "https://kommunalforum.example/anmeldungen/geheimes-token/"


def mail_sent(days_ago: float, **fields) -> OutboundMail:
    sent_at = NOW - datetime.timedelta(days=days_ago)
    mail = OutboundMailFactory(
        recipient="anna.schmidt@soest.example",
        subject="Ihre Anmeldung zur Fachkonferenz",
        text_body=f"Ihre Anmeldung: {LINK}\n",
        html_body=f'<a href="{LINK}">Anmeldung</a>',
        headers={"List-Id": "Fachkonferenz <fachkonferenz.kommunalforum.example>"},
        category="registration",
        **{"state": MailState.DELIVERED, "attempts": 1, "sent_at": sent_at, **fields},
    )
    MailAttachmentFactory(mail=mail)
    return mail


def test_bodies_of_mails_sent_more_than_30_days_ago_are_purged_and_their_metadata_kept():
    old = mail_sent(31)
    MailEventFactory(mail=old)

    purged = purge_mail_bodies(now=NOW)

    old.refresh_from_db()
    assert purged == 1
    assert (old.text_body, old.html_body, old.headers, old.body_purged_at) == ("", "", {}, NOW)
    assert (old.recipient, old.subject, old.category, old.state, old.sent_at) == (
        "anna.schmidt@soest.example",
        "Ihre Anmeldung zur Fachkonferenz",
        "registration",
        MailState.DELIVERED,
        NOW - datetime.timedelta(days=31),
    )
    assert list(old.attachments.values_list("filename", "content")) == [("einladung.ics", b"")]
    assert list(old.events.values_list("event_type", flat=True)) == ["delivered"]


def test_mails_within_the_retention_period_or_still_to_be_sent_keep_their_bodies():
    recent = mail_sent(29)
    queued = OutboundMailFactory(text_body=LINK, state=MailState.QUEUED)
    sending = OutboundMailFactory(text_body=LINK, state=MailState.SENDING)
    OutboundMail.objects.filter(pk__in=[queued.pk, sending.pk]).update(
        updated_at=NOW - datetime.timedelta(days=90)
    )

    purged = purge_mail_bodies(now=NOW)

    assert purged == 0
    assert sorted(OutboundMail.objects.values_list("text_body", flat=True)) == sorted(
        [recent.text_body, LINK, LINK]
    )
    assert MailAttachment.objects.get(mail=recent).content == MailAttachmentFactory.content


def test_a_failed_mail_is_purged_after_the_period_and_can_then_not_be_resent():
    failed = OutboundMailFactory(text_body=LINK, state=MailState.FAILED, attempts=3)
    OutboundMail.objects.filter(pk=failed.pk).update(updated_at=NOW - datetime.timedelta(days=40))

    purge_mail_bodies(now=NOW)

    failed.refresh_from_db()
    assert (failed.text_body, failed.state) == ("", MailState.FAILED)
    assert retry_failed_mail(failed) is False
    failed.refresh_from_db()
    assert failed.state == MailState.FAILED


def test_the_retention_period_follows_the_setting(settings):
    settings.MAIL_BODY_RETENTION_DAYS = 7
    week_old = mail_sent(8)
    day_old = mail_sent(1)

    purge_mail_bodies(now=NOW)

    week_old.refresh_from_db()
    day_old.refresh_from_db()
    assert (week_old.text_body, day_old.text_body) == ("", f"Ihre Anmeldung: {LINK}\n")


def test_a_second_run_leaves_purged_mails_alone():
    mail_sent(31)
    first = purge_mail_bodies(now=NOW)

    second = purge_mail_bodies(now=NOW + datetime.timedelta(hours=1))

    assert (first, second) == (1, 0)
    assert OutboundMail.objects.get().body_purged_at == NOW


def test_the_scheduler_purges_old_bodies():
    old = mail_sent(0)
    OutboundMail.objects.filter(pk=old.pk).update(
        sent_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=31)
    )

    call_command("run_scheduler", "--once")

    old.refresh_from_db()
    assert old.text_body == ""
    assert [job.interval for job in schedule.jobs() if job.name == "mail-body-purge"] == [
        datetime.timedelta(hours=1)
    ]
