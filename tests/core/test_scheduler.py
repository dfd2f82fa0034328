import datetime

import pytest
from django.core.management import call_command

from core import schedule
from mailing.enums import MailState
from mailing.models import OutboundMail
from tests.factories.mailing import OutboundMailFactory

pytestmark = pytest.mark.django_db


def test_scheduler_knows_the_periodic_jobs_of_the_apps():
    names = {job.name for job in schedule.jobs()}
    assert {"mail-recovery", "registration-expiry"} <= names


def test_scheduler_once_re_enqueues_a_stuck_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    stuck = OutboundMailFactory(state=MailState.QUEUED)
    OutboundMail.objects.filter(pk=stuck.pk).update(
        updated_at=datetime.datetime(2020, 6, 19, tzinfo=datetime.UTC),
        created_at=datetime.datetime(2020, 6, 19, tzinfo=datetime.UTC),
    )
    call_command("run_scheduler", "--once")
    stuck.refresh_from_db()
    assert stuck.state == MailState.SENT
