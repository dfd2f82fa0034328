"""A visitor's registration in a real browser, from the event page to the cancellation,
with the mails in between; axe-core checks the pages a registrant meets."""

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from conferences.enums import EventFormat, EventKind
from registrations import services
from registrations.enums import QuestionKind, RegistrationStatus
from registrations.models import Registration
from tests.e2e.browser import axe_check, mails_to
from tests.factories.conferences import EventFactory, SeriesFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import QuestionFactory, RegistrationSettingsFactory

TITLE = "Digitalisierung der Kommunen in Nordrhein-Westfalen"


@pytest.fixture
def conference(transactional_db):
    """The 2nd Fachkonferenz, online, with one seat left and a waiting list."""
    event = EventFactory(
        title=TITLE,
        slug="fachkonferenz-2031",
        kind=EventKind.CONFERENCE,
        format=EventFormat.ONLINE,
        series=SeriesFactory(name="Fachkonferenz"),
        series_number=2,
        online_access_notes="Einwahl: https://video.land.example/fachkonferenz",
    )
    RegistrationSettingsFactory(event=event, capacity=1)
    QuestionFactory(
        event=event,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Wie nehmen Sie teil?",
        choices=["allein", "mit Kolleginnen und Kollegen"],
        required=True,
    )
    return event


def link_in(message, path_pattern: str) -> str:
    match = re.search(rf"https?://[^/\s]+({path_pattern})", message.body)
    assert match, message.body
    return match.group(1)


def wait_in_line(event, email: str) -> Registration:
    """Someone logged in registers after the seat is taken: they land on the waiting list."""
    user = UserFactory(email=email)
    return services.register_attendee(
        event,
        user=user,
        email=email,
        first_name="Wartende",
        last_name=email.split("@")[0],
        privacy_accepted=True,
        recording_acknowledged=True,
        answers={question.pk: "allein" for question in event.registration_questions.all()},
    )


def test_visitor_registers_confirms_downloads_the_entry_and_cancels(page, conference, outbox):
    page.goto("/veranstaltungen/fachkonferenz-2031/")
    page.get_by_role("link", name="Jetzt anmelden").click()

    page.wait_for_url("**/veranstaltungen/fachkonferenz-2031/anmeldung/")
    axe_check(page)
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika.mustermann@soest.example")
    page.get_by_label("mit Kolleginnen und Kollegen").check()
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen").check()
    page.get_by_label("Ich habe zur Kenntnis genommen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    page.wait_for_url("**/anmeldung/ergebnis/")
    assert page.get_by_text(
        "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail"
    ).is_visible()
    axe_check(page)

    # Two people come after the seat was taken: the waiting list, in this order.
    first = wait_in_line(conference, "first@werl.example")
    second = wait_in_line(conference, "second@lippstadt.example")
    assert (first.status, second.status) == (
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    )

    (opt_in,) = mails_to(outbox, "erika.mustermann@soest.example")
    page.goto(link_in(opt_in, r"/anmeldungen/[A-Za-z0-9_-]+/bestaetigen/"))
    page.get_by_role("button", name="Anmeldung bestätigen").click()

    page.wait_for_selector("text=Vielen Dank. Ihre E-Mail-Adresse ist bestätigt.")
    assert page.get_by_text("Ihre Anmeldung ist bestätigt.").is_visible()
    assert page.get_by_text("Einwahl: https://video.land.example/fachkonferenz").is_visible()
    axe_check(page)
    registration = Registration.objects.get(email="erika.mustermann@soest.example")
    assert registration.status == RegistrationStatus.CONFIRMED

    with page.expect_download() as download:
        page.get_by_role("link", name="In den Kalender eintragen (iCalendar-Datei)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    (vevent,) = calendar.events
    assert download.value.suggested_filename == "fachkonferenz-2031.ics"
    assert (calendar["METHOD"], str(vevent["SUMMARY"]), str(vevent["UID"])) == (
        "PUBLISH",
        TITLE,
        registration.calendar_uid,
    )

    page.get_by_role("link", name="Anmeldung stornieren").click()
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()

    page.wait_for_selector("text=Diese Anmeldung ist storniert.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    subjects = [message.subject for message in mails_to(outbox, "first@werl.example")]
    assert subjects == [f"Warteliste: {TITLE}", f"Ein Platz ist frei geworden: {TITLE}"]
    assert [m.subject for m in mails_to(outbox, "second@lippstadt.example")] == [
        f"Warteliste: {TITLE}"
    ]
    assert [m.subject for m in mails_to(outbox, "erika.mustermann@soest.example")] == [
        f"Bitte bestätigen Sie Ihre Anmeldung: {TITLE}",
        f"Anmeldung bestätigt: {TITLE}",
        f"Anmeldung storniert: {TITLE}",
    ]


def test_registration_form_with_errors_passes_axe(page, conference, outbox):
    page.goto("/veranstaltungen/fachkonferenz-2031/anmeldung/")
    page.get_by_role("button", name="Verbindlich anmelden").click()

    page.wait_for_selector("text=Bitte prüfen Sie Ihre Eingaben.")
    assert page.get_by_text("Bitte geben Sie Ihren Vornamen an.").first.is_visible()
    axe_check(page)


def test_management_page_on_a_small_screen_passes_axe(page, conference, outbox):
    registration = wait_in_line(conference, "erika@soest.example")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"/anmeldungen/{registration.management_token}/")

    assert page.get_by_text("Ihre Anmeldung ist bestätigt.").is_visible()
    axe_check(page)
