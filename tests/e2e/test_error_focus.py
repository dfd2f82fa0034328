"""After a failed submit, keyboard focus lands on the error summary (static/js/error-summary.js);
without JavaScript the same page still shows the summary and the field errors."""

import pytest

from conferences.enums import EventFormat
from registrations.enums import QuestionKind
from tests.factories.conferences import EventFactory, OrganiserTeamFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import QuestionFactory, RegistrationSettingsFactory

FOCUSED = """() => [
    document.activeElement.id,
    document.activeElement.querySelector(".kern-title")?.textContent.trim() ?? null,
]"""


@pytest.fixture
def event(transactional_db):
    event = EventFactory(slug="fachkonferenz", format=EventFormat.ONLINE)
    RegistrationSettingsFactory(event=event)
    QuestionFactory(
        event=event,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Wie nehmen Sie teil?",
        choices=["allein", "mit Kolleginnen und Kollegen"],
        required=True,
    )
    return event


def test_failed_registration_moves_focus_to_the_error_summary(page, event):
    page.goto("/veranstaltungen/fachkonferenz/anmeldung/")
    assert page.evaluate("document.activeElement.tagName") == "BODY"

    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.wait_for_selector("#form-errors")

    assert page.evaluate(FOCUSED) == ["form-errors", "Bitte prüfen Sie Ihre Eingaben."]
    # The summary's links lead on to the fields, the radio group to its first radio.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Vorname: ")
    radio_link = page.locator("#form-errors a", has_text="Wie nehmen Sie teil?")
    radio_link.click()
    assert page.evaluate("document.activeElement.type") == "radio"


def test_failed_request_moves_focus_to_the_error_summary(page, transactional_db):
    OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")
    page.goto("/anfragen/neu/")

    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#form-errors")

    assert page.evaluate(FOCUSED) == ["form-errors", "Bitte prüfen Sie Ihre Eingaben."]


def test_failed_login_moves_focus_to_the_error_summary(page, transactional_db):
    UserFactory(email="teilnahme@soest.example")
    page.goto("/konto/login/")
    page.fill('input[name="login"]', "teilnahme@soest.example")
    page.fill('input[name="password"]', "falsches-passwort")

    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("[data-kf-error-summary]")

    assert page.evaluate(FOCUSED)[1] == "Bitte prüfen Sie Ihre Eingaben."
    assert page.evaluate("document.activeElement.hasAttribute('data-kf-error-summary')")


def test_failed_registration_without_javascript_still_shows_the_errors(
    browser, live_server, event
):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/veranstaltungen/fachkonferenz/anmeldung/")
        page.get_by_role("button", name="Verbindlich anmelden").click()
        page.wait_for_selector("#form-errors")

        assert page.locator("#form-errors .kern-title").inner_text() == (
            "Bitte prüfen Sie Ihre Eingaben."
        )
        assert page.get_by_text("Bitte geben Sie Ihren Vornamen an.").first.is_visible()
        assert page.evaluate("document.activeElement.tagName") == "BODY"
    finally:
        context.close()
