"""An organiser approves a registration for an approval-only workshop, in the browser; the
registrations list and the settings page pass axe-core's WCAG 2.1 A/AA rules."""

import re

import pytest

from conferences.enums import EventFormat, EventKind, TeamRole
from registrations import services
from registrations.enums import QuestionKind, RegistrationStatus
from registrations.models import Registration
from tests.e2e.browser import axe_check, log_in, mails_to
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.directory import MunicipalityFactory
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionOptionFactory,
)
from tests.factories.sessions import SessionFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def organiser(transactional_db, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    team = OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")
    user = UserFactory(email="organisation@land.example")
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user, SECRET)
    return user


@pytest.fixture
def workshop(organiser):
    soest = MunicipalityFactory(name="Soest")
    event = EventFactory(
        team=organiser.team_memberships.get().team,
        kind=EventKind.WORKSHOP,
        format=EventFormat.IN_PERSON,
        title="Kommunalworkshop Soest",
        slug="kommunalworkshop-soest",
        host_municipality=soest,
        venue_name="Rathaus Soest",
        venue_city="Soest",
    )
    RegistrationSettingsFactory(event=event, capacity=20, approval_required=True)
    QuestionFactory(
        event=event,
        label="Welches Thema interessiert Sie?",
        kind=QuestionKind.SINGLE_CHOICE,
        choices=["Digitale Bauakte", "Ratsinformationssystem"],
    )
    SessionOptionFactory(
        event=event,
        session=SessionFactory(event=event, title="Arbeitsgruppe Bauakte"),
        capacity=10,
    )
    RegistrationFactory(event=event, first_name="Ben", last_name="Brandt", municipality=soest)
    return event


def test_organiser_approves_a_registration_for_an_approval_only_workshop(
    page, organiser, workshop, outbox
):
    registrant = UserFactory(email="anna.albers@soest.de", first_name="Anna", last_name="Albers")
    registration = services.register_attendee(
        workshop,
        email=registrant.email,
        first_name="Anna",
        last_name="Albers",
        user=registrant,
        municipality=workshop.host_municipality,
        organisation_name="Stadt Soest",
        answers={},
        privacy_accepted=True,
    )
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL
    log_in(page, organiser, SECRET)

    page.goto("/veranstalten/veranstaltungen/kommunalworkshop-soest/")
    page.get_by_role("link", name="Anmeldungen", exact=True).click()
    page.wait_for_url("**/anmeldungen/")
    axe_check(page)
    page.get_by_label(re.compile(r"^Status")).select_option(label="wartet auf Freigabe")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url(re.compile(r"status=awaiting_approval"))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Albers, Anna" in rows.first.inner_text()

    page.get_by_role("button", name=re.compile(r"^Freigeben\W+Anna Albers$")).click()
    page.wait_for_selector("h1:has-text('Anmeldung freigeben')")
    axe_check(page)
    page.get_by_role("button", name="Freigeben", exact=True).click()
    page.wait_for_url(re.compile(r"/anmeldungen/\?.*status=awaiting_approval"))

    main = " ".join(page.locator("main").inner_text().split())
    assert "Anna Albers ist freigegeben (Status: bestätigt)." in main
    assert "Keine Anmeldung passt zu den Filtern." in main
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [message.subject for message in mails_to(outbox, "anna.albers@soest.de")] == [
        "Anmeldung eingegangen: Kommunalworkshop Soest",
        "Anmeldung bestätigt: Kommunalworkshop Soest",
    ]


def test_registration_settings_page_has_no_axe_violations(page, organiser, workshop):
    log_in(page, organiser, SECRET)

    page.goto("/veranstalten/veranstaltungen/kommunalworkshop-soest/anmeldungen/einstellungen/")
    axe_check(page)

    page.get_by_label("Plätze – optional", exact=True).fill("0")
    page.get_by_role("button", name="Einstellungen speichern").click()
    page.wait_for_load_state()
    assert (
        "Die Zahl der Plätze kann nicht unter 1 sinken: so viele Plätze sind bereits vergeben."
        in page.locator("main").inner_text()
    )
    axe_check(page)
    assert Registration.objects.filter(event=workshop).count() == 1


def test_statistics_and_check_in_pages_have_no_axe_violations(page, organiser, workshop):
    log_in(page, organiser, SECRET)

    page.goto("/veranstalten/veranstaltungen/kommunalworkshop-soest/anmeldungen/statistik/")
    page.locator("details").first.locator("summary").click()
    axe_check(page)
    page.goto("/veranstalten/veranstaltungen/kommunalworkshop-soest/anmeldungen/einlass/?q=Brandt")
    axe_check(page)
    page.get_by_role("button", name=re.compile(r"^Einchecken\W+Ben Brandt$")).click()
    page.wait_for_load_state()
    assert "1 von 1 bestätigten Personen sind eingecheckt." in page.locator("main").inner_text()
