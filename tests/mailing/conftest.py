from pathlib import Path

import pytest
from django.core import mail

from tests.mailing.mailers import ANYMAIL_TEST_BACKEND, IMMEDIATE_TASKS, use_mailer


@pytest.fixture
def outbox(settings) -> list:
    """Run tasks at once and send through anymail's test backend; return the sent messages.

    Tasks still start only after commit: wrap the action in
    ``django_capture_on_commit_callbacks(execute=True)``. anymail's test backend appends each
    sent message to ``django.core.mail.outbox``, with its parsed send parameters in
    ``message.anymail_test_params``.
    """
    use_mailer(settings, ANYMAIL_TEST_BACKEND)
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def mail_templates(settings) -> None:
    """Make the example mail templates in tests/mailing/templates loadable."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]
