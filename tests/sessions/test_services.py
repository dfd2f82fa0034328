"""Programme services: session rules, double bookings, lineup order, speakers, event copies."""

import datetime
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conferences.enums import EventStatus, TeamRole
from conferences.models import ChangeLogEntry, Event
from sessions import services
from sessions.enums import SessionKind, SessionStatus, SpeakerRole
from sessions.models import Session, SessionSpeaker, Stage
from tests.factories.conferences import EventFactory, SeriesFactory, TeamMembershipFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int = 0, *, day: int = 19, month: int = 6, year: int = 2020):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def organiser():
    return TeamMembershipFactory(role=TeamRole.ORGANISER).user


@pytest.fixture
def event(organiser):
    """The 2nd Fachkonferenz: 19 June 2020, 09:30 to 12:15, one stage."""
    return EventFactory(
        team=organiser.organiser_teams.get(),
        title="2. Fachkonferenz",
        slug="fachkonferenz-2020",
        starts_at=at(9, 30),
        ends_at=at(12, 15),
    )


@pytest.fixture
def stage(event):
    return StageFactory(event=event, name="Livestream", order=1)


def session_values(stage, start, end, **overrides):
    return {
        "kind": SessionKind.PANEL,
        "title": "Geht Digitalisierung auch in kleineren Kommunen?",
        "stage": stage,
        "starts_at": start,
        "ends_at": end,
        **overrides,
    }


def test_create_session_inside_the_event_is_scheduled(event, stage, organiser):
    saved = services.create_session(
        event, actor=organiser, values=session_values(stage, at(9, 45), at(10, 45))
    )

    session = Session.objects.get(pk=saved.object.pk)
    assert (session.status, session.slug, session.sequence, saved.warnings) == (
        SessionStatus.SCHEDULED,
        "geht-digitalisierung-auch-in-kleineren-kommunen",
        0,
        [],
    )
    assert ChangeLogEntry.objects.get(action="session_created").changes == {
        "starts_at": {"old": "", "new": "19.06.2020, 09:45–10:45"}
    }


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (
            at(9, 0),
            at(9, 45),
            {
                "starts_at": [
                    "Der Programmpunkt muss innerhalb der Veranstaltung liegen "
                    "(19.06.2020, 09:30–12:15 Uhr)."
                ]
            },
        ),
        (
            at(12, 0),
            at(12, 30),
            {
                "ends_at": [
                    "Der Programmpunkt muss innerhalb der Veranstaltung liegen "
                    "(19.06.2020, 09:30–12:15 Uhr)."
                ]
            },
        ),
        (at(10, 45), at(9, 45), {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}),
        (at(10, 0), at(10, 0), {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}),
    ],
    ids=["starts-before-event", "ends-after-event", "end-before-start", "no-duration"],
)
def test_create_session_rejects_bad_times(event, stage, organiser, start, end, errors):
    with pytest.raises(ValidationError) as raised:
        services.create_session(event, actor=organiser, values=session_values(stage, start, end))

    assert raised.value.message_dict == errors
    assert not Session.objects.exists()


def test_create_session_rejects_an_overlap_on_the_same_stage(event, stage, organiser):
    SessionFactory(
        event=event, stage=stage, title="Begrüßung", starts_at=at(9, 30), ends_at=at(9, 45)
    )

    with pytest.raises(ValidationError) as raised:
        services.create_session(
            event, actor=organiser, values=session_values(stage, at(9, 40), at(10, 45))
        )

    assert raised.value.message_dict == {
        "starts_at": [
            "Auf der Bühne „Livestream“ findet zu dieser Zeit schon „Begrüßung“ statt "
            "(19.06.2020, 09:30–09:45 Uhr)."
        ]
    }


def test_create_session_allows_back_to_back_and_parallel_stages(event, stage, organiser):
    SessionFactory(event=event, stage=stage, starts_at=at(9, 30), ends_at=at(9, 45))
    other_stage = StageFactory(event=event, name="Workshopraum")

    services.create_session(
        event, actor=organiser, values=session_values(stage, at(9, 45), at(10, 45))
    )
    services.create_session(
        event,
        actor=organiser,
        values=session_values(other_stage, at(9, 30), at(10, 45), title="Workshop"),
    )

    assert Session.objects.filter(event=event).count() == 3


def test_create_session_may_overlap_a_cancelled_session(event, stage, organiser):
    SessionFactory(
        event=event,
        stage=stage,
        starts_at=at(9, 45),
        ends_at=at(10, 45),
        status=SessionStatus.CANCELLED,
    )

    saved = services.create_session(
        event, actor=organiser, values=session_values(stage, at(9, 45), at(10, 45))
    )

    assert saved.object.pk is not None


def test_create_session_rejects_a_stage_of_another_event(event, organiser):
    foreign_stage = StageFactory(name="Fremde Bühne")

    with pytest.raises(ValidationError) as raised:
        services.create_session(
            event, actor=organiser, values=session_values(foreign_stage, at(9, 45), at(10, 45))
        )

    assert raised.value.message_dict == {
        "stage": ["Diese Bühne gehört zu einer anderen Veranstaltung."]
    }


def test_update_session_raises_sequence_on_time_but_not_on_abstract(event, stage, organiser):
    session = SessionFactory(event=event, stage=stage, starts_at=at(9, 45), ends_at=at(10, 45))

    services.update_session(session, actor=organiser, changes={"abstract": "Mit Beispielen."})
    after_abstract = Session.objects.get(pk=session.pk).sequence
    services.update_session(session, actor=organiser, changes={"ends_at": at(11, 0)})

    assert (after_abstract, Session.objects.get(pk=session.pk).sequence) == (0, 1)


def test_add_session_speaker_warns_about_a_double_booking(event, stage, organiser):
    minister = SpeakerFactory(team=event.team, first_name="Andreas", last_name="Pinkwart")
    welcome = SessionFactory(
        event=event, stage=stage, title="Begrüßung", starts_at=at(9, 30), ends_at=at(10, 0)
    )
    parallel = SessionFactory(
        event=event,
        stage=StageFactory(event=event, name="Raum 2"),
        title="Parallel",
        starts_at=at(9, 45),
        ends_at=at(10, 45),
    )
    services.add_session_speaker(
        welcome, actor=organiser, speaker=minister, role=SpeakerRole.WELCOME
    )

    saved = services.add_session_speaker(
        parallel, actor=organiser, speaker=minister, role=SpeakerRole.KEYNOTE
    )

    assert saved.warnings == [
        "Andreas Pinkwart ist zur selben Zeit auch für „Begrüßung“ eingeplant "
        "(19.06.2020, 09:30–10:00 Uhr, 2. Fachkonferenz)."
    ]
    assert SessionSpeaker.objects.filter(speaker=minister).count() == 2


def test_add_session_speaker_does_not_warn_for_consecutive_sessions(event, stage, organiser):
    minister = SpeakerFactory(team=event.team)
    welcome = SessionFactory(event=event, stage=stage, starts_at=at(9, 30), ends_at=at(9, 45))
    qa = SessionFactory(event=event, stage=stage, starts_at=at(10, 45), ends_at=at(11, 15))
    services.add_session_speaker(welcome, actor=organiser, speaker=minister, role="welcome")

    saved = services.add_session_speaker(qa, actor=organiser, speaker=minister, role="presenter")

    assert saved.warnings == []


def test_add_session_speaker_rejects_a_speaker_of_another_team(event, stage, organiser):
    session = SessionFactory(event=event, stage=stage)

    with pytest.raises(ValidationError) as raised:
        services.add_session_speaker(
            session, actor=organiser, speaker=SpeakerFactory(), role=SpeakerRole.PANELIST
        )

    assert raised.value.message_dict == {"speaker": ["Diese Person gehört zu einem anderen Team."]}


def test_add_session_speaker_rejects_the_same_role_twice(event, stage, organiser):
    session = SessionFactory(event=event, stage=stage)
    person = SpeakerFactory(team=event.team, first_name="Jana", last_name="Beispiel")
    services.add_session_speaker(session, actor=organiser, speaker=person, role="moderator")

    with pytest.raises(ValidationError) as raised:
        services.add_session_speaker(session, actor=organiser, speaker=person, role="moderator")

    assert raised.value.message_dict == {
        "speaker": ["Jana Beispiel ist hier schon in der Rolle „Moderation“ eingetragen."]
    }


def lineup(session):
    return [
        (entry.speaker.last_name, entry.role, entry.order)
        for entry in SessionSpeaker.objects.filter(session=session).order_by("order")
    ]


def test_lineup_keeps_order_and_moves_up_and_down(event, stage, organiser):
    panel = SessionFactory(event=event, stage=stage)
    people = [
        SpeakerFactory(team=event.team, last_name=name) for name in ("Moderatorin", "A", "B", "C")
    ]
    entries = [
        services.add_session_speaker(panel, actor=organiser, speaker=people[0], role="moderator")
    ]
    for person in people[1:]:
        entries.append(
            services.add_session_speaker(panel, actor=organiser, speaker=person, role="panelist")
        )

    services.move_session_speaker(entries[3].object, actor=organiser, direction="up")
    services.move_session_speaker(entries[0].object, actor=organiser, direction="up")
    services.move_session_speaker(entries[1].object, actor=organiser, direction="down")

    assert lineup(panel) == [
        ("Moderatorin", "moderator", 0),
        ("C", "panelist", 1),
        ("A", "panelist", 2),
        ("B", "panelist", 3),
    ]


def test_remove_session_speaker_closes_the_gap(event, stage, organiser):
    panel = SessionFactory(event=event, stage=stage)
    entries = [
        services.add_session_speaker(
            panel,
            actor=organiser,
            speaker=SpeakerFactory(team=event.team, last_name=name),
            role="panelist",
        ).object
        for name in ("A", "B", "C")
    ]

    services.remove_session_speaker(entries[0], actor=organiser)

    assert lineup(panel) == [("B", "panelist", 0), ("C", "panelist", 1)]
    assert ChangeLogEntry.objects.filter(action="speaker_removed").count() == 1


def test_create_stage_appends_and_refuses_a_duplicate_name(event, organiser):
    first = services.create_stage(event, actor=organiser, name="Livestream")
    second = services.create_stage(event, actor=organiser, name="Raum 2")

    with pytest.raises(ValidationError) as raised:
        services.create_stage(event, actor=organiser, name="livestream")

    assert (first.order, second.order) == (1, 2)
    assert raised.value.message_dict == {
        "name": ["Eine Bühne mit diesem Namen gibt es in dieser Veranstaltung schon."]
    }


def test_delete_stage_keeps_its_sessions_without_stage(event, stage, organiser):
    session = SessionFactory(event=event, stage=stage)

    services.delete_stage(stage, actor=organiser)

    session.refresh_from_db()
    assert (session.stage, session.sequence) == (None, 1)
    assert not Stage.objects.filter(event=event).exists()


def image_upload(name: str, image_format: str, size=(40, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#004b76").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format}")


def test_create_speaker_accepts_a_png_photo(event, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    speaker = services.create_speaker(
        event.team,
        actor=organiser,
        values={
            "academic_title": "Prof. Dr.",
            "first_name": "Andreas",
            "last_name": "Pinkwart",
            "function": "Minister",
            "photo": image_upload("minister.png", "PNG"),
            "consent_to_show": True,
        },
    )

    assert (speaker.slug, speaker.display_name) == (
        "andreas-pinkwart",
        "Prof. Dr. Andreas Pinkwart",
    )
    assert speaker.photo.name.startswith("speakers/minister")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
            "Diese Datei ist kein lesbares Bild (JPEG, PNG oder WebP).",
        ),
        (
            SimpleUploadedFile("gross.jpg", b"\xff" * (2 * 1024 * 1024 + 1)),
            "Das Foto darf höchstens 2 MB groß sein.",
        ),
    ],
    ids=["not-an-image", "too-large"],
)
def test_create_speaker_refuses_bad_photos(event, organiser, upload, message):
    with pytest.raises(ValidationError) as raised:
        services.create_speaker(
            event.team,
            actor=organiser,
            values={"first_name": "Jana", "last_name": "Beispiel", "photo": upload},
        )

    assert raised.value.message_dict == {"photo": [message]}


def test_create_speaker_refuses_a_gif_even_if_it_is_an_image(event, organiser):
    with pytest.raises(ValidationError) as raised:
        services.validate_photo(image_upload("bild.gif", "GIF"))

    assert raised.value.message_dict == {
        "photo": ["Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch."]
    }


def test_duplicate_event_copies_the_programme_to_the_new_date(event, stage, organiser):
    series = SeriesFactory(team=event.team, name="Fachkonferenz")
    Event.objects.filter(pk=event.pk).update(series=series, series_number=2)
    event.refresh_from_db()
    side = StageFactory(event=event, name="Raum 2", order=5)
    panel = SessionFactory(
        event=event,
        stage=stage,
        kind="panel",
        slug="panel-1",
        starts_at=at(9, 45),
        ends_at=at(10, 45),
    )
    SessionFactory(event=event, stage=side, slug="workshop", starts_at=at(11), ends_at=at(12))
    for order, (name, role) in enumerate(
        [("Moderatorin", "moderator"), ("A", "panelist"), ("B", "panelist")]
    ):
        SessionSpeaker.objects.create(
            session=panel,
            speaker=SpeakerFactory(team=event.team, last_name=name),
            role=role,
            order=order,
        )

    # Winter time: the wall-clock times stay, the UTC offset changes.
    copy = services.duplicate_event(event, actor=organiser, starts_on=datetime.date(2021, 1, 15))

    copy.refresh_from_db()
    assert (copy.status, copy.series_number, copy.slug, copy.published_at, copy.sequence) == (
        EventStatus.DRAFT,
        3,
        "2-fachkonferenz-2021-01-15",
        None,
        0,
    )
    assert (copy.starts_at, copy.ends_at) == (
        at(9, 30, day=15, month=1, year=2021),
        at(12, 15, day=15, month=1, year=2021),
    )
    assert list(copy.stages.values_list("name", "order")) == [
        ("Livestream", 1),
        ("Raum 2", 5),
    ]
    copied = list(
        Session.objects.filter(event=copy)
        .order_by("starts_at")
        .values_list("slug", "stage__name", "starts_at", "ends_at")
    )
    assert copied == [
        (
            "panel-1",
            "Livestream",
            at(9, 45, day=15, month=1, year=2021),
            at(10, 45, day=15, month=1, year=2021),
        ),
        (
            "workshop",
            "Raum 2",
            at(11, day=15, month=1, year=2021),
            at(12, day=15, month=1, year=2021),
        ),
    ]
    assert lineup(Session.objects.get(event=copy, slug="panel-1")) == [
        ("Moderatorin", "moderator", 0),
        ("A", "panelist", 1),
        ("B", "panelist", 2),
    ]
    assert Session.objects.filter(event=event).count() == 2


def test_update_speaker_renamed_raises_the_sequence_of_their_sessions(event, stage, organiser):
    role = SessionSpeakerFactory(
        session=SessionFactory(event=event, stage=stage), speaker__last_name="Alt"
    )

    services.update_speaker(role.speaker, actor=organiser, changes={"last_name": "Neu"})
    services.update_speaker(role.speaker, actor=organiser, changes={"bio": "Kurz."})

    role.speaker.refresh_from_db()
    assert (role.speaker.last_name, role.speaker.sequence) == ("Neu", 1)
    assert Session.objects.get(pk=role.session_id).sequence == 1
    assert list(
        ChangeLogEntry.objects.filter(action="speaker_updated")
        .order_by("pk")
        .values_list("changes", flat=True)
    ) == [{"last_name": {"old": "Alt", "new": "Neu"}}, {"bio": {"old": "", "new": "Kurz."}}]


def test_update_speaker_removes_the_photo(event, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker = services.create_speaker(
        event.team,
        actor=organiser,
        values={
            "first_name": "Jana",
            "last_name": "Beispiel",
            "photo": image_upload("j.png", "PNG"),
        },
    )

    services.update_speaker(speaker, actor=organiser, changes={"photo": False})

    speaker.refresh_from_db()
    assert not speaker.photo
    assert list(tmp_path.joinpath("speakers").iterdir()) == []
