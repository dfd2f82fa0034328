"""Reflow (WCAG 2.1 SC 1.4.10): every page fits a 320 px wide screen without scrolling sideways.

The pages are those the accessibility tests visit (public, registrant and organiser pages), here
with the long German words, addresses and e-mail addresses real events have. Content may be
wider than the screen only inside a scroll container (a data table in its labelled region).
"""

import datetime
import zoneinfo
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from conferences.enums import EventFormat, EventKind, TeamRole
from directory.enums import MunicipalityType, OrganisationType
from registrations.checkin import checkin_token
from registrations.enums import QuestionKind, RegistrationStatus
from sessions.enums import SessionKind, SpeakerRole
from tests.e2e.browser import log_in
from tests.factories.conferences import (
    EventFactory,
    OrganiserTeamFactory,
    SeriesFactory,
    TeamMembershipFactory,
)
from tests.factories.core import UserFactory, add_totp
from tests.factories.directory import MunicipalityFactory
from tests.factories.registrations import (
    AnswerFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionChoiceFactory,
    SessionOptionFactory,
)
from tests.factories.requests import WorkshopRequestFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WIDTH = 320
TITLE = "Informationssicherheitsmanagement in Kommunalverwaltungen Nordrhein-Westfalens"
LONG_EMAIL = "digitalisierungsbeauftragte@kreisverwaltung-hochsauerlandkreis.example"

# The innermost elements that reach past the right edge of the screen, with their box or with
# text that spills out of it, unless an ancestor scrolls or clips them. Elements that end left of
# the screen (the skip link until it gets focus) cannot widen it.
OVERFLOWING_ELEMENTS = """() => {
    const width = document.documentElement.clientWidth;
    // An absolutely positioned element escapes a scroll container that is not (inside) its
    // containing block, and then widens the page after all.
    const contained = (element) => {
        const absolute = ["absolute", "fixed"].includes(getComputedStyle(element).position);
        const block = element.offsetParent;
        for (let node = element.parentElement; node && node !== document.body;
             node = node.parentElement) {
            if (absolute && !(block && (node === block || node.contains(block)))) continue;
            if (getComputedStyle(node).overflowX !== "visible") return true;
        }
        return false;
    };
    const rightEdge = (element) => {
        const box = element.getBoundingClientRect();
        if (getComputedStyle(element).overflowX !== "visible") return box.right;
        return Math.max(box.right, box.left + element.scrollWidth);
    };
    const describe = (element) => {
        const id = element.id ? "#" + element.id : "";
        const classes = [...element.classList].slice(0, 2).map((c) => "." + c).join("");
        const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
        const right = Math.round(rightEdge(element));
        return `${element.tagName.toLowerCase()}${id}${classes} (to ${right} px) "${text}"`;
    };
    const wide = [...document.body.querySelectorAll("*")].filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > 0 && rightEdge(element) > width + 0.5
            && !contained(element);
    });
    const innermost = wide.filter((element) => !wide.some(
        (other) => other !== element && element.contains(other)));
    return innermost.slice(0, 4).map(describe);
}"""


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2031, 6, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def site(transactional_db, settings):
    """An organiser team with a hybrid conference at a long address, its programme, options,
    questions and registrations, a workshop request, and the organiser's own registration."""
    settings.MFA_TOTP_TOLERANCE = 1
    # Transactional tests start from empty tables: seed the legal pages as the migration does.
    import_module("core.migrations.0002_seed_legal_pages").seed(django_apps, None)
    team = OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")
    organiser = UserFactory(email="organisation@land.example", first_name="Olga", last_name="Org")
    TeamMembershipFactory(team=team, user=organiser, role=TeamRole.ORGANISER)
    add_totp(organiser, SECRET)
    municipality = MunicipalityFactory(
        name="Hochsauerlandkreisverwaltungsgemeinde", type=MunicipalityType.CITY
    )
    event = EventFactory(
        team=team,
        title=TITLE,
        slug="fachkonferenz",
        kind=EventKind.CONFERENCE,
        format=EventFormat.HYBRID,
        series=SeriesFactory(name="Fachkonferenz Digitalisierung", team=team),
        series_number=2,
        venue_name="Bürgerbegegnungsstätte und Veranstaltungszentrum Oberstadtfeld",
        venue_street="Oberbürgermeister-Schmöckel-Straße 123",
        venue_postal_code="59494",
        venue_city="Soest",
        venue_accessibility="Stufenloser Zugang über den Seiteneingang Kirchplatzstraße.",
        online_access_notes="Einwahl: https://videokonferenz.land-nordrhein-westfalen.example/"
        "fachkonferenz-informationssicherheit-2031",
        contact_email=LONG_EMAIL,
        starts_at=at(20, 10),
        ends_at=at(20, 16),
        description="<p>Mit der Ministerin für Wirtschaft und Digitalisierung.</p>",
        host_municipality=municipality,
    )
    RegistrationSettingsFactory(event=event, capacity=100)
    stage = StageFactory(event=event, name="Großer Saal der Bürgerbegegnungsstätte", order=0)
    panel = SessionFactory(
        event=event,
        stage=stage,
        kind=SessionKind.PANEL,
        title="Datenschutzfolgenabschätzung und Informationssicherheitsleitlinien",
        slug="panel-1",
        starts_at=at(20, 10, 15),
        ends_at=at(20, 11, 30),
        live_qa=True,
    )
    speaker = SpeakerFactory(
        team=team,
        slug="mara",
        first_name="Mara",
        last_name="Moderatorin-Schmidt-Hohenstein",
        consent_to_show=True,
        bio="Leitet die Stabsstelle Verwaltungsdigitalisierung.",
    )
    SessionSpeakerFactory(session=panel, speaker=speaker, role=SpeakerRole.MODERATOR)
    option = SessionOptionFactory(event=event, session=panel, capacity=30)
    question = QuestionFactory(
        event=event,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Welche Fachanwendungsverfahren nutzt Ihre Verwaltung?",
        choices=["Ratsinformationssystem", "Dokumentenmanagementsystem"],
        required=True,
    )
    registration = RegistrationFactory(
        event=event,
        first_name="Erika",
        last_name="Mustermann-Oberhausen",
        email=LONG_EMAIL,
        municipality=municipality,
        organisation_name="Kreisverwaltung Hochsauerlandkreis, Stabsstelle Digitalisierung",
        organisation_type=OrganisationType.MUNICIPALITY,
    )
    AnswerFactory(registration=registration, question=question, value="Ratsinformationssystem")
    SessionChoiceFactory(registration=registration, option=option)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.AWAITING_APPROVAL)
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, user=organiser, email=organiser.email)
    request = WorkshopRequestFactory(
        team=team, municipality=municipality, email=LONG_EMAIL, contact_name="Petra Schulte"
    )
    return {
        "organiser": organiser,
        "event": event,
        "team": team,
        "stage": stage,
        "session": panel,
        "option": option,
        "question": question,
        "registration": registration,
        "cancelled": cancelled,
        "waiting": waiting,
        "request": request,
    }


def public_paths(site) -> list[str]:
    token = site["registration"].management_token
    return [
        "/",
        "/en/",
        "/konto/login/",
        "/konto/signup/",
        "/veranstaltungen/",
        "/veranstaltungen/?kind=conference&date_from=2031-01-01",
        "/veranstaltungen/archiv/",
        "/veranstaltungen/fachkonferenz/",
        "/en/veranstaltungen/fachkonferenz/",
        "/veranstaltungen/fachkonferenz/programm/panel-1/",
        "/referierende/mara/",
        "/veranstaltungen/fachkonferenz/anmeldung/",
        f"/anmeldungen/{token}/",
        f"/anmeldungen/{token}/antworten/",
        f"/anmeldungen/{token}/stornieren/",
        f"/anmeldungen/{site['cancelled'].management_token}/",
        "/anfragen/neu/",
        "/ueber-die-daten/",
        "/seite/datenschutz/",
        "/seite/barrierefreiheit/",
    ]


def organiser_paths(site) -> list[str]:
    event = "/veranstalten/veranstaltungen/fachkonferenz/"
    registrations = event + "anmeldungen/"
    registration = site["registration"]
    team = site["team"].pk
    return [
        "/meine-anmeldungen/",
        "/profil/",
        "/veranstalten/",
        "/veranstalten/veranstaltungen/neu/",
        event,
        event + "bearbeiten/",
        event + "veroeffentlichen/",
        event + "absagen/",
        event + "aenderungen/",
        event + "duplizieren/",
        f"/veranstalten/teams/{team}/",
        f"/veranstalten/teams/{team}/referierende/",
        f"/veranstalten/teams/{team}/referierende/neu/",
        "/veranstalten/referierende/mara/",
        event + "programm/",
        event + "programm/neu/",
        event + f"programm/{site['session'].pk}/",
        event + "buehnen/neu/",
        event + f"buehnen/{site['stage'].pk}/",
        registrations,
        registrations + "neu/",
        registrations + f"{registration.pk}/",
        registrations + f"{site['waiting'].pk}/freigeben/",
        registrations + "teilnahmeliste/",
        registrations + "einstellungen/",
        registrations + "programmpunkte/neu/",
        registrations + f"programmpunkte/{site['option'].pk}/",
        registrations + "fragen/neu/",
        registrations + f"fragen/{site['question'].pk}/",
        registrations + "einlass/?q=Mustermann",
        registrations + f"einlass/{checkin_token(registration)}/",
        registrations + "statistik/",
        "/veranstalten/anfragen/",
        f"/veranstalten/anfragen/{site['request'].pk}/",
        f"/veranstalten/anfragen/{site['request'].pk}/termin/",
        "/konto/2fa/",
    ]


def overflow_on(page, path: str) -> str | None:
    """Visit ``path`` at 320 px and describe what makes it scroll sideways, if anything."""
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    elements = page.evaluate(OVERFLOWING_ELEMENTS)
    if scroll_width <= WIDTH and not elements:
        return None
    return f"{path}: scrollWidth {scroll_width} px; " + "; ".join(elements)


def test_every_page_reflows_to_320_px_without_sideways_scrolling(page, site):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    offenders = [overflow_on(page, path) for path in public_paths(site)]
    log_in(page, site["organiser"], SECRET)
    offenders += [overflow_on(page, path) for path in organiser_paths(site)]

    offenders = [offender for offender in offenders if offender]
    assert offenders == [], f"{len(offenders)} page(s) scroll sideways at {WIDTH} px:\n" + (
        "\n".join(offenders)
    )


def test_registration_form_with_errors_reflows_to_320_px(page, site):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/veranstaltungen/fachkonferenz/anmeldung/")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.wait_for_selector("text=Bitte prüfen Sie Ihre Eingaben.")

    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate(OVERFLOWING_ELEMENTS) == []


def test_checkbox_hint_sits_under_its_label(page, site):
    """The Live-Fragen hint in the session editor reads as lines, not one word per line."""
    log_in(page, site["organiser"], SECRET)
    page.goto(f"/veranstalten/veranstaltungen/fachkonferenz/programm/{site['session'].pk}/")

    label = page.locator("label[for=id_live_qa]").bounding_box()
    hint = page.locator("#id_live_qa_helptext").bounding_box()
    assert hint["x"] >= label["x"]
    assert hint["height"] < 3 * label["height"], (label, hint)
