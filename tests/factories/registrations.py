import datetime

import factory
from django.utils import timezone

from registrations.enums import QuestionKind, RegistrationStatus, SessionChoiceStatus
from registrations.models import (
    Answer,
    Question,
    Registration,
    RegistrationSettings,
    SessionChoice,
    SessionOption,
)
from tests.factories.conferences import EventFactory
from tests.factories.sessions import SessionFactory


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    """Registration open since yesterday, unlimited seats, waiting list on."""

    class Meta:
        model = RegistrationSettings
        django_get_or_create = ["event"]

    event = factory.SubFactory(EventFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    capacity = None


class SessionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionOption

    event = factory.SubFactory(EventFactory)
    session = factory.SubFactory(SessionFactory, event=factory.SelfAttribute("..event"))
    capacity = None
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    kind = QuestionKind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"Frage {n}")
    order = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration with accepted privacy notice, made without the services
    (use them to test rules; use this to set up lists and pages)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"teilnehmer{n}@kommune.example")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    status = RegistrationStatus.CONFIRMED
    outcome = ""
    queued_at = factory.LazyFunction(timezone.now)
    privacy_accepted_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "1"
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == RegistrationStatus.CONFIRMED else None
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    registration = factory.SubFactory(RegistrationFactory)
    question = factory.SubFactory(
        QuestionFactory, event=factory.SelfAttribute("..registration.event")
    )
    value = "Antwort"


class SessionChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionChoice

    registration = factory.SubFactory(RegistrationFactory)
    option = factory.SubFactory(
        SessionOptionFactory, event=factory.SelfAttribute("..registration.event")
    )
    status = SessionChoiceStatus.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)
