import datetime

import factory

from sessions.enums import SessionKind, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker, Stage
from tests.factories.conferences import EventFactory, OrganiserTeamFactory


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Bühne {n}")
    order = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    team = factory.SubFactory(OrganiserTeamFactory)
    slug = factory.Sequence(lambda n: f"person-{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    function = "Bürgermeisterin"
    organisation = "Stadt Soest"
    consent_to_show = True


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-hour talk starting when its event starts."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    stage = None
    kind = SessionKind.TALK
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")
    slug = factory.Sequence(lambda n: f"programmpunkt-{n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(
        SpeakerFactory, team=factory.SelfAttribute("..session.event.team")
    )
    role = SpeakerRole.PRESENTER
    order = 0
