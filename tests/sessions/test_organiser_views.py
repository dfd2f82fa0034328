"""The programme editor as plain pages and through htmx, speakers, and copying an event."""

import datetime
import io
import json
import re
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from conferences.enums import EventStatus, TeamRole
from conferences.models import Event
from sessions.models import Session, SessionSpeaker, Speaker
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.sessions import SessionFactory, SpeakerFactory, StageFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "programme-panel"}


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2020, 6, 19, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def team():
    return OrganiserTeamFactory()


@pytest.fixture
def organiser_client(client, team):
    user = UserFactory()
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user)
    client.force_login(user)
    return client


@pytest.fixture
def event(team):
    return EventFactory(
        team=team, slug="fk", title="2. Fachkonferenz", starts_at=at(9, 30), ends_at=at(12, 15)
    )


@pytest.fixture
def stage(event):
    return StageFactory(event=event, name="Livestream", order=1)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main_text(response) -> str:
    html = response.content.decode()
    return text(html[html.index("<main") : html.index("</main>")])


def session_data(stage, **overrides) -> dict:
    data = {
        "kind": "panel",
        "title": "Geht Digitalisierung auch in kleineren Kommunen?",
        "stage": stage.pk if stage else "",
        "day": "2020-06-19",
        "start_time": "09:45",
        "end_time": "10:45",
        "abstract": "",
        "language": "de",
        "slug": "",
    }
    return {**data, **overrides}


def test_programme_shows_a_timeline_with_stages_as_columns(organiser_client, event, stage):
    room = StageFactory(event=event, name="Raum 2", order=2)
    SessionFactory(
        event=event, stage=stage, title="Begrüßung", starts_at=at(9, 30), ends_at=at(9, 45)
    )
    SessionFactory(
        event=event, stage=room, title="Workshop", starts_at=at(9, 30), ends_at=at(10, 45)
    )

    response = organiser_client.get("/veranstalten/veranstaltungen/fk/programm/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Freitag, 19. Juni 2020" in main_text(response)
    # Rows are the distinct times 09:30, 09:45, 10:45 → grid lines 2, 3, 4.
    assert re.findall(
        r'class="kf-timeline__time kf-tl-c-1 kf-tl-rs-(\d+) kf-tl-re-(\d+)"', html
    ) == [
        ("2", "3"),
        ("3", "4"),
        ("4", "5"),
    ]
    placements = re.findall(
        r'kf-timeline__item kf-timeline__item--\w+ kf-tl-c-(\d+) kf-tl-rs-(\d+) kf-tl-re-(\d+)"'
        r"[^>]*>.*?<a [^>]*>([^<]+)</a>",
        html,
        flags=re.S,
    )
    assert placements == [("2", "2", "3", "Begrüßung"), ("3", "2", "4", "Workshop")]


def test_programme_runs_the_same_number_of_queries_for_3_and_30_sessions(
    organiser_client, event, stage
):
    def add_sessions(count, offset):
        for n in range(count):
            start = at(9, 30) + datetime.timedelta(minutes=5 * (n + offset))
            session = SessionFactory(
                event=event,
                stage=stage,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=5),
            )
            SessionSpeaker.objects.create(
                session=session, speaker=SpeakerFactory(team=event.team), role="presenter"
            )

    add_sessions(3, 0)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get("/veranstalten/veranstaltungen/fk/programm/")
    add_sessions(27, 3)

    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get("/veranstalten/veranstaltungen/fk/programm/")

    assert response.status_code == 200
    assert main_text(response).count("(Vortrag)") == 30
    assert len(many) == len(few)


def test_session_create_without_js_redirects_to_the_session_page(organiser_client, event, stage):
    response = organiser_client.post(
        "/veranstalten/veranstaltungen/fk/programm/neu/", session_data(stage)
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == f"/veranstalten/veranstaltungen/fk/programm/{session.pk}/"
    assert (session.starts_at, session.ends_at, session.stage) == (at(9, 45), at(10, 45), stage)


def test_session_form_loads_into_the_panel_with_htmx(organiser_client, event, stage):
    response = organiser_client.get("/veranstalten/veranstaltungen/fk/programm/neu/", **HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert 'id="panel-heading"' in html
    assert 'hx-post="/veranstalten/veranstaltungen/fk/programm/neu/"' in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "kf:focus": {"selector": "#panel-heading"}
    }


def test_session_create_with_htmx_answers_with_panel_and_timeline(organiser_client, event, stage):
    response = organiser_client.post(
        "/veranstalten/veranstaltungen/fk/programm/neu/", session_data(stage), **HTMX
    )

    html = response.content.decode()
    session = Session.objects.get()
    assert f"Programmpunkt bearbeiten: {session.title}" in text(html)
    assert '<div id="programme-timeline" class="kf-programme" hx-swap-oob="true">' in html
    assert 'id="session-speakers"' in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "kf:focus": {"selector": "#panel-status"}
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"start_time": "09:00"},
            "Der Programmpunkt muss innerhalb der Veranstaltung liegen "
            "(19.06.2020, 09:30–12:15 Uhr).",
        ),
        ({"end_time": "09:40"}, "Das Ende muss nach dem Beginn liegen."),
        (
            {"start_time": "09:30"},
            "Auf der Bühne „Livestream“ findet zu dieser Zeit schon „Begrüßung“ statt "
            "(19.06.2020, 09:30–09:45 Uhr).",
        ),
    ],
    ids=["outside", "end-before-start", "overlap"],
)
def test_session_errors_are_announced_in_the_panel(
    organiser_client, event, stage, overrides, message
):
    SessionFactory(
        event=event, stage=stage, title="Begrüßung", starts_at=at(9, 30), ends_at=at(9, 45)
    )

    response = organiser_client.post(
        "/veranstalten/veranstaltungen/fk/programm/neu/", session_data(stage, **overrides), **HTMX
    )

    html = response.content.decode()
    assert 'role="alert" id="panel-errors"' in html
    assert message in text(html)
    assert re.search(r'role="alert">[^<]*' + re.escape(message), html)
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "kf:focus": {"selector": "#panel-errors"}
    }
    assert Session.objects.count() == 1


def test_session_edit_changes_time_and_shows_a_double_booking(organiser_client, event, stage):
    room = StageFactory(event=event, name="Raum 2")
    minister = SpeakerFactory(team=event.team, first_name="Andreas", last_name="Pinkwart")
    welcome = SessionFactory(
        event=event, stage=stage, title="Begrüßung", starts_at=at(9, 30), ends_at=at(9, 45)
    )
    talk = SessionFactory(
        event=event, stage=room, title="Vortrag", starts_at=at(10), ends_at=at(11)
    )
    for session in (welcome, talk):
        SessionSpeaker.objects.create(session=session, speaker=minister, role="keynote")

    response = organiser_client.post(
        f"/veranstalten/veranstaltungen/fk/programm/{talk.pk}/",
        session_data(room, title="Vortrag", start_time="09:40", end_time="10:30", kind="talk"),
        **HTMX,
    )

    html = response.content.decode()
    talk.refresh_from_db()
    assert (talk.starts_at, talk.sequence) == (at(9, 40), 1)
    assert (
        "Andreas Pinkwart ist zur selben Zeit auch für „Begrüßung“ eingeplant "
        "(19.06.2020, 09:30–09:45 Uhr, 2. Fachkonferenz)."
    ) in text(html)
    assert "Achtung, zur selben Zeit auch anderswo eingeplant: Andreas Pinkwart" in text(html)


def test_lineup_add_move_and_remove_through_htmx(organiser_client, event, stage):
    panel = SessionFactory(event=event, stage=stage, kind="panel")
    base = f"/veranstalten/veranstaltungen/fk/programm/{panel.pk}/personen/"
    people = [SpeakerFactory(team=event.team, last_name=name) for name in ("Mod", "A", "B", "C")]
    organiser_client.post(base, {"speaker": people[0].pk, "role": "moderator"}, **HTMX)
    for person in people[1:]:
        response = organiser_client.post(base, {"speaker": person.pk, "role": "panelist"}, **HTMX)
    last = SessionSpeaker.objects.get(session=panel, speaker=people[3])

    moved = organiser_client.post(f"{base}{last.pk}/verschieben/", {"direction": "up"}, **HTMX)
    first_panelist = SessionSpeaker.objects.get(session=panel, speaker=people[1])
    organiser_client.post(f"{base}{first_panelist.pk}/entfernen/", **HTMX)

    assert json.loads(response["HX-Trigger-After-Settle"])["kf:focus"]["selector"].startswith(
        "#lineup-"
    )
    assert f"{people[3].display_name} steht jetzt an Position 3." in text(moved.content.decode())
    assert json.loads(moved["HX-Trigger-After-Settle"]) == {
        "kf:focus": {"selector": f"#lineup-{last.pk}"}
    }
    assert list(
        SessionSpeaker.objects.filter(session=panel)
        .order_by("order")
        .values_list("speaker__last_name", "role", "order")
    ) == [("Mod", "moderator", 0), ("C", "panelist", 1), ("B", "panelist", 2)]


def test_lineup_move_without_js_redirects_back_to_the_session(organiser_client, event, stage):
    panel = SessionFactory(event=event, stage=stage)
    entries = [
        SessionSpeaker.objects.create(
            session=panel, speaker=SpeakerFactory(team=event.team), role="panelist", order=n
        )
        for n in range(2)
    ]

    response = organiser_client.post(
        f"/veranstalten/veranstaltungen/fk/programm/{panel.pk}/personen/{entries[1].pk}/verschieben/",
        {"direction": "up"},
    )

    assert response.status_code == 302
    assert response.url == f"/veranstalten/veranstaltungen/fk/programm/{panel.pk}/#personen"
    assert list(SessionSpeaker.objects.filter(session=panel).order_by("order")) == [
        entries[1],
        entries[0],
    ]


def test_new_speaker_is_created_inline_and_added_to_the_session(organiser_client, event, stage):
    panel = SessionFactory(event=event, stage=stage)

    response = organiser_client.post(
        f"/veranstalten/veranstaltungen/fk/programm/{panel.pk}/personen/neu/",
        {
            "new-academic_title": "Dr.",
            "new-first_name": "Jana",
            "new-last_name": "Beispiel",
            "new-function": "CDO",
            "new-organisation": "Kreis Soest",
            "new-consent_to_show": "on",
            "new-role": "moderator",
        },
        **HTMX,
    )

    speaker = Speaker.objects.get(last_name="Beispiel")
    assert (speaker.team, speaker.consent_to_show, speaker.slug) == (
        event.team,
        True,
        "jana-beispiel",
    )
    assert "Dr. Jana Beispiel ist angelegt und als Moderation eingetragen." in text(
        response.content.decode()
    )
    assert SessionSpeaker.objects.get(session=panel).role == "moderator"


def test_new_speaker_needs_a_name(organiser_client, event, stage):
    panel = SessionFactory(event=event, stage=stage)

    response = organiser_client.post(
        f"/veranstalten/veranstaltungen/fk/programm/{panel.pk}/personen/neu/",
        {"new-first_name": "Jana", "new-role": "moderator"},
        **HTMX,
    )

    html = response.content.decode()
    assert 'id="new-speaker-form-errors"' in html
    assert "Dieses Feld ist zwingend erforderlich." in text(html)
    assert not Speaker.objects.exists()


def test_speaker_form_refuses_a_photo_over_2_mb(organiser_client, team):
    buffer = io.BytesIO()
    Image.effect_noise((1400, 1400), 100).convert("RGB").save(buffer, format="PNG")
    assert buffer.tell() > 2 * 1024 * 1024

    response = organiser_client.post(
        f"/veranstalten/teams/{team.pk}/referierende/neu/",
        {
            "first_name": "Jana",
            "last_name": "Beispiel",
            "photo": SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png"),
        },
    )

    assert "Das Foto darf höchstens 2 MB groß sein." in main_text(response)
    assert not Speaker.objects.exists()


def test_stage_create_and_delete(organiser_client, event):
    organiser_client.post("/veranstalten/veranstaltungen/fk/buehnen/neu/", {"name": "Livestream"})
    stage = event.stages.get()
    session = SessionFactory(event=event, stage=stage)

    confirmation = organiser_client.get(
        f"/veranstalten/veranstaltungen/fk/buehnen/{stage.pk}/loeschen/"
    )
    organiser_client.post(f"/veranstalten/veranstaltungen/fk/buehnen/{stage.pk}/loeschen/")

    session.refresh_from_db()
    assert "Ihr 1 Programmpunkt bleibt im Programm, ohne Bühne." in main_text(confirmation)
    assert (event.stages.count(), session.stage) == (0, None)


def test_event_duplicate_copies_the_programme(organiser_client, event, stage):
    SessionFactory(event=event, stage=stage, starts_at=at(9, 45), ends_at=at(10, 45))

    response = organiser_client.post(
        "/veranstalten/veranstaltungen/fk/duplizieren/",
        {"starts_on": "2021-06-18", "title": "3. Fachkonferenz", "slug": "fk-2021"},
    )

    copy = Event.objects.get(slug="fk-2021")
    assert response.status_code == 302
    assert response.url == "/veranstalten/veranstaltungen/fk-2021/"
    assert (copy.title, copy.status, copy.sessions.count(), copy.stages.count()) == (
        "3. Fachkonferenz",
        EventStatus.DRAFT,
        1,
        1,
    )
    assert copy.sessions.get().starts_at == datetime.datetime(2021, 6, 18, 9, 45, tzinfo=BERLIN)
