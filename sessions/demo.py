"""Demo data of the programme: stages, speakers and sessions of the demo events.

Runs after ``conferences.demo``, which creates the events. Apart from the minister, who
held the office in 2020, every person here is fictional and says so in the biography.
One panelist has not consented to be shown, so the public pages' "N. N." handling has a case.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conferences.demo import (
    CONFERENCE_2020,
    CONSULTING_2027,
    GELSENKIRCHEN,
    MINISTRY,
    MOEHNESEE,
    PADERBORN,
    SOEST,
    TEAM,
    TRANSFER_2027,
    WORKSHOP_2027,
    WUPPERTAL,
    at,
    demo_municipalities,
    ensure,
)
from conferences.models import Event, OrganiserTeam
from core.demo_users import ORGANISER
from core.models import User
from sessions.enums import SessionKind, SessionStatus, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker, Stage

FICTIONAL = "Fiktive Person der Demo-Daten."


@dataclass(frozen=True)
class DemoSpeaker:
    slug: str
    first_name: str
    last_name: str
    function: str
    organisation: str = ""
    academic_title: str = ""
    municipality_ags: str = ""
    bio: str = ""
    consent_to_show: bool = True
    user_email: str = ""


@dataclass(frozen=True)
class DemoSession:
    slug: str
    stage: str
    kind: SessionKind
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    abstract: str = ""
    live_qa: bool = False
    # (speaker slug, role), in lineup order.
    speakers: list[tuple[str, SpeakerRole]] = field(default_factory=list)


SPEAKERS = [
    DemoSpeaker(
        slug="andreas-pinkwart",
        academic_title="Prof. Dr.",
        first_name="Andreas",
        last_name="Pinkwart",
        function=(
            "Minister für Wirtschaft, Innovation, Digitalisierung und Energie "
            "des Landes Nordrhein-Westfalen"
        ),
        organisation=MINISTRY,
        bio=(
            "Von 2017 bis 2022 Minister für Wirtschaft, Innovation, Digitalisierung und "
            "Energie des Landes Nordrhein-Westfalen."
        ),
    ),
    DemoSpeaker(
        slug="julia-brenner",
        first_name="Julia",
        last_name="Brenner",
        function="Journalistin und Moderatorin",
        bio=f"{FICTIONAL} Moderiert seit vielen Jahren Fachveranstaltungen zur Verwaltung.",
    ),
    DemoSpeaker(
        slug="petra-lindemann",
        first_name="Petra",
        last_name="Lindemann",
        function="Digitalisierungsbeauftragte",
        organisation="Gemeinde Möhnesee",
        municipality_ags=MOEHNESEE,
        bio=f"{FICTIONAL} Baut die digitale Verwaltung einer Gemeinde mit 12.000 Menschen auf.",
    ),
    DemoSpeaker(
        slug="markus-feldmann",
        academic_title="Dr.",
        first_name="Markus",
        last_name="Feldmann",
        function="Referent für digitale Verwaltung",
        organisation="Kreis Paderborn",
        bio=f"{FICTIONAL} Unterstützt die kreisangehörigen Kommunen bei gemeinsamen Diensten.",
    ),
    DemoSpeaker(
        slug="thomas-berger",
        first_name="Thomas",
        last_name="Berger",
        function="Sachgebietsleiter E-Government",
        organisation="Stadt Soest",
        municipality_ags=SOEST,
        bio=f"{FICTIONAL} Verantwortet die digitalen Antragsverfahren der Stadt.",
    ),
    DemoSpeaker(
        slug="anna-vogt",
        first_name="Anna",
        last_name="Vogt",
        function="Projektleiterin Smarte Dörfer",
        organisation="Gemeinde Möhnesee",
        municipality_ags=MOEHNESEE,
        bio=f"{FICTIONAL} Hat der Veröffentlichung ihrer Angaben nicht zugestimmt.",
        consent_to_show=False,
    ),
    DemoSpeaker(
        slug="sabine-krueger",
        first_name="Sabine",
        last_name="Krüger",
        function="Journalistin und Moderatorin",
        bio=f"{FICTIONAL} Schreibt über Digitalisierung in Ländern und Kommunen.",
    ),
    DemoSpeaker(
        slug="claudia-reinhardt",
        first_name="Claudia",
        last_name="Reinhardt",
        function="Referentin im Referat Digitale Verwaltung",
        organisation=MINISTRY,
        bio=f"{FICTIONAL} Begleitet die Digitalen Modellregionen aus Sicht des Landes.",
    ),
    DemoSpeaker(
        slug="stefan-kaiser",
        first_name="Stefan",
        last_name="Kaiser",
        function="Bereichsleiter Kommunale Fachverfahren",
        organisation="Kommunaler IT-Dienstleister (Demo)",
        bio=f"{FICTIONAL} Betreibt Fachverfahren für mehr als 30 Kommunen.",
    ),
    DemoSpeaker(
        slug="lea-hartmann",
        academic_title="Prof. Dr.",
        first_name="Lea",
        last_name="Hartmann",
        function="Professorin für Verwaltungsinformatik",
        organisation="Forschungsinstitut Digitale Kommune (Demo)",
        bio=f"{FICTIONAL} Forscht dazu, wie Kommunen Lösungen gemeinsam nutzen.",
    ),
    DemoSpeaker(
        slug="mehmet-yilmaz",
        first_name="Mehmet",
        last_name="Yılmaz",
        function="Projektleiter Digitale Modellregion",
        organisation="Stadt Gelsenkirchen",
        municipality_ags=GELSENKIRCHEN,
        bio=f"{FICTIONAL} Leitet Projekte zu offenen Daten und vernetzter Stadt.",
    ),
    DemoSpeaker(
        slug="birgit-lorenz",
        first_name="Birgit",
        last_name="Lorenz",
        function="Digitalisierungsbeauftragte",
        organisation="Stadt Wuppertal",
        municipality_ags=WUPPERTAL,
        bio=f"{FICTIONAL} Vertritt das Bergische Städtedreieck mit Solingen und Remscheid.",
    ),
    DemoSpeaker(
        slug="jan-peters",
        first_name="Jan",
        last_name="Peters",
        function="Mobilitätsmanager",
        organisation="Stadt Paderborn",
        municipality_ags=PADERBORN,
        bio=f"{FICTIONAL} Plant Angebote für Mobilität auf dem Land.",
    ),
    DemoSpeaker(
        slug="katrin-brandt",
        first_name="Katrin",
        last_name="Brandt",
        function="Referentin Veranstaltungen",
        organisation=TEAM,
        bio=f"{FICTIONAL} Organisiert die Veranstaltungen der Geschäftsstelle.",
        user_email=ORGANISER.email,
    ),
]

# (event slug, stage names in order, sessions)
PROGRAMMES: list[tuple[str, list[str], list[DemoSession]]] = [
    (
        CONFERENCE_2020,
        ["Livestream"],
        [
            DemoSession(
                slug="begruessung",
                stage="Livestream",
                kind=SessionKind.WELCOME,
                title="Begrüßung durch den Minister",
                starts_at=at(2020, 6, 19, 9, 30),
                ends_at=at(2020, 6, 19, 9, 45),
                abstract=(
                    "Der Minister für Wirtschaft, Innovation, Digitalisierung und Energie "
                    "eröffnet die zweite Fachkonferenz."
                ),
                speakers=[("andreas-pinkwart", SpeakerRole.WELCOME)],
            ),
            DemoSession(
                slug="podium-kleinere-kommunen",
                stage="Livestream",
                kind=SessionKind.PANEL,
                title="Geht Digitalisierung auch in kleineren Kommunen?",
                starts_at=at(2020, 6, 19, 9, 45),
                ends_at=at(2020, 6, 19, 10, 45),
                abstract=(
                    "Wenig Personal, knappe Mittel, hohe Erwartungen: Fachleute aus Gemeinden "
                    "und Kreisen berichten, was kleineren Kommunen hilft."
                ),
                speakers=[
                    ("julia-brenner", SpeakerRole.MODERATOR),
                    ("petra-lindemann", SpeakerRole.PANELIST),
                    ("markus-feldmann", SpeakerRole.PANELIST),
                    ("thomas-berger", SpeakerRole.PANELIST),
                    ("anna-vogt", SpeakerRole.PANELIST),
                ],
            ),
            DemoSession(
                slug="der-minister-beantwortet-ihre-fragen",
                stage="Livestream",
                kind=SessionKind.QA,
                title="Der Minister beantwortet Ihre Fragen",
                starts_at=at(2020, 6, 19, 10, 45),
                ends_at=at(2020, 6, 19, 11, 15),
                abstract="Stellen Sie Ihre Fragen im Livestream; die Moderation wählt sie aus.",
                live_qa=True,
                speakers=[
                    ("andreas-pinkwart", SpeakerRole.PRESENTER),
                    ("julia-brenner", SpeakerRole.MODERATOR),
                ],
            ),
            DemoSession(
                slug="podium-gemeinsam-von-loesungen-profitieren",
                stage="Livestream",
                kind=SessionKind.PANEL,
                title="Gemeinsam von Lösungen profitieren?",
                starts_at=at(2020, 6, 19, 11, 15),
                ends_at=at(2020, 6, 19, 12, 15),
                abstract=(
                    "Landesverwaltung, kommunale IT-Dienstleister, Forschung und Kommunen "
                    "diskutieren, wie eine erprobte Lösung in viele Kommunen kommt."
                ),
                speakers=[
                    ("sabine-krueger", SpeakerRole.MODERATOR),
                    ("claudia-reinhardt", SpeakerRole.PANELIST),
                    ("stefan-kaiser", SpeakerRole.PANELIST),
                    ("lea-hartmann", SpeakerRole.PANELIST),
                    ("mehmet-yilmaz", SpeakerRole.PANELIST),
                    ("birgit-lorenz", SpeakerRole.PANELIST),
                ],
            ),
        ],
    ),
    (
        TRANSFER_2027,
        ["Plenum", "Werkstattraum"],
        [
            DemoSession(
                slug="begruessung",
                stage="Plenum",
                kind=SessionKind.WELCOME,
                title="Begrüßung",
                starts_at=at(2027, 3, 18, 10),
                ends_at=at(2027, 3, 18, 10, 20),
                speakers=[("katrin-brandt", SpeakerRole.HOST)],
            ),
            DemoSession(
                slug="was-fuenf-modellregionen-gelernt-haben",
                stage="Plenum",
                kind=SessionKind.KEYNOTE,
                title="Was fünf Modellregionen gelernt haben",
                starts_at=at(2027, 3, 18, 10, 20),
                ends_at=at(2027, 3, 18, 11),
                abstract="Ergebnisse der Begleitforschung: was sich übertragen lässt, was nicht.",
                speakers=[("lea-hartmann", SpeakerRole.KEYNOTE)],
            ),
            DemoSession(
                slug="werkstatt-a-buergerdienste",
                stage="Plenum",
                kind=SessionKind.WORKSHOP,
                title="Werkstatt A: Digitale Bürgerdienste gemeinsam nutzen",
                starts_at=at(2027, 3, 18, 11, 15),
                ends_at=at(2027, 3, 18, 12, 30),
                abstract="Wie Soest und Wuppertal Antragsverfahren teilen, Schritt für Schritt.",
                speakers=[
                    ("thomas-berger", SpeakerRole.PRESENTER),
                    ("birgit-lorenz", SpeakerRole.PRESENTER),
                ],
            ),
            DemoSession(
                slug="werkstatt-b-mobilitaet",
                stage="Werkstattraum",
                kind=SessionKind.WORKSHOP,
                title="Werkstatt B: Mobilität im ländlichen Raum",
                starts_at=at(2027, 3, 18, 11, 15),
                ends_at=at(2027, 3, 18, 12, 30),
                abstract="Rufbus, Mitfahrbank und Daten: Erfahrungen aus Paderborn und Umgebung.",
                speakers=[("jan-peters", SpeakerRole.PRESENTER)],
            ),
            DemoSession(
                slug="mittagspause",
                stage="Plenum",
                kind=SessionKind.BREAK,
                title="Mittagspause",
                starts_at=at(2027, 3, 18, 12, 30),
                ends_at=at(2027, 3, 18, 13, 30),
            ),
            DemoSession(
                slug="werkstatt-c-offene-daten",
                stage="Plenum",
                kind=SessionKind.WORKSHOP,
                title="Werkstatt C: Offene Daten in der Kommune",
                starts_at=at(2027, 3, 18, 13, 30),
                ends_at=at(2027, 3, 18, 14, 45),
                abstract="Vom ersten Datensatz zum Portal: was Gelsenkirchen veröffentlicht.",
                speakers=[("mehmet-yilmaz", SpeakerRole.PRESENTER)],
            ),
            DemoSession(
                slug="werkstatt-d-informationssicherheit",
                stage="Werkstattraum",
                kind=SessionKind.WORKSHOP,
                title="Werkstatt D: Informationssicherheit für kleine Verwaltungen",
                starts_at=at(2027, 3, 18, 13, 30),
                ends_at=at(2027, 3, 18, 14, 45),
                abstract="Grundschutz mit wenig Personal: was zuerst zu tun ist.",
                speakers=[("stefan-kaiser", SpeakerRole.PRESENTER)],
            ),
            DemoSession(
                slug="austausch-und-ausklang",
                stage="Plenum",
                kind=SessionKind.NETWORKING,
                title="Austausch und Ausklang",
                starts_at=at(2027, 3, 18, 15),
                ends_at=at(2027, 3, 18, 16),
            ),
        ],
    ),
    (
        WORKSHOP_2027,
        ["Ratssaal"],
        [
            DemoSession(
                slug="begruessung",
                stage="Ratssaal",
                kind=SessionKind.WELCOME,
                title="Begrüßung durch die Stadt Soest",
                starts_at=at(2027, 2, 10, 9),
                ends_at=at(2027, 2, 10, 9, 15),
                speakers=[("thomas-berger", SpeakerRole.WELCOME)],
            ),
            DemoSession(
                slug="arbeit-in-gruppen",
                stage="Ratssaal",
                kind=SessionKind.WORKSHOP,
                title="Digitale Anträge: Erfahrungen und nächste Schritte",
                starts_at=at(2027, 2, 10, 9, 15),
                ends_at=at(2027, 2, 10, 12),
                abstract=(
                    "Einblick in die Praxis der Stadt Soest, danach Arbeit in kleinen Gruppen."
                ),
                speakers=[
                    ("katrin-brandt", SpeakerRole.MODERATOR),
                    ("thomas-berger", SpeakerRole.PRESENTER),
                ],
            ),
            DemoSession(
                slug="imbiss-und-austausch",
                stage="Ratssaal",
                kind=SessionKind.NETWORKING,
                title="Imbiss und Austausch",
                starts_at=at(2027, 2, 10, 12),
                ends_at=at(2027, 2, 10, 13),
            ),
        ],
    ),
    (
        CONSULTING_2027,
        ["Videokonferenz"],
        [
            DemoSession(
                slug="einfuehrung",
                stage="Videokonferenz",
                kind=SessionKind.TALK,
                title="Einführung: Beratungsangebot und Förderung",
                starts_at=at(2027, 4, 15, 9),
                ends_at=at(2027, 4, 15, 9, 30),
                speakers=[("katrin-brandt", SpeakerRole.PRESENTER)],
            ),
            DemoSession(
                slug="einzelberatungen",
                stage="Videokonferenz",
                kind=SessionKind.WORKSHOP,
                title="Einzelberatungen nach Vereinbarung",
                starts_at=at(2027, 4, 15, 9, 30),
                ends_at=at(2027, 4, 15, 15),
                abstract="Halbstündige Gespräche; den Termin vereinbaren Sie bei der Anmeldung.",
                speakers=[("katrin-brandt", SpeakerRole.HOST)],
            ),
        ],
    ),
]


def seed_programmes(report: Callable[[str], None]) -> None:
    """Create the speakers of the demo team and the programmes of the demo events."""
    team = OrganiserTeam.objects.get(name=TEAM)
    speakers = _ensure_speakers(team)
    events = Event.objects.in_bulk([slug for slug, _, _ in PROGRAMMES], field_name="slug")
    for event_slug, stage_names, sessions in PROGRAMMES:
        event = events[event_slug]
        stages = {
            name: ensure(Stage, {"order": order}, event=event, name=name)
            for order, name in enumerate(stage_names)
        }
        for demo_session in sessions:
            _ensure_session(
                event, demo_session, stage=stages[demo_session.stage], speakers=speakers
            )
        report(f"{event.title}: {len(stages)} Bühne(n), {len(sessions)} Programmpunkte")


def _ensure_speakers(team: OrganiserTeam) -> dict[str, Speaker]:
    municipalities = demo_municipalities()
    users = User.objects.in_bulk(
        [s.user_email for s in SPEAKERS if s.user_email], field_name="email"
    )
    speakers = {}
    for demo_speaker in SPEAKERS:
        values: dict[str, Any] = {
            "team": team,
            "academic_title": demo_speaker.academic_title,
            "first_name": demo_speaker.first_name,
            "last_name": demo_speaker.last_name,
            "function": demo_speaker.function,
            "organisation": demo_speaker.organisation,
            "municipality": municipalities.get(demo_speaker.municipality_ags),
            "bio": demo_speaker.bio,
            "consent_to_show": demo_speaker.consent_to_show,
            "user": users.get(demo_speaker.user_email),
        }
        speakers[demo_speaker.slug] = ensure(Speaker, values, slug=demo_speaker.slug)
    return speakers


def _ensure_session(
    event: Event, demo_session: DemoSession, *, stage: Stage, speakers: dict[str, Speaker]
) -> None:
    values = {
        "stage": stage,
        "kind": demo_session.kind,
        "title": demo_session.title,
        "starts_at": demo_session.starts_at,
        "ends_at": demo_session.ends_at,
        "abstract": demo_session.abstract,
        "language": "de",
        "live_qa": demo_session.live_qa,
        "status": SessionStatus.SCHEDULED,
    }
    session = ensure(Session, values, event=event, slug=demo_session.slug)
    for order, (speaker_slug, role) in enumerate(demo_session.speakers):
        ensure(
            SessionSpeaker,
            {"order": order},
            session=session,
            speaker=speakers[speaker_slug],
            role=role,
        )
