"""A municipality's request in Debian's Chromium, and the organiser inbox, checked by axe-core."""

import pytest
from django.core.cache import cache

from directory.models import Municipality
from directory.services import load_reference_data
from registrations.requests.models import RequestStatus, WorkshopRequest
from tests.e2e.browser import axe_check, log_in_by_session
from tests.factories.conferences import OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import add_totp
from tests.factories.requests import RequestNoteFactory, WorkshopRequestFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_request_is_made_by_keyboard_and_mouse_without_accessibility_violations(page):
    from playwright.sync_api import expect

    load_reference_data()
    OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")
    soest = Municipality.objects.get(ags="05974040")

    page.goto("/")
    page.get_by_role("link", name="Workshop oder Beratung anfragen").click()
    expect(page.locator("main h1")).to_have_text("Workshop oder Beratung anfragen")
    axe_check(page)

    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_text("Bitte prüfen Sie Ihre Eingaben.")).to_be_visible()
    expect(page.get_by_text("Bitte wählen Sie Ihre Kommune.")).to_be_visible()
    axe_check(page)

    page.get_by_role("radio", name="Kommunalworkshop").check()
    combobox = page.get_by_role("combobox", name="Kommune")
    combobox.fill("")
    page.keyboard.type("59494")
    page.get_by_role("listbox", name="Kommune").get_by_role("option").first.click()
    expect(combobox).to_have_value("Soest (Kreis Soest)")
    page.get_by_label("Worum soll es gehen?").fill("Digitale Anträge im Bürgerbüro")
    page.get_by_label("Wie viele Personen nehmen voraussichtlich teil?").fill("25")
    page.get_by_label("Ihr Name").fill("Petra Schulte")
    page.get_by_label("Ihre Funktion").fill("Digitalisierungsbeauftragte")
    page.get_by_label("E-Mail-Adresse").fill("p.schulte@soest.example")
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen.").check()
    page.get_by_role("button", name="Anfrage senden").click()

    expect(page.locator("main h1")).to_have_text("Vielen Dank, Ihre Anfrage ist eingegangen.")
    axe_check(page)
    workshop_request = WorkshopRequest.objects.get()
    assert (workshop_request.municipality, workshop_request.message) == (
        soest,
        "Digitale Anträge im Bürgerbüro",
    )


def test_organiser_inbox_detail_and_schedule_pages_have_no_accessibility_violations(
    page, live_server
):
    from playwright.sync_api import expect

    team = OrganiserTeamFactory(name="Geschäftsstelle")
    organiser = TeamMembershipFactory(team=team).user
    add_totp(organiser)
    workshop_request = WorkshopRequestFactory(team=team, municipality__name="Soest")
    RequestNoteFactory(request=workshop_request, author=organiser)
    WorkshopRequestFactory(team=team, status=RequestStatus.DONE)
    log_in_by_session(page, live_server, organiser)

    page.goto("/veranstalten/anfragen/")
    expect(page.locator("main h1")).to_have_text("Anfragen für Workshops und Beratung")
    axe_check(page)

    page.get_by_role("link", name="Soest").first.click()
    expect(page.get_by_role("heading", name="Interne Notizen")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Termin anlegen").click()
    expect(page.get_by_label("Titel")).to_have_value("Kommunalworkshop Soest")
    axe_check(page)
