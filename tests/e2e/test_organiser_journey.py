"""An organiser builds a panel in the browser, with keyboard and htmx, and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from conferences.enums import TeamRole
from conferences.models import Event
from sessions.models import SessionSpeaker
from tests.e2e.browser import axe_check, log_in
from tests.factories.conferences import OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PANEL_PEOPLE = [
    ("Mara", "Moderatorin", "Moderation"),
    ("Anna", "Albers", "Podium"),
    ("Ben", "Brandt", "Podium"),
    ("Cem", "Celik", "Podium"),
]


@pytest.fixture
def organiser(transactional_db, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    team = OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")
    user = UserFactory(email="organisation@land.example")
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user, SECRET)
    return user


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def focus_when_settled(page, locator) -> None:
    """Focus ``locator`` once htmx has finished every swap, so no late swap replaces it.

    A swap that settles after ``focus()`` would replace the element, and a key press would
    then land nowhere: wait until htmx is idle and the focus holds.
    """
    for _ in range(50):
        page.wait_for_function("busy => !document.querySelector(busy)", arg=HTMX_BUSY)
        locator.focus()
        page.wait_for_timeout(50)
        if locator.evaluate("element => element === document.activeElement"):
            return
    expect(locator).to_be_focused()


def add_person(page, first: str, last: str, role: str) -> None:
    """Create a speaker in the inline form and put them into the session, by keyboard."""
    form = page.locator("#session-speakers form").filter(has_text="Neue Person anlegen")
    form.get_by_label("Vorname", exact=True).fill(first)
    form.get_by_label("Nachname", exact=True).fill(last)
    form.get_by_label("Einwilligung zur Veröffentlichung liegt vor").check()
    form.get_by_label("Rolle", exact=True).select_option(label=role)
    focus_when_settled(page, form.get_by_role("button", name="Anlegen und eintragen"))
    with page.expect_response(re.compile(r"/personen/neu/$")):
        page.keyboard.press("Enter")
    page.wait_for_function(
        "name => document.activeElement && document.activeElement.textContent.includes(name)",
        arg=f"{first} {last}",
    )
    # The swap also refreshes the timeline; a key pressed before that settles can land on an
    # element that is about to be replaced.
    page.wait_for_load_state("networkidle")


def test_organiser_builds_and_publishes_a_panel_in_order(page, organiser):
    log_in(page, organiser, SECRET)

    page.goto("/veranstalten/")
    page.get_by_role("link", name="Neue Veranstaltung anlegen").click()
    page.get_by_label("Art", exact=True).select_option(label="Fachkonferenz")
    page.get_by_label("Format", exact=True).select_option(label="online")
    page.get_by_label("Titel", exact=True).fill("Digitalisierung der Kommunen")
    page.get_by_label("Beginn", exact=True).fill("2031-06-20T09:30")
    page.get_by_label("Ende", exact=True).fill("2031-06-20T12:15")
    page.get_by_label("Kontakt-E-Mail", exact=True).fill("konferenz@land.example")
    page.get_by_role("button", name="Als Entwurf anlegen").click()
    page.wait_for_url("**/veranstalten/veranstaltungen/digitalisierung-der-kommunen/")

    page.get_by_role("link", name="Programm bearbeiten").click()
    page.get_by_role("link", name="Bühne hinzufügen").click()
    page.get_by_label("Name", exact=True).fill("Livestream")
    page.get_by_role("button", name="Bühne anlegen").click()
    page.wait_for_url("**/programm/")

    page.locator(".kf-editor-toolbar").get_by_role("link", name="Programmpunkt hinzufügen").click()
    page.wait_for_function("() => document.activeElement.id === 'panel-heading'")
    panel = page.locator("#programme-panel")
    panel.get_by_label("Titel", exact=True).fill(
        "Geht Digitalisierung auch in kleineren Kommunen?"
    )
    panel.get_by_label("Art", exact=True).select_option(label="Podiumsdiskussion")
    panel.get_by_label(re.compile(r"^Bühne")).select_option(label="Livestream")
    panel.get_by_label("Beginn", exact=True).fill("09:45")
    panel.get_by_label("Ende", exact=True).fill("10:45")
    panel.get_by_role("button", name="Anlegen").click()
    page.wait_for_selector("#panel-status")
    page.wait_for_function("() => document.activeElement.id === 'panel-status'")

    for first, last, role in PANEL_PEOPLE:
        add_person(page, first, last, role)
    # Cem moves above Ben, with the keyboard.
    page.wait_for_load_state("networkidle")
    move_up = page.get_by_role("button", name=re.compile(r"^nach oben\W+Cem Celik$"))
    focus_when_settled(page, move_up)
    with page.expect_response(re.compile(r"/verschieben/$")):
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id.startsWith('lineup-')")
    assert "Cem Celik" in page.evaluate("() => document.activeElement.textContent")
    assert "Cem Celik steht jetzt an Position 3." in page.locator("#session-speakers").inner_text()

    timeline = page.locator("#programme-timeline").inner_text()
    assert "Mara Moderatorin (Moderation), Anna Albers (Podium), Cem Celik (Podium)" in timeline
    axe_check(page)

    page.goto("/veranstalten/veranstaltungen/digitalisierung-der-kommunen/")
    page.get_by_role("link", name="Veröffentlichen …").click()
    page.get_by_role("button", name="Jetzt veröffentlichen").click()
    page.wait_for_url("**/veranstalten/veranstaltungen/digitalisierung-der-kommunen/")
    assert "Die Veranstaltung ist veröffentlicht." in page.locator("main").inner_text()

    event = Event.objects.get(slug="digitalisierung-der-kommunen")
    assert list(
        SessionSpeaker.objects.filter(session__event=event)
        .order_by("order")
        .values_list("speaker__last_name", flat=True)
    ) == ["Moderatorin", "Albers", "Celik", "Brandt"]
    page.goto(event.get_absolute_url())
    programme = " ".join(page.locator("main").inner_text().split())
    assert "Moderation: Mara Moderatorin; Podium: Anna Albers, Cem Celik, Ben Brandt" in programme


def test_programme_editor_has_no_axe_violations_with_a_session_open(page, organiser):
    from tests.factories.conferences import EventFactory
    from tests.factories.sessions import SessionFactory, SessionSpeakerFactory, StageFactory

    team = organiser.organiser_teams.get()
    event = EventFactory(team=team, slug="fk")
    stage = StageFactory(event=event, name="Livestream")
    session = SessionFactory(event=event, stage=stage, title="Begrüßung")
    SessionSpeakerFactory(session=session, role="welcome")
    log_in(page, organiser, SECRET)

    page.goto("/veranstalten/veranstaltungen/fk/programm/")
    axe_check(page)
    page.get_by_role("link", name="Begrüßung").click()
    page.wait_for_function("() => document.activeElement.id === 'panel-heading'")
    axe_check(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    axe_check(page)
