import io

import pytest

from mailing.services import queue_mail
from tests.mailing.mailers import IMMEDIATE_TASKS, use_mailer

pytestmark = pytest.mark.django_db

# Longer than a quoted-printable line (76 characters), which Django's console breaks with "=".
LINK = (
    "http://127.0.0.1:8000/anmeldungen/c2VjcmV0LW1hbmFnZW1lbnQtdG9rZW4tZm9yLWFubmEtc2NobWlkdA/"
    "verwalten/?sprache=de"
)
HTML = f'<p>Guten Tag</p><p><a href="{LINK}">Anmeldung ändern</a></p>'
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def console(settings) -> io.StringIO:
    stream = io.StringIO()
    use_mailer(settings, "mailing.backends.ConsoleBackend", stream=stream)
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}
    return stream


def test_console_prints_headers_and_the_decoded_text_with_whole_links(
    console, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung zur Fachkonferenz „Digitalisierung der Kommunen“",
            text=f"Guten Tag Frau Schmidt,\n\nÄnderungen und Abmeldung: {LINK}\n",
            html=HTML,
            idempotency_key="registration:7:confirmed:0",
            attachments=[("einladung.ics", ICS, "text/calendar")],
        )

    printed = [
        line
        for line in console.getvalue().splitlines()
        if not line.startswith(("Date: ", "Message-ID: "))
    ]
    assert printed == [
        "Subject: Ihre Anmeldung zur Fachkonferenz „Digitalisierung der Kommunen“",
        "From: Kommunalforum <noreply@kommunalforum.example>",
        "To: anna.schmidt@soest.example",
        "Auto-Submitted: auto-generated",
        "X-Kommunalforum-Mail: registration:7:confirmed:0",
        "",
        "Guten Tag Frau Schmidt,",
        "",
        f"Änderungen und Abmeldung: {LINK}",
        "",
        "[alternative: text/html]",
        "[attachment einladung.ics: text/calendar]",
        "-" * 79,
    ]


def test_console_prints_a_plain_mail_without_a_parts_list(
    console, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihr Anmeldecode",
            text="Ihr Code: 123456\n",
            idempotency_key="login:1",
        )

    assert console.getvalue().split("\n\n", 1)[1] == "Ihr Code: 123456\n" + "-" * 79 + "\n"
